package io.linewatch.testkit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic libpcap file (little-endian, version 2.4, link type Ethernet unless given), with microsecond or
 * nanosecond timestamps; tcpdump, tshark and the project's own CaptureFileReader read it. Frames usually come from
 * {@link Frames} or a {@link Conversation}.
 */
public final class PcapWriter implements AutoCloseable {
    /** Timestamp resolution of the file: the magic number tells readers which one. */
    public enum Resolution {
        MICROS(0xa1b2c3d4, 1_000L),
        NANOS(0xa1b23c4d, 1L);

        final int magic;
        final long nanosPerUnit;

        Resolution(int magic, long nanosPerUnit) {
            this.magic = magic;
            this.nanosPerUnit = nanosPerUnit;
        }
    }

    public static final int LINKTYPE_ETHERNET = 1;
    public static final int SNAPLEN = 262_144;

    private final OutputStream out;
    private final Resolution resolution;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private long frames;

    public PcapWriter(OutputStream out, Resolution resolution) {
        this(out, resolution, LINKTYPE_ETHERNET);
    }

    /** A file of another link type ({@code LINKTYPE_*} of tcpdump.org, e.g. 113 Linux cooked, 276 Linux cooked v2). */
    public PcapWriter(OutputStream out, Resolution resolution, int linkType) {
        this.out = out;
        this.resolution = resolution;
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(resolution.magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                .putInt(linkType);
        write(h.array(), 0, 24);
    }

    /** A new file (replacing one that exists). */
    public static PcapWriter create(Path file, Resolution resolution) throws IOException {
        return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)), resolution);
    }

    /** A new file of {@code linkType} (replacing one that exists). */
    public static PcapWriter create(Path file, Resolution resolution, int linkType) throws IOException {
        return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)), resolution, linkType);
    }

    /** One whole frame captured at {@code timestampNanos} (epoch nanoseconds; cut to microseconds if so written). */
    public PcapWriter frame(long timestampNanos, byte[] frame) {
        return frame(timestampNanos, frame, 0, frame.length, frame.length);
    }

    /** A frame of {@code originalLength} bytes on the wire of which {@code length} were captured. */
    public PcapWriter frame(long timestampNanos, byte[] data, int off, int length, int originalLength) {
        if (timestampNanos < 0 || length > SNAPLEN || length > originalLength) {
            throw new IllegalArgumentException("bad frame: ts " + timestampNanos + ", " + length + "/" + originalLength);
        }
        long units = timestampNanos / resolution.nanosPerUnit;
        long perSecond = 1_000_000_000L / resolution.nanosPerUnit;
        header.clear();
        header.putInt((int) (units / perSecond)).putInt((int) (units % perSecond)).putInt(length).putInt(originalLength);
        write(header.array(), 0, 16);
        write(data, off, length);
        frames++;
        return this;
    }

    public long frames() {
        return frames;
    }

    private void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
