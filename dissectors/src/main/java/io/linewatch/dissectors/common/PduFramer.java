package io.linewatch.dissectors.common;

import io.linewatch.capture.flow.Direction;

/**
 * Cuts one direction of a reassembled TCP stream into PDUs: several PDUs in one segment, one PDU
 * split over segments, and re-synchronisation after a gap or on a stream joined mid-way (the framer
 * slides byte by byte until the protocol's {@link Framing#frameLength} accepts a header).
 * Bounded: a PDU longer than {@code maxPdu} is refused before it is buffered.
 */
public final class PduFramer {
    /** What a protocol tells the framer about the bytes at the head of the stream. */
    public interface Framing {
        /** Returned by {@link #frameLength} when more bytes are needed to decide. */
        int NEED_MORE = 0;
        /** Returned by {@link #frameLength} when these bytes cannot start a PDU. */
        int NOT_A_HEADER = -1;

        /**
         * @return the whole PDU's length (&gt; 0), {@link #NEED_MORE}, or {@link #NOT_A_HEADER}
         */
        int frameLength(byte[] b, int off, int available);

        /** One complete PDU. */
        void onPdu(Direction dir, byte[] b, int off, int len, long timestampNanos);

        /** {@code count} bytes never became a PDU, for {@code reason}. */
        default void onSkipped(Direction dir, int count, SkipReason reason, long timestampNanos) {
        }
    }

    /** Why bytes were skipped. */
    public enum SkipReason {
        /** They do not frame as the protocol (garbage, a stream joined mid-PDU): the framer slid over them. */
        NO_HEADER,
        /** A capture gap cut the PDU they belonged to. */
        GAP,
        /** The protocol discarded bytes it held ({@link PduFramer#discard}) to start again at a better place. */
        DISCARDED
    }

    private final Framing framing;
    private final Direction dir;
    private final int maxPdu;
    /** First size of the holding buffer; it is made only when a PDU must wait for more bytes (most never do). */
    private static final int INITIAL_BUFFER = 512;
    private static final byte[] NONE = new byte[0];

    private byte[] buf = NONE;
    private int start;
    private int end;
    private boolean synced;

    /**
     * @param startSynced true when the stream is known to start at a PDU boundary (handshake seen);
     *                    even then a header that does not fit starts a resync
     */
    public PduFramer(Framing framing, Direction dir, int maxPdu, boolean startSynced) {
        this.framing = framing;
        this.dir = dir;
        this.maxPdu = maxPdu;
        this.synced = startSynced;
    }

    public void onData(byte[] b, int off, int len, long ts) {
        if (end == start && synced) {
            // fast path: parse straight from the caller's buffer, keep only the tail
            int used = parse(b, off, len, ts);
            if (used < len) {
                append(b, off + used, len - used);
            }
            return;
        }
        append(b, off, len);
        int used = parse(buf, start, end - start, ts);
        start += used;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** Bytes went missing: whatever is buffered is an incomplete PDU; find the next header. */
    public void onGap(long ts) {
        drop(SkipReason.GAP, ts);
    }

    /** Drops whatever is held (the protocol has a better place to start, e.g. the start of a new segment). */
    public void discard(long ts) {
        drop(SkipReason.DISCARDED, ts);
    }

    private void drop(SkipReason reason, long ts) {
        if (end > start) {
            framing.onSkipped(dir, end - start, reason, ts);
        }
        start = 0;
        end = 0;
        synced = false;
    }

    /** True while the framer is at a PDU boundary it trusts (stream start with handshake, or after a PDU). */
    public boolean synced() {
        return synced;
    }

    /** Bytes held that never became a PDU (reported at the end of the flow). */
    public int buffered() {
        return end - start;
    }

    private int parse(byte[] b, int off, int len, long ts) {
        int pos = off;
        int limit = off + len;
        int skipped = 0;
        while (pos < limit) {
            int avail = limit - pos;
            int n = framing.frameLength(b, pos, avail);
            if (n == Framing.NOT_A_HEADER || n > maxPdu) {
                synced = false;
                pos++;
                skipped++;
                continue;
            }
            if (n == Framing.NEED_MORE || n > avail) {
                break;
            }
            if (skipped > 0) {
                framing.onSkipped(dir, skipped, SkipReason.NO_HEADER, ts);
                skipped = 0;
            }
            synced = true;
            framing.onPdu(dir, b, pos, n, ts);
            pos += n;
        }
        if (skipped > 0) {
            framing.onSkipped(dir, skipped, SkipReason.NO_HEADER, ts);
        }
        return pos - off;
    }

    private void append(byte[] b, int off, int len) {
        if (end + len > buf.length) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end + len > buf.length) {
                byte[] bigger = new byte[Math.max(end + len, Math.max(INITIAL_BUFFER, buf.length * 2))];
                System.arraycopy(buf, 0, bigger, 0, end);
                buf = bigger;
            }
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }
}
