package io.linewatch.capture.decode;

import static io.linewatch.capture.testing.Packets.MAC_A;
import static io.linewatch.capture.testing.Packets.MAC_B;
import static io.linewatch.capture.testing.Packets.ethernet;
import static io.linewatch.capture.testing.Packets.ip;
import static io.linewatch.capture.testing.Packets.ipv4;
import static io.linewatch.capture.testing.Packets.tcp;
import static io.linewatch.capture.testing.Packets.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.flow.Addresses;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.capture.testing.Packets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket p = new DecodedPacket();

    private boolean decode(int linkType, byte[] bytes) {
        Frame f = new Frame();
        f.set(42L, linkType, bytes, 0, bytes.length, bytes.length);
        return decoder.decode(f, p);
    }

    private String payload() {
        return new String(p.buf, p.payloadOffset, p.payloadLength);
    }

    @Test
    void ethernetIpv4Tcp() {
        byte[] frame = Packets.tcpFrame(ip(10, 0, 0, 1), 40000, ip(10, 0, 0, 2), 502, 1000, 2000, Packets.ACK | Packets.PSH, "hello".getBytes());
        assertTrue(decode(LinkTypes.ETHERNET, frame));
        assertEquals(DecodedPacket.Kind.IPV4, p.kind);
        assertEquals("00:1b:1b:01:02:03", Addresses.mac(p.srcMac));
        assertEquals("00:0e:8c:04:05:06", Addresses.mac(p.dstMac));
        assertEquals("10.0.0.1", Addresses.ip(p.buf, p.srcIpOffset, 4));
        assertEquals("10.0.0.2", Addresses.ip(p.buf, p.dstIpOffset, 4));
        assertTrue(p.isTcp());
        assertEquals(40000, p.srcPort);
        assertEquals(502, p.dstPort);
        assertEquals(1000, p.tcpSeq);
        assertEquals(2000, p.tcpAck);
        assertTrue(p.hasFlag(DecodedPacket.TCP_PSH));
        assertEquals("hello", payload());
        assertEquals(-1, p.outerVlan);
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] frame = Packets.tcpFrame(ip(10, 0, 0, 1), 1, ip(10, 0, 0, 2), 2, 0, 0, Packets.ACK, new byte[0]);
        byte[] padded = Arrays.copyOf(frame, 60); // minimum Ethernet frame, zero padding
        assertTrue(decode(LinkTypes.ETHERNET, padded));
        assertEquals(0, p.payloadLength);
    }

    @Test
    void vlanAndQinqTags() {
        byte[] inner = ipv4(ip(1, 1, 1, 1), ip(2, 2, 2, 2), 17, 7, false, 0, udp(2222, 2222, new byte[] {1, 2}));
        assertTrue(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800, inner, 0x8100, 0x2000 | 100)));
        assertEquals(100, p.outerVlan);
        assertEquals(-1, p.innerVlan);
        assertTrue(p.isUdp());
        assertEquals(2, p.payloadLength);

        assertTrue(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800, inner, 0x88a8, 300, 0x8100, 42)));
        assertEquals(300, p.outerVlan);
        assertEquals(42, p.innerVlan);
        assertEquals(2222, p.dstPort);

        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800, inner, 0x8100, 1, 0x8100, 2, 0x8100, 3)));
        assertEquals(1L, decoder.stats().malformed.get("vlan_too_many_tags"));
    }

    @Test
    void ipv6Udp() {
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        src[0] = (byte) 0xfe;
        src[1] = (byte) 0x80;
        src[15] = 1;
        dst[15] = 1;
        byte[] frame = ethernet(MAC_B, MAC_A, 0x86dd, Packets.ipv6(src, dst, 17, udp(5000, 44818, "x".getBytes())));
        assertTrue(decode(LinkTypes.ETHERNET, frame));
        assertEquals(DecodedPacket.Kind.IPV6, p.kind);
        assertEquals("fe80::1", Addresses.ip(p.buf, p.srcIpOffset, 16));
        assertEquals("::1", Addresses.ip(p.buf, p.dstIpOffset, 16));
        assertEquals(44818, p.dstPort);
        assertEquals("x", payload());
    }

    @Test
    void arp() {
        byte[] frame = ethernet(MAC_B, MAC_A, 0x0806, Packets.arpReply(MAC_A, ip(192, 168, 0, 10), MAC_B, ip(192, 168, 0, 1)));
        assertTrue(decode(LinkTypes.ETHERNET, frame));
        assertEquals(DecodedPacket.Kind.ARP, p.kind);
        assertEquals(2, p.arpOperation);
        assertEquals("192.168.0.10", Addresses.ip(p.buf, p.arpSenderIpOffset, 4));
        assertEquals("00:1b:1b:01:02:03", Addresses.mac(Addresses.mac(p.buf, p.arpSenderMacOffset)));
    }

    @Test
    void linuxCookedCapture() {
        byte[] ipPacket = ipv4(ip(10, 1, 1, 1), ip(10, 1, 1, 2), 6, 1, false, 0, tcp(1234, 102, 5, 6, Packets.ACK, new byte[] {3, 0}));
        byte[] sll = new Packets.Buf()
                .u16(0)          // packet type: to us
                .u16(1)          // ARPHRD_ETHER
                .u16(6)          // address length
                .bytes(MAC_A).u16(0) // address, padded to 8
                .u16(0x0800)     // protocol
                .bytes(ipPacket).done();
        assertTrue(decode(LinkTypes.LINUX_SLL, sll));
        assertEquals("00:1b:1b:01:02:03", Addresses.mac(p.srcMac));
        assertEquals(-1, p.dstMac);
        assertEquals(102, p.dstPort);
        assertEquals(2, p.payloadLength);
    }

    @Test
    void ipv4FragmentsAreReassembledInAnyOrder() {
        byte[] udpDatagram = udp(47808, 47808, "0123456789abcdefghijklmnopqrstuvwxyz".getBytes()); // 8 + 36 bytes
        byte[] first = Arrays.copyOfRange(udpDatagram, 0, 16);
        byte[] second = Arrays.copyOfRange(udpDatagram, 16, 32);
        byte[] third = Arrays.copyOfRange(udpDatagram, 32, udpDatagram.length);
        byte[] src = ip(10, 0, 0, 1);
        byte[] dst = ip(10, 0, 0, 2);
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800, ipv4(src, dst, 17, 99, false, 32, third))));
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800, ipv4(src, dst, 17, 99, true, 0, first))));
        assertTrue(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800, ipv4(src, dst, 17, 99, true, 16, second))));
        assertTrue(p.isUdp());
        assertEquals("0123456789abcdefghijklmnopqrstuvwxyz", payload());
        assertEquals(3, decoder.stats().fragments);
        assertEquals(1, decoder.stats().reassembledDatagrams);
    }

    @Test
    void fragmentsThatNeverCompleteExpireAndAreCounted() {
        Ipv4Defragmenter defrag = new Ipv4Defragmenter(2, 1_000);
        PacketDecoder d = new PacketDecoder(defrag);
        byte[] frag = ethernet(MAC_B, MAC_A, 0x0800, ipv4(ip(1, 1, 1, 1), ip(2, 2, 2, 2), 17, 1, true, 0, new byte[16]));
        Frame f = new Frame();
        for (int id = 0; id < 3; id++) {
            frag[14 + 5] = (byte) id; // identification
            f.set(0, LinkTypes.ETHERNET, frag, 0, frag.length, frag.length);
            assertFalse(d.decode(f, p));
        }
        assertEquals(1, d.stats().fragmentsDroppedAtCap);
        f.set(10_000, LinkTypes.ETHERNET, frag, 0, frag.length, frag.length);
        frag[14 + 5] = 9;
        f.set(10_000, LinkTypes.ETHERNET, frag, 0, frag.length, frag.length);
        d.decode(f, p);
        assertEquals(2, d.stats().fragmentsExpired);
        assertEquals(1, defrag.pendingCount());
    }

    @Test
    void layerTwoProtocolsReachTheLinkDissectorsWithTheirVlan() {
        // PROFINET DCP Identify request (frame id 0xFEFE), tagged VLAN 7
        byte[] dcp = {(byte) 0xfe, (byte) 0xfe, 5, 0, 0, 0, 0, 1, 0, 1, 0, 4, (byte) 0xff, (byte) 0xff, 0, 0};
        assertTrue(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x8892, dcp, 0x8100, 7)));
        assertEquals(DecodedPacket.Kind.LINK, p.kind);
        assertEquals(LinkProtocol.PROFINET_DCP, p.link);
        assertEquals(7, p.outerVlan);
        assertEquals(dcp.length, p.payloadLength);
        assertEquals(0xfe, p.buf[p.payloadOffset] & 0xff);

        // PROFINET cyclic real-time data (frame id 0x8000): I/O, not for a dissector
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x8892, new byte[] {(byte) 0x80, 0, 1, 2})));
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x8892, new byte[] {(byte) 0xfe})));

        byte[] lldp = {2, 7, 4, 0, 0x1b, 0x1b, 1, 2, 3, 0, 0};
        assertTrue(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x88cc, lldp)));
        assertEquals(LinkProtocol.LLDP, p.link);
        assertEquals(lldp.length, p.payloadLength);
        assertEquals(-1, p.outerVlan);

        // CDP: 802.3 length, LLC/SNAP AA AA 03, OUI 00-00-0C, PID 0x2000; the length bounds the payload (padding is not)
        byte[] cdp = {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0x0c, 0x20, 0, 2, (byte) 180, 0, 0};
        byte[] padded = Arrays.copyOf(cdp, 46);
        assertTrue(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, cdp.length, padded)));
        assertEquals(LinkProtocol.CDP, p.link);
        assertEquals(4, p.payloadLength);
        assertEquals(2, p.buf[p.payloadOffset]);

        // other 802.3 LLC (spanning tree: DSAP/SSAP 0x42) and SNAP with another protocol id are counted, not handed on
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 3, new byte[] {0x42, 0x42, 3})));
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 8, new byte[] {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0x0c, 0x20, 4})));
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 5, new byte[] {(byte) 0xaa, (byte) 0xaa, 3, 0, 0})));
        DecodeStats s = decoder.stats();
        assertEquals(3, s.linkLayer);
        assertEquals(3, s.otherLink);
        assertEquals(1L, s.malformed.get("profinet_truncated"));
        assertEquals(1L, s.malformed.get("snap_truncated"));
    }

    @Test
    void malformedFramesAreCountedByReason() {
        assertFalse(decode(LinkTypes.ETHERNET, new byte[] {1, 2, 3}));
        byte[] badIhl = ethernet(MAC_B, MAC_A, 0x0800, new byte[] {0x42, 0, 0, 20, 0, 0, 0, 0, 64, 6, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2});
        assertFalse(decode(LinkTypes.ETHERNET, badIhl));
        byte[] shortTcp = ethernet(MAC_B, MAC_A, 0x0800, ipv4(ip(1, 1, 1, 1), ip(2, 2, 2, 2), 6, 1, false, 0, new byte[10]));
        assertFalse(decode(LinkTypes.ETHERNET, shortTcp));
        assertFalse(decode(12345, new byte[20]));
        DecodeStats s = decoder.stats();
        assertEquals(1L, s.malformed.get("ethernet_truncated"));
        assertEquals(1L, s.malformed.get("ipv4_bad_header"));
        assertEquals(1L, s.malformed.get("tcp_truncated"));
        assertEquals(1, s.otherLink);
        assertEquals(4, s.frames);
    }

    @Test
    void snaplenCutPayloadIsReportedAsMissing() {
        byte[] frame = Packets.tcpFrame(ip(10, 0, 0, 1), 1, ip(10, 0, 0, 2), 502, 0, 0, Packets.ACK, new byte[100]);
        Frame f = new Frame();
        f.set(0, LinkTypes.ETHERNET, frame, 0, frame.length - 40, frame.length);
        assertTrue(decoder.decode(f, p));
        assertEquals(60, p.payloadLength);
        assertEquals(40, p.payloadMissing);
        assertEquals(1, decoder.stats().snaplenTruncated);
    }

    /**
     * Issue 16, defect 7: 200,000 incomplete fragments (each of its own datagram, each near the end of a
     * 64 KiB datagram, the worst case for a buffer sized up front) stay within the defragmenter's documented
     * memory cap, a pending datagram holds only the bytes that arrived, and every fragment is counted: dropped
     * at the cap, expired, or still incomplete at the end of the input.
     */
    @Test
    void incompleteFragmentsStayWithinTheMemoryCapAndAreAllCounted() {
        Ipv4Defragmenter defrag = new Ipv4Defragmenter();
        PacketDecoder d = new PacketDecoder(defrag);
        byte[] frag = ethernet(MAC_B, MAC_A, 0x0800, ipv4(ip(1, 1, 1, 1), ip(2, 2, 2, 2), 17, 1, true, 62_000, new byte[1_400]));
        Frame f = new Frame();
        long maxBuffered = 0;
        for (int i = 0; i < 200_000; i++) {
            frag[14 + 4] = (byte) (i >>> 8); // identification
            frag[14 + 5] = (byte) i;
            frag[14 + 13] = (byte) (i >>> 16); // source address
            f.set(1_000_000_000L + i * 1_000L, LinkTypes.ETHERNET, frag, 0, frag.length, frag.length);
            assertFalse(d.decode(f, p));
            if (i == 0) {
                assertTrue(defrag.bufferedBytes() < 4_096, "a pending datagram holds what arrived, not 64 KiB: "
                        + defrag.bufferedBytes());
            }
            maxBuffered = Math.max(maxBuffered, defrag.bufferedBytes());
        }
        assertTrue(maxBuffered <= Ipv4Defragmenter.DEFAULT_MAX_BUFFERED_BYTES, "buffered " + maxBuffered);
        DecodeStats st = d.stats();
        assertEquals(200_000, st.fragments);
        assertEquals(200_000, st.fragmentsDroppedAtCap + st.fragmentsExpired + st.fragmentsIncompleteAtEnd);
        assertTrue(st.fragmentsIncompleteAtEnd > 0);
        assertEquals(defrag.pendingCount(), st.fragmentsIncompleteAtEnd);
    }

    /** Fragments of one datagram buffered as they arrive; overlaps keep the first copy. */
    @Test
    void overlappingFragmentsKeepTheFirstCopy() {
        byte[] udpDatagram = udp(47808, 47808, "0123456789abcdefghijklmnopqrstuvwxyz".getBytes()); // 44 bytes
        byte[] src = ip(10, 0, 0, 1);
        byte[] dst = ip(10, 0, 0, 2);
        byte[] forged = Arrays.copyOfRange(udpDatagram, 16, 32);
        Arrays.fill(forged, 0, 8, (byte) 'X');
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800,
                ipv4(src, dst, 17, 7, true, 8, Arrays.copyOfRange(udpDatagram, 8, 24)))));
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800, ipv4(src, dst, 17, 7, true, 16, forged))));
        assertFalse(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800,
                ipv4(src, dst, 17, 7, false, 32, Arrays.copyOfRange(udpDatagram, 32, 44)))));
        assertTrue(decode(LinkTypes.ETHERNET, ethernet(MAC_B, MAC_A, 0x0800,
                ipv4(src, dst, 17, 7, true, 0, Arrays.copyOfRange(udpDatagram, 0, 8)))));
        assertEquals("0123456789abcdefghijklmnopqrstuvwxyz", payload());
    }
}
