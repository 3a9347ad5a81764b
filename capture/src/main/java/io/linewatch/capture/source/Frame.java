package io.linewatch.capture.source;

/**
 * One captured frame as the link layer delivered it. Sources reuse one instance and its buffer:
 * whatever must outlive the next {@code next()} call has to be copied.
 */
public final class Frame {
    /** Capture time, nanoseconds since the epoch. */
    public long timestampNanos;
    /** libpcap LINKTYPE_* of the interface the frame was captured on. */
    public int linkType;
    /** Captured bytes are {@code data[0 .. capturedLength)}. */
    public byte[] data = new byte[2048];
    public int capturedLength;
    /** Length on the wire; larger than capturedLength when the snapshot length cut the frame. */
    public int originalLength;

    /** Makes room for {@code length} bytes, keeping nothing. */
    public byte[] ensureCapacity(int length) {
        if (data.length < length) {
            data = new byte[Math.max(length, data.length * 2)];
        }
        return data;
    }

    public void set(long timestampNanos, int linkType, byte[] src, int offset, int length, int originalLength) {
        ensureCapacity(length);
        System.arraycopy(src, offset, data, 0, length);
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.capturedLength = length;
        this.originalLength = originalLength;
    }
}
