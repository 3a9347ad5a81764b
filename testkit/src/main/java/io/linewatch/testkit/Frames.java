package io.linewatch.testkit;

import java.io.ByteArrayOutputStream;

/**
 * Ethernet II / IPv4 / TCP or UDP frames as bytes, with correct lengths and checksums (IPv4 header, TCP and UDP
 * over the pseudo-header). MAC addresses are made from the IPv4 address ({@link #mac}), so a host keeps one MAC.
 */
public final class Frames {
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    public static final int IP_PROTOCOL_TCP = 6;
    public static final int IP_PROTOCOL_UDP = 17;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_LLDP = 0x88cc;
    private static final String BROADCAST = "255.255.255.255";

    private Frames() {
    }

    /** A TCP segment in an IPv4 packet in an Ethernet frame; {@code flags} from the TCP_ constants. */
    public static byte[] tcp(String src, int srcPort, String dst, int dstPort, int seq, int ack, int flags, byte[] payload) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        u16(t, srcPort);
        u16(t, dstPort);
        u32(t, seq);
        u32(t, ack);
        t.write(0x50); // data offset: 5 words, no options
        t.write(flags);
        u16(t, 65535); // window
        u16(t, 0); // checksum, filled below
        u16(t, 0); // urgent pointer
        t.writeBytes(payload);
        byte[] segment = t.toByteArray();
        putU16(segment, 16, transportChecksum(src, dst, IP_PROTOCOL_TCP, segment));
        return ipv4(src, dst, IP_PROTOCOL_TCP, segment);
    }

    /** A UDP datagram in an IPv4 packet in an Ethernet frame. */
    public static byte[] udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
        ByteArrayOutputStream u = new ByteArrayOutputStream();
        u16(u, srcPort);
        u16(u, dstPort);
        u16(u, 8 + payload.length);
        u16(u, 0); // checksum, filled below
        u.writeBytes(payload);
        byte[] datagram = u.toByteArray();
        int sum = transportChecksum(src, dst, IP_PROTOCOL_UDP, datagram);
        putU16(datagram, 6, sum == 0 ? 0xffff : sum); // 0 would mean "no checksum"
        return ipv4(src, dst, IP_PROTOCOL_UDP, datagram);
    }

    /** An IPv4 packet (20-byte header, don't fragment, TTL 64) carrying {@code l4}, in an Ethernet frame. */
    public static byte[] ipv4(String src, String dst, int protocol, byte[] l4) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(mac(dst));
        f.writeBytes(mac(src));
        u16(f, ETHERTYPE_IPV4);
        f.write(0x45); // IPv4, 20-byte header
        f.write(0); // DSCP/ECN
        u16(f, 20 + l4.length);
        u16(f, 1); // identification
        u16(f, 0x4000); // don't fragment
        f.write(64); // TTL
        f.write(protocol);
        u16(f, 0); // header checksum, filled below
        f.writeBytes(address(src));
        f.writeBytes(address(dst));
        f.writeBytes(l4);
        byte[] frame = f.toByteArray();
        putU16(frame, 14 + 10, ~sum(frame, 14, 20, 0) & 0xffff);
        return frame;
    }

    /** An Ethernet II frame: {@code dst} and {@code src} as {@code aa:bb:cc:dd:ee:ff}, then the EtherType and payload. */
    public static byte[] ethernet(String dst, String src, int etherType, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(macBytes(dst));
        f.writeBytes(macBytes(src));
        u16(f, etherType);
        f.writeBytes(payload);
        return f.toByteArray();
    }

    /** An Ethernet II frame with one 802.1Q tag (priority 0) of {@code vlan} in front of the EtherType. */
    public static byte[] ethernetVlan(String dst, String src, int vlan, int etherType, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        u16(f, etherType);
        f.writeBytes(payload);
        return ethernet(dst, src, ETHERTYPE_VLAN, concatTag(vlan, f.toByteArray()));
    }

    /** An 802.3 frame (length field) carrying LLC/SNAP (AA-AA-03) with {@code oui} and protocol id, then the payload. */
    public static byte[] llcSnap(String dst, String src, int oui, int protocolId, byte[] payload) {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        l.write(0xaa);
        l.write(0xaa);
        l.write(0x03);
        l.write(oui >> 16);
        u16(l, oui);
        u16(l, protocolId);
        l.writeBytes(payload);
        byte[] llc = l.toByteArray();
        return ethernet(dst, src, llc.length, llc);
    }

    /** The six bytes of a MAC written {@code aa:bb:cc:dd:ee:ff} (or with dashes). */
    public static byte[] macBytes(String mac) {
        String[] p = mac.split("[:-]");
        if (p.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + mac);
        }
        byte[] a = new byte[6];
        for (int i = 0; i < 6; i++) {
            a[i] = (byte) Integer.parseInt(p[i], 16);
        }
        return a;
    }

    private static byte[] concatTag(int vlan, byte[] rest) {
        byte[] out = new byte[2 + rest.length];
        putU16(out, 0, vlan & 0x0fff);
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }

    /** The four bytes of a dotted IPv4 address. */
    public static byte[] address(String ip) {
        String[] p = ip.split("\\.");
        if (p.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            a[i] = (byte) Integer.parseInt(p[i]);
        }
        return a;
    }

    /**
     * An LLDP frame from the host {@code ip} (its {@link #mac}) to the nearest-bridge group address 01:80:c2:00:00:0e
     * (IEEE 802.1AB §8.5, Wireshark packet-lldp.c): chassis id and port id (subtype 7, locally assigned), TTL 120 s,
     * system name, system description, system capabilities ({@code capabilities} both supported and enabled: 0x04
     * bridge, 0x80 station only).
     */
    public static byte[] lldp(String ip, String chassis, String port, String systemName, String description, int capabilities) {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        lldpTlv(l, 1, prefixed(7, chassis));
        lldpTlv(l, 2, prefixed(7, port));
        lldpTlv(l, 3, new byte[] {0, 120});
        lldpTlv(l, 5, ascii(systemName));
        lldpTlv(l, 6, ascii(description));
        lldpTlv(l, 7, new byte[] {(byte) (capabilities >> 8), (byte) capabilities, (byte) (capabilities >> 8), (byte) capabilities});
        lldpTlv(l, 0, new byte[0]); // end of LLDPDU
        return ethernet(new byte[] {0x01, (byte) 0x80, (byte) 0xc2, 0, 0, 0x0e}, mac(ip), ETHERTYPE_LLDP, l.toByteArray());
    }

    /**
     * A CDP version 2 frame from the host {@code ip} (its {@link #mac}) to 01:00:0c:cc:cc:cc: 802.3 length, LLC/SNAP
     * (Cisco, 0x2000), then TLVs (Wireshark packet-cdp.c): device id, addresses (one IPv4: {@code ip}), port id,
     * capabilities ({@code capabilities}: 0x08 switch, 0x20 IGMP), software version, platform.
     */
    public static byte[] cdp(String ip, String deviceId, String port, int capabilities, String software, String platform) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.writeBytes(new byte[] {(byte) 0xaa, (byte) 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00});
        c.writeBytes(new byte[] {0x02, (byte) 180, 0x00, 0x00}); // version 2, hold time 180 s, checksum (not checked)
        cdpTlv(c, 0x0001, ascii(deviceId));
        ByteArrayOutputStream address = new ByteArrayOutputStream();
        address.writeBytes(new byte[] {0, 0, 0, 1, 1, 1, (byte) 0xcc, 0, 4}); // one address: NLPID, IP, 4 bytes
        address.writeBytes(address(ip));
        cdpTlv(c, 0x0002, address.toByteArray());
        cdpTlv(c, 0x0003, ascii(port));
        cdpTlv(c, 0x0004, new byte[] {(byte) (capabilities >>> 24), (byte) (capabilities >> 16), (byte) (capabilities >> 8), (byte) capabilities});
        cdpTlv(c, 0x0005, ascii(software));
        cdpTlv(c, 0x0006, ascii(platform));
        byte[] payload = c.toByteArray();
        return ethernet(new byte[] {0x01, 0x00, 0x0c, (byte) 0xcc, (byte) 0xcc, (byte) 0xcc}, mac(ip), payload.length, payload);
    }

    private static void lldpTlv(ByteArrayOutputStream out, int type, byte[] value) {
        u16(out, (type << 9) | value.length); // 7 bits of type, 9 of length
        out.writeBytes(value);
    }

    private static void cdpTlv(ByteArrayOutputStream out, int type, byte[] value) {
        u16(out, type);
        u16(out, value.length + 4);
        out.writeBytes(value);
    }

    private static byte[] prefixed(int subtype, String text) {
        byte[] t = ascii(text);
        byte[] out = new byte[t.length + 1];
        out[0] = (byte) subtype;
        System.arraycopy(t, 0, out, 1, t.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** An Ethernet frame: Ethernet II type or 802.3 length, padded to the 60-byte minimum. */
    private static byte[] ethernet(byte[] dst, byte[] src, int typeOrLength, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(dst);
        f.writeBytes(src);
        u16(f, typeOrLength);
        f.writeBytes(payload);
        while (f.size() < 60) {
            f.write(0);
        }
        return f.toByteArray();
    }

    /** A locally administered MAC that embeds the IPv4 address; the broadcast address gets the broadcast MAC. */
    public static byte[] mac(String ip) {
        if (ip.equals(BROADCAST)) {
            return new byte[] {-1, -1, -1, -1, -1, -1};
        }
        byte[] a = address(ip);
        return new byte[] {0x02, 0x00, a[0], a[1], a[2], a[3]};
    }

    private static int transportChecksum(String src, String dst, int protocol, byte[] l4) {
        byte[] pseudo = new byte[12];
        System.arraycopy(address(src), 0, pseudo, 0, 4);
        System.arraycopy(address(dst), 0, pseudo, 4, 4);
        pseudo[9] = (byte) protocol;
        putU16(pseudo, 10, l4.length);
        return ~sum(l4, 0, l4.length, sum(pseudo, 0, pseudo.length, 0)) & 0xffff;
    }

    /** Ones' complement sum of 16-bit words, folded. */
    private static int sum(byte[] b, int off, int len, int initial) {
        long s = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xff) << 8;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) s;
    }

    private static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }

    private static void u32(ByteArrayOutputStream o, int v) {
        u16(o, v >>> 16);
        u16(o, v);
    }
}
