package io.linewatch.pipeline;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.source.Frame;

/**
 * Decoded packets on their way from the reading thread to one worker, with their bytes copied into slots
 * this batch owns (the reader's frame buffer is reused for the next packet). Batches are recycled, so the
 * steady state allocates nothing.
 */
final class PacketBatch {
    static final int CAPACITY = 512;

    final DecodedPacket[] packets = new DecodedPacket[CAPACITY];
    private final byte[][] buffers = new byte[CAPACITY][];
    /** Global packet number of each packet (the merge key that keeps the output order deterministic). */
    final long[] index = new long[CAPACITY];
    /** The frame as captured, for evidence: its length, original length and link type. */
    final int[] frameLength = new int[CAPACITY];
    final int[] originalLength = new int[CAPACITY];
    final int[] linkType = new int[CAPACITY];
    /** The last fragment's frame of a reassembled datagram (the slot then holds the datagram), else null. */
    private final byte[][] fragmentFrames = new byte[CAPACITY][];
    int size;
    /** Every packet numbered up to this was handed out with this round (set when the round is dispatched). */
    long upTo;
    /** The reader's capture time when the round was dispatched. */
    long clock;
    /** The end of the input: the worker ends every flow after this batch. */
    boolean last;
    /** Live capture with a quiet wire: capture time has reached this (0: not an idle round) ... */
    long idleNanos;
    /** ... after the packet with this number: what the clock ends is ordered after it. */
    long idleIndex;
    /** Capture time the baseline's clock moves to after this round's records (0: none this round). */
    long clockNanos;

    PacketBatch() {
        for (int i = 0; i < CAPACITY; i++) {
            packets[i] = new DecodedPacket();
            buffers[i] = new byte[256];
        }
    }

    boolean full() {
        return size == CAPACITY;
    }

    void add(DecodedPacket p, Frame frame, long packetIndex) {
        // p.buf is the frame's buffer, or a reassembled IPv4 datagram of exactly its own length
        int length = p.buf == frame.data ? frame.capturedLength : p.buf.length;
        byte[] slot = buffers[size];
        if (slot.length < length) {
            slot = new byte[Math.max(length, slot.length * 2)];
            buffers[size] = slot;
        }
        System.arraycopy(p.buf, 0, slot, 0, length);
        packets[size].copyFrom(p, slot);
        index[size] = packetIndex;
        frameLength[size] = frame.capturedLength;
        originalLength[size] = frame.originalLength;
        linkType[size] = frame.linkType;
        fragmentFrames[size] = p.buf == frame.data ? null : java.util.Arrays.copyOf(frame.data, frame.capturedLength);
        size++;
    }

    /** The captured frame of packet {@code i} ({@link #frameLength} bytes). */
    byte[] frame(int i) {
        return fragmentFrames[i] != null ? fragmentFrames[i] : buffers[i];
    }

    void clear() {
        size = 0;
        last = false;
        idleNanos = 0;
        clockNanos = 0;
    }
}
