package io.linewatch.capture.flow;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reassembles one direction of a TCP connection into the byte stream the receiver got.
 * Positions are 64-bit stream offsets (wrap-safe: sequence numbers are compared as signed
 * 32-bit differences from the next expected one). Retransmitted and overlapping bytes keep the
 * first copy seen. Data after a hole is held until the hole fills, the peer acknowledges past it
 * (the capture lost it), a buffer bound is hit, or the flow ends; then the hole is reported as a gap.
 */
public final class TcpStream {
    /** Figures for the flow record and capture statistics. */
    public record Stats(long deliveredBytes, long gaps, long gapBytes, long retransmittedBytes, long capHits,
                        long outOfWindowBytes, long outOfWindowSegments, long resyncs) {
    }

    /** Largest receive window with window scaling (RFC 7323 section 2.3: 2^30 bytes). */
    static final int MAX_WINDOW = 1 << 30;

    private final TcpLimits limits;
    private boolean started;
    private int nextSeq;
    private long nextOffset;
    /** Bytes that arrived after a hole, with their own capture time. */
    private record Held(byte[] data, long timestampNanos) {
    }

    private static final NavigableMap<Long, Held> NONE_HELD = Collections.emptyNavigableMap();
    /** Made at the first hole: most streams never have one, and a flow table holds two streams per connection. */
    private NavigableMap<Long, Held> pending = NONE_HELD;
    /** Capture time of the last bytes delivered: deliveries never go back in time. */
    private long lastDelivery = Long.MIN_VALUE;
    private int pendingBytes;
    private long delivered;
    private long gaps;
    private long gapBytes;
    private long retransmitted;
    private long capHits;
    private long outOfWindow;
    private long outOfWindowSegments;
    private long resyncs;
    /**
     * The last segment seen beyond the window (one segment, so bounded by the frame size): if the next one
     * continues it, the sender really moved its sequence number and the stream follows.
     */
    private Held jumpCandidate;
    private int jumpCandidateSeq;

    TcpStream(TcpLimits limits) {
        this.limits = limits;
    }

    public Stats stats() {
        return new Stats(delivered, gaps, gapBytes, retransmitted, capHits, outOfWindow, outOfWindowSegments, resyncs);
    }

    boolean started() {
        return started;
    }

    /** A SYN fixes the initial sequence number; data starts one past it. */
    void syn(int seq) {
        if (!started) {
            started = true;
            nextSeq = seq + 1;
        }
    }

    void segment(Flow flow, Direction dir, int seq, byte[] buf, int off, int len, long ts) {
        if (!started) {
            started = true; // joined mid-connection: the first segment seen defines the start
            nextSeq = seq;
        }
        if (len == 0) {
            return;
        }
        int diff = seq - nextSeq;
        if (diff > MAX_WINDOW || diff < -MAX_WINDOW) {
            // beyond the largest window TCP can advertise, either way: no receiver accepts it as it stands
            // (forged or fuzzed sequence numbers, or a sender that jumped); holding it would later report a
            // gap of gigabytes
            outOfWindow(flow, dir, seq, buf, off, len, ts);
            return;
        }
        if (diff < 0) {
            int old = Math.min(-diff, len);
            retransmitted += old;
            if (old == len) {
                return;
            }
            off += old;
            len -= old;
            diff = 0;
        }
        if (diff == 0) {
            deliver(flow, dir, buf, off, len, ts);
            drain(flow, dir);
            return;
        }
        long at = nextOffset + diff;
        Held existing = pending.get(at);
        if (existing == null || existing.data.length < len) {
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            if (pending == NONE_HELD) {
                pending = new TreeMap<>();
            }
            pending.put(at, new Held(copy, existing == null ? ts : existing.timestampNanos));
            pendingBytes += len - (existing == null ? 0 : existing.data.length);
        } else {
            retransmitted += len;
        }
        if (pendingBytes > limits.maxBufferedBytesPerDirection() || pending.size() > limits.maxBufferedSegmentsPerDirection()) {
            capHits++;
            skipToPending(flow, dir, ts);
        }
    }

    /**
     * A segment more than the largest window away from the stream position. A lone one is dropped and
     * counted. When the next such segment continues it, the sender's stream has moved (a sequence jump): what
     * is held is flushed, the jump is reported as a gap (of unknown size: 0 bytes counted) and the stream
     * follows from the first of the two, so one jump never silences the rest of a connection.
     */
    private void outOfWindow(Flow flow, Direction dir, int seq, byte[] buf, int off, int len, long ts) {
        Held candidate = jumpCandidate;
        if (candidate != null && seq == jumpCandidateSeq + candidate.data.length) {
            jumpCandidate = null;
            outOfWindow -= candidate.data.length; // delivered after all
            outOfWindowSegments--;
            while (!pending.isEmpty()) {
                skipToPending(flow, dir, ts);
            }
            resyncs++;
            gaps++;
            nextSeq = jumpCandidateSeq;
            if (flow.listener != null) {
                flow.listener.onGap(flow, dir, 0, Math.max(candidate.timestampNanos, lastDelivery));
            }
            deliver(flow, dir, candidate.data, 0, candidate.data.length, candidate.timestampNanos);
            deliver(flow, dir, buf, off, len, ts);
            return;
        }
        outOfWindow += len;
        outOfWindowSegments++;
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        jumpCandidate = new Held(copy, ts);
        jumpCandidateSeq = seq;
    }

    /** The peer acknowledged up to {@code ack}: bytes before it that we never saw are lost to the capture. */
    void acknowledged(Flow flow, Direction dir, int ack, long ts) {
        if (!started || pending.isEmpty()) {
            return;
        }
        int diff = ack - nextSeq;
        if (diff <= 0) {
            return;
        }
        long ackOffset = nextOffset + diff;
        // one hole per ACK: closing every hole below a single ACK let one out-of-place ACK in the Zeek fuzz
        // capture push the stream past real data (ModbusCaptureTest.fuzzedFunctionCodes)
        if (pending.firstKey() < ackOffset) {
            skipToPending(flow, dir, ts);
        }
    }

    /** The capture cut {@code missing} bytes off the segment just delivered (snapshot length). */
    void lost(Flow flow, Direction dir, int missing, long ts) {
        if (missing <= 0) {
            return;
        }
        gaps++;
        gapBytes += missing;
        nextSeq += missing;
        nextOffset += missing;
        if (flow.listener != null) {
            flow.listener.onGap(flow, dir, missing, ts);
        }
        drain(flow, dir);
    }

    /** Flushes what is held at the end of the flow, reporting the holes. */
    void finish(Flow flow, Direction dir, long ts) {
        while (!pending.isEmpty()) {
            skipToPending(flow, dir, ts);
        }
    }

    /** Declares the hole before the first held bytes lost; it is reported at the time those bytes arrived. */
    private void skipToPending(Flow flow, Direction dir, long ts) {
        Map.Entry<Long, Held> first = pending.firstEntry();
        long missing = first.getKey() - nextOffset;
        if (missing > 0) {
            gaps++;
            gapBytes += missing;
            nextOffset = first.getKey();
            nextSeq += (int) missing;
            if (flow.listener != null) {
                flow.listener.onGap(flow, dir, missing, Math.max(first.getValue().timestampNanos, lastDelivery));
            }
        }
        drain(flow, dir);
    }

    private void drain(Flow flow, Direction dir) {
        while (!pending.isEmpty()) {
            Map.Entry<Long, Held> e = pending.firstEntry();
            long at = e.getKey();
            if (at > nextOffset) {
                return;
            }
            pending.pollFirstEntry();
            byte[] data = e.getValue().data;
            pendingBytes -= data.length;
            int skip = (int) (nextOffset - at);
            if (skip >= data.length) {
                retransmitted += data.length;
                continue;
            }
            retransmitted += skip;
            // held bytes carry the time they were captured (a later ACK only released them), never earlier
            // than what was delivered before them
            deliver(flow, dir, data, skip, data.length - skip, e.getValue().timestampNanos);
        }
    }

    private void deliver(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
        nextSeq += len;
        nextOffset += len;
        delivered += len;
        lastDelivery = Math.max(lastDelivery, ts);
        if (flow.listener != null) {
            flow.listener.onPayload(flow, dir, buf, off, len, lastDelivery);
        }
    }
}
