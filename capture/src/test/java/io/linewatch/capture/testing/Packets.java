package io.linewatch.capture.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds frames and capture files byte by byte for tests, each header written field by field. */
public final class Packets {
    private Packets() {
    }

    public static final byte[] MAC_A = {0x00, 0x1b, 0x1b, 0x01, 0x02, 0x03};
    public static final byte[] MAC_B = {0x00, 0x0e, (byte) 0x8c, 0x04, 0x05, 0x06};

    public static byte[] ip(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    /** Ethernet II: dst, src, [802.1Q/802.1ad tags as (tpid, vid) pairs], ethertype, payload. */
    public static byte[] ethernet(byte[] dst, byte[] src, int etherType, byte[] payload, int... tags) {
        Buf b = new Buf();
        b.bytes(dst).bytes(src);
        for (int i = 0; i < tags.length; i += 2) {
            b.u16(tags[i]).u16(tags[i + 1]); // TPID, then PCP/DEI/VID with VID in the low 12 bits
        }
        return b.u16(etherType).bytes(payload).done();
    }

    public static byte[] ipv4(byte[] src, byte[] dst, int protocol, int id, boolean moreFragments, int fragOffsetBytes, byte[] payload) {
        Buf b = new Buf();
        b.u8(0x45)                        // version 4, IHL 5 words
                .u8(0)                    // DSCP/ECN
                .u16(20 + payload.length) // total length
                .u16(id)                  // identification
                .u16((moreFragments ? 0x2000 : 0) | (fragOffsetBytes / 8)) // flags + fragment offset (8-byte units)
                .u8(64)                   // TTL
                .u8(protocol)
                .u16(0)                   // checksum (not verified by the decoder)
                .bytes(src).bytes(dst).bytes(payload);
        return b.done();
    }

    public static byte[] ipv6(byte[] src16, byte[] dst16, int nextHeader, byte[] payload) {
        Buf b = new Buf();
        b.u32(0x60000000L)          // version 6, traffic class, flow label
                .u16(payload.length) // payload length
                .u8(nextHeader).u8(64) // next header, hop limit
                .bytes(src16).bytes(dst16).bytes(payload);
        return b.done();
    }

    public static byte[] tcp(int srcPort, int dstPort, long seq, long ack, int flags, byte[] payload) {
        Buf b = new Buf();
        b.u16(srcPort).u16(dstPort).u32(seq).u32(ack)
                .u8(5 << 4)         // data offset: 5 words, no options
                .u8(flags)
                .u16(65535)         // window
                .u16(0).u16(0)      // checksum, urgent pointer
                .bytes(payload);
        return b.done();
    }

    public static byte[] udp(int srcPort, int dstPort, byte[] payload) {
        return new Buf().u16(srcPort).u16(dstPort).u16(8 + payload.length).u16(0).bytes(payload).done();
    }

    public static byte[] arpReply(byte[] senderMac, byte[] senderIp, byte[] targetMac, byte[] targetIp) {
        return new Buf().u16(1).u16(0x0800).u8(6).u8(4).u16(2) // Ethernet/IPv4, sizes, op = reply
                .bytes(senderMac).bytes(senderIp).bytes(targetMac).bytes(targetIp).done();
    }

    public static byte[] tcpFrame(byte[] srcIp, int srcPort, byte[] dstIp, int dstPort, long seq, long ack, int flags, byte[] payload) {
        return ethernet(MAC_B, MAC_A, 0x0800, ipv4(srcIp, dstIp, 6, 1, false, 0, tcp(srcPort, dstPort, seq, ack, flags, payload)));
    }

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    /** One record for a classic pcap file. */
    public record Record(long timestampMicros, byte[] data) {
    }

    /** Writes a little-endian microsecond pcap file. */
    public static void writePcap(Path file, int linkType, List<Record> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(pcapHeader(linkType));
            for (Record r : records) {
                out.write(pcapRecord(r.timestampMicros(), r.data()));
            }
        }
    }

    public static byte[] pcapHeader(int linkType) {
        return new Buf().u32le(0xa1b2c3d4L).u16le(2).u16le(4).u32le(0).u32le(0).u32le(262144).u32le(linkType).done();
    }

    public static byte[] pcapRecord(long micros, byte[] data) {
        return new Buf().u32le(micros / 1_000_000).u32le(micros % 1_000_000).u32le(data.length).u32le(data.length)
                .bytes(data).done();
    }

    /** A small big-endian-by-default byte writer. */
    public static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Buf u8(int v) {
            out.write(v);
            return this;
        }

        public Buf u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        public Buf u32(long v) {
            return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
        }

        public Buf u16le(int v) {
            out.write(v);
            out.write(v >>> 8);
            return this;
        }

        public Buf u32le(long v) {
            return u16le((int) v & 0xffff).u16le((int) (v >>> 16) & 0xffff);
        }

        public Buf bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        public byte[] done() {
            return out.toByteArray();
        }
    }
}
