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
    /** Capture time of the last bytes delivered: deliveries never go back in time. */
    private long lastDelivery = Long.MIN_VALUE;
    private long delivered;
    private long retransmitted;
    /**
     * Made at the first hole, gap or segment beyond the window: most streams never have one, and a flow table holds
     * two streams per connection (64 bytes each without it; 120 with its fields in the stream).
     */
    private Irregular irregular;

    /** What only a stream with holes, gaps or sequence jumps needs. */
    private static final class Irregular {
        NavigableMap<Long, Held> pending = NONE_HELD;
        int pendingBytes;
        long gaps;
        long gapBytes;
        long capHits;
        long outOfWindow;
        long outOfWindowSegments;
        long resyncs;
        /**
         * The last segment seen beyond the window (one segment, so bounded by the frame size): if the next one
         * continues it, the sender really moved its sequence number and the stream follows.
         */
        Held jumpCandidate;
        int jumpCandidateSeq;
    }

    TcpStream(TcpLimits limits) {
        this.limits = limits;
    }

    public Stats stats() {
        Irregular x = irregular;
        return x == null ? new Stats(delivered, 0, 0, retransmitted, 0, 0, 0, 0)
                : new Stats(delivered, x.gaps, x.gapBytes, retransmitted, x.capHits, x.outOfWindow,
                        x.outOfWindowSegments, x.resyncs);
    }

    private Irregular irregular() {
        if (irregular == null) {
            irregular = new Irregular();
        }
        return irregular;
    }

    /** The bytes held after holes (empty for a stream that never had one). */
    private NavigableMap<Long, Held> pending() {
        return irregular == null ? NONE_HELD : irregular.pending;
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
        Irregular x = irregular();
        Held existing = x.pending.get(at);
        if (existing == null || existing.data.length < len) {
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            if (x.pending == NONE_HELD) {
                x.pending = new TreeMap<>();
            }
            x.pending.put(at, new Held(copy, existing == null ? ts : existing.timestampNanos));
            x.pendingBytes += len - (existing == null ? 0 : existing.data.length);
        } else {
            retransmitted += len;
        }
        if (x.pendingBytes > limits.maxBufferedBytesPerDirection()
                || x.pending.size() > limits.maxBufferedSegmentsPerDirection()) {
            x.capHits++;
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
        Irregular x = irregular();
        Held candidate = x.jumpCandidate;
        if (candidate != null && seq == x.jumpCandidateSeq + candidate.data.length) {
            x.jumpCandidate = null;
            x.outOfWindow -= candidate.data.length; // delivered after all
            x.outOfWindowSegments--;
            while (!x.pending.isEmpty()) {
                skipToPending(flow, dir, ts);
            }
            x.resyncs++;
            x.gaps++;
            nextSeq = x.jumpCandidateSeq;
            if (flow.listener != null) {
                flow.listener.onGap(flow, dir, 0, Math.max(candidate.timestampNanos, lastDelivery));
            }
            deliver(flow, dir, candidate.data, 0, candidate.data.length, candidate.timestampNanos);
            deliver(flow, dir, buf, off, len, ts);
            return;
        }
        x.outOfWindow += len;
        x.outOfWindowSegments++;
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        x.jumpCandidate = new Held(copy, ts);
        x.jumpCandidateSeq = seq;
    }

    /** The peer acknowledged up to {@code ack}: bytes before it that we never saw are lost to the capture. */
    void acknowledged(Flow flow, Direction dir, int ack, long ts) {
        NavigableMap<Long, Held> pending = pending();
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
        Irregular x = irregular();
        x.gaps++;
        x.gapBytes += missing;
        nextSeq += missing;
        nextOffset += missing;
        if (flow.listener != null) {
            flow.listener.onGap(flow, dir, missing, ts);
        }
        drain(flow, dir);
    }

    /** Flushes what is held at the end of the flow, reporting the holes. */
    void finish(Flow flow, Direction dir, long ts) {
        while (!pending().isEmpty()) {
            skipToPending(flow, dir, ts);
        }
    }

    /** Declares the hole before the first held bytes lost; it is reported at the time those bytes arrived. */
    private void skipToPending(Flow flow, Direction dir, long ts) {
        Irregular x = irregular;
        Map.Entry<Long, Held> first = x.pending.firstEntry();
        long missing = first.getKey() - nextOffset;
        if (missing > 0) {
            x.gaps++;
            x.gapBytes += missing;
            nextOffset = first.getKey();
            nextSeq += (int) missing;
            if (flow.listener != null) {
                flow.listener.onGap(flow, dir, missing, Math.max(first.getValue().timestampNanos, lastDelivery));
            }
        }
        drain(flow, dir);
    }

    private void drain(Flow flow, Direction dir) {
        Irregular x = irregular;
        if (x == null) {
            return;
        }
        while (!x.pending.isEmpty()) {
            Map.Entry<Long, Held> e = x.pending.firstEntry();
            long at = e.getKey();
            if (at > nextOffset) {
                return;
            }
            x.pending.pollFirstEntry();
            byte[] data = e.getValue().data;
            x.pendingBytes -= data.length;
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
