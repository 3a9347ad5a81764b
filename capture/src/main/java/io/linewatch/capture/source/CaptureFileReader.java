package io.linewatch.capture.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcap and pcapng files in Java, choosing the format by magic number (extensions lie).
 * Offline analysis reads files this way rather than through libpcap: one JNA call per packet is the
 * dominant cost there (see docs/PERFORMANCE.md), and a pull reader lets several files merge by time.
 * {@code CaptureFileReaderLibpcapTest} checks frame-for-frame equality with libpcap on real captures.
 *
 * <p>Formats: pcap (draft-ietf-opsawg-pcap) with micro- or nanosecond magic in either byte order;
 * pcapng (draft-ietf-opsawg-pcapng) section header, interface description (if_tsresol, if_tsoffset),
 * enhanced, simple and obsolete packet blocks; other blocks are skipped.
 */
public final class CaptureFileReader implements PacketSource {
    private static final int PCAP_MAGIC_MICROS = 0xa1b2c3d4;
    private static final int PCAP_MAGIC_NANOS = 0xa1b23c4d;
    private static final int PCAPNG_SHB = 0x0a0d0d0a;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int PCAPNG_IDB = 0x00000001;
    private static final int PCAPNG_OPB = 0x00000002;
    private static final int PCAPNG_SPB = 0x00000003;
    private static final int PCAPNG_EPB = 0x00000006;
    private static final int IDB_OPT_TSRESOL = 9;
    private static final int IDB_OPT_TSOFFSET = 14;
    /** Larger records than this are corruption, not packets (libpcap uses the same bound). */
    private static final int MAX_RECORD = 262_144;
    private static final int MAX_BLOCK = 16 * 1024 * 1024;

    private final Path path;
    private final InputStream in;
    private final long fileSize;
    private final byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private long consumed; // bytes of the file before buf[0]

    private final boolean pcapng;
    private boolean bigEndian;
    // pcap
    private int linkType;
    private long tsUnitNanos; // nanoseconds per fractional tick
    // pcapng
    private final List<Interface> interfaces = new ArrayList<>();

    private record Interface(int linkType, long unitsPerSecond, long offsetSeconds) {
    }

    public CaptureFileReader(Path path) throws CaptureException {
        this.path = path;
        try {
            if (Files.isDirectory(path)) {
                throw new CaptureException("cannot open " + path + ": is a directory");
            }
            this.fileSize = Files.size(path);
            this.in = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new CaptureException(path + ": no such file");
        } catch (IOException e) {
            throw new CaptureException("cannot open " + path + ": " + io.linewatch.model.IoErrors.reason(e), e);
        }
        try {
            if (!fill(4)) {
                throw new CaptureException(path + ": not a capture file (empty or shorter than a file header)");
            }
            int magicBe = intBe(pos);
            if (magicBe == PCAPNG_SHB) {
                pcapng = true;
            } else {
                pcapng = false;
                readPcapHeader(magicBe);
            }
        } catch (CaptureException e) {
            closeQuietly();
            throw e;
        } catch (IOException e) {
            closeQuietly();
            throw new CaptureException(path + ": read error: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public double progress() {
        return fileSize == 0 ? 1 : Math.min(1.0, (consumed + pos) / (double) fileSize);
    }

    @Override
    public boolean next(Frame frame) throws CaptureException {
        try {
            return pcapng ? nextPcapng(frame) : nextPcap(frame);
        } catch (IOException e) {
            throw new CaptureException(path + ": read error at byte " + (consumed + pos) + ": " + e.getMessage(), e);
        }
    }

    private void readPcapHeader(int magicBe) throws CaptureException {
        int magicLe = Integer.reverseBytes(magicBe);
        if (magicBe == PCAP_MAGIC_MICROS || magicBe == PCAP_MAGIC_NANOS) {
            bigEndian = true;
        } else if (magicLe == PCAP_MAGIC_MICROS || magicLe == PCAP_MAGIC_NANOS) {
            bigEndian = false;
        } else {
            throw new CaptureException(path + ": not a pcap or pcapng file (magic number "
                    + String.format("%08x", magicBe) + ")");
        }
        int magic = bigEndian ? magicBe : magicLe;
        tsUnitNanos = magic == PCAP_MAGIC_NANOS ? 1 : 1000;
        try {
            if (!fill(24)) {
                throw new CaptureException(path + ": truncated pcap file header");
            }
        } catch (IOException e) {
            throw new CaptureException(path + ": read error: " + e.getMessage(), e);
        }
        linkType = int32(pos + 20) & 0x0fffffff; // upper bits carry FCS info
        pos += 24;
    }

    private boolean nextPcap(Frame frame) throws IOException, CaptureException {
        if (!fill(16)) {
            if (limit - pos == 0) {
                return false;
            }
            throw truncated("record header", 16);
        }
        long sec = int32(pos) & 0xffffffffL;
        long frac = int32(pos + 4) & 0xffffffffL;
        int incl = int32(pos + 8);
        int orig = int32(pos + 12);
        if (incl < 0 || incl > MAX_RECORD) {
            throw new CaptureException(path + ": corrupt record at byte " + (consumed + pos)
                    + ": captured length " + Integer.toUnsignedString(incl) + " is impossible");
        }
        if (!fill(16 + incl)) {
            throw truncated("packet of " + incl + " bytes", 16 + incl);
        }
        frame.set(sec * 1_000_000_000L + frac * tsUnitNanos, linkType, buf, pos + 16, incl, Math.max(orig, incl));
        pos += 16 + incl;
        return true;
    }

    private boolean nextPcapng(Frame frame) throws IOException, CaptureException {
        while (true) {
            if (!fill(8)) {
                if (limit - pos == 0) {
                    return false;
                }
                throw truncated("block header", 8);
            }
            int type = blockType();
            int total = type == PCAPNG_SHB ? sectionBlockLength() : int32(pos + 4);
            if (total < 12 || total % 4 != 0 || total > MAX_BLOCK) {
                throw new CaptureException(path + ": corrupt pcapng block at byte " + (consumed + pos)
                        + ": block length " + Integer.toUnsignedString(total));
            }
            if (!fill(total)) {
                throw truncated("block of " + total + " bytes", total);
            }
            int body = pos + 8;
            int bodyLen = total - 12;
            boolean isPacket = false;
            switch (type) {
                case PCAPNG_SHB -> interfaces.clear();
                case PCAPNG_IDB -> readInterface(body, bodyLen);
                case PCAPNG_EPB -> isPacket = enhancedPacket(frame, body, bodyLen);
                case PCAPNG_SPB -> isPacket = simplePacket(frame, body, bodyLen);
                case PCAPNG_OPB -> isPacket = obsoletePacket(frame, body, bodyLen);
                default -> {
                    // name resolution, statistics, custom blocks: nothing a sensor needs
                }
            }
            pos += total;
            if (isPacket) {
                return true;
            }
        }
    }

    private int blockType() {
        // the section header's type is a palindrome; its byte order is learned from the body
        return int32(pos);
    }

    private int sectionBlockLength() throws IOException, CaptureException {
        if (!fill(12)) {
            throw truncated("section header", 12);
        }
        int bom = intBe(pos + 8);
        if (bom == PCAPNG_BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw new CaptureException(path + ": corrupt pcapng section header at byte " + (consumed + pos)
                    + " (byte-order magic " + String.format("%08x", bom) + ")");
        }
        return int32(pos + 4);
    }

    private void readInterface(int body, int len) throws CaptureException {
        if (len < 8) {
            throw new CaptureException(path + ": corrupt pcapng interface block");
        }
        int lt = int16(body);
        long unitsPerSecond = 1_000_000;
        long offset = 0;
        int o = body + 8;
        int end = body + len;
        while (o + 4 <= end) {
            int code = int16(o);
            int olen = int16(o + 2);
            if (code == 0 || o + 4 + olen > end) {
                break;
            }
            if (code == IDB_OPT_TSRESOL && olen >= 1) {
                int r = buf[o + 4] & 0xff;
                int exp = r & 0x7f;
                if (exp > 62) {
                    throw new CaptureException(path + ": unsupported timestamp resolution " + r);
                }
                unitsPerSecond = (r & 0x80) != 0 ? 1L << exp : pow10(exp);
            } else if (code == IDB_OPT_TSOFFSET && olen >= 8) {
                offset = bigEndian ? longBe(o + 4) : Long.reverseBytes(longBe(o + 4));
            }
            o += 4 + ((olen + 3) & ~3);
        }
        interfaces.add(new Interface(lt, unitsPerSecond, offset));
    }

    private boolean enhancedPacket(Frame frame, int body, int len) throws CaptureException {
        if (len < 20) {
            throw corruptBlock("enhanced packet block too short");
        }
        Interface itf = iface(int32(body));
        long ts = ((int32(body + 4) & 0xffffffffL) << 32) | (int32(body + 8) & 0xffffffffL);
        int cap = int32(body + 12);
        int orig = int32(body + 16);
        if (cap < 0 || cap > len - 20) {
            throw corruptBlock("captured length " + Integer.toUnsignedString(cap) + " exceeds its block");
        }
        frame.set(toNanos(itf, ts), itf.linkType, buf, body + 20, cap, Math.max(orig, cap));
        return true;
    }

    private boolean simplePacket(Frame frame, int body, int len) throws CaptureException {
        if (len < 4) {
            throw corruptBlock("simple packet block too short");
        }
        Interface itf = iface(0);
        int orig = int32(body);
        int cap = Math.min(Math.max(orig, 0), len - 4);
        // simple packets carry no timestamp; they inherit none, so keep the previous frame's time
        frame.set(frame.timestampNanos, itf.linkType, buf, body + 4, cap, Math.max(orig, cap));
        return true;
    }

    private boolean obsoletePacket(Frame frame, int body, int len) throws CaptureException {
        if (len < 20) {
            throw corruptBlock("packet block too short");
        }
        Interface itf = iface(int16(body));
        long ts = ((int32(body + 4) & 0xffffffffL) << 32) | (int32(body + 8) & 0xffffffffL);
        int cap = int32(body + 12);
        int orig = int32(body + 16);
        if (cap < 0 || cap > len - 20) {
            throw corruptBlock("captured length exceeds its block");
        }
        frame.set(toNanos(itf, ts), itf.linkType, buf, body + 20, cap, Math.max(orig, cap));
        return true;
    }

    private Interface iface(int id) throws CaptureException {
        if (id < 0 || id >= interfaces.size()) {
            throw corruptBlock("packet refers to interface " + id + " which was never described");
        }
        return interfaces.get(id);
    }

    private static long toNanos(Interface itf, long ticks) {
        long ups = itf.unitsPerSecond;
        long sec = Long.divideUnsigned(ticks, ups);
        long rem = Long.remainderUnsigned(ticks, ups);
        long nanos = 1_000_000_000L % ups == 0 ? rem * (1_000_000_000L / ups)
                : (long) (rem * (1_000_000_000.0 / ups)); // finer than 1 ns: round down
        return (sec + itf.offsetSeconds) * 1_000_000_000L + nanos;
    }

    private static long pow10(int exp) {
        long v = 1;
        for (int i = 0; i < exp && v <= Long.MAX_VALUE / 10; i++) {
            v *= 10;
        }
        return v;
    }

    private CaptureException corruptBlock(String what) {
        return new CaptureException(path + ": corrupt pcapng block at byte " + (consumed + pos) + ": " + what);
    }

    private CaptureException truncated(String what, int need) {
        return new CaptureException(path + ": truncated capture: " + what + " at byte " + (consumed + pos)
                + " needs " + need + " bytes, file ends after " + (limit - pos));
    }

    /** Makes {@code n} bytes available at {@code pos}; false at end of file. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > buf.length) {
            throw new EOFException("record larger than the read buffer");
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumed += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                return false;
            }
            limit += r;
        }
        return true;
    }

    private int intBe(int at) {
        return ((buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff);
    }

    private long longBe(int at) {
        return ((long) intBe(at) << 32) | (intBe(at + 4) & 0xffffffffL);
    }

    private int int32(int at) {
        int v = intBe(at);
        return bigEndian ? v : Integer.reverseBytes(v);
    }

    private int int16(int at) {
        int v = ((buf[at] & 0xff) << 8) | (buf[at + 1] & 0xff);
        return bigEndian ? v : ((v & 0xff) << 8) | (v >>> 8);
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written; a failed close of a read-only file changes nothing
        }
    }
}
