package io.linewatch.capture.decode;

import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;

/**
 * Decodes link, network and transport headers straight from the captured bytes. Malformed or
 * unsupported frames are counted in {@link DecodeStats} by reason; nothing throws.
 */
public final class PacketDecoder {
    private static final int ETH_HEADER = 14;
    private static final int VLAN_TAG = 4;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int TCP_MIN_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int ARP_IPV4_OVER_ETHERNET = 28;
    private static final int ARPHRD_ETHER = 1;
    /** A cooked capture's protocol for 802.2 LLC frames (Linux ETH_P_802_2; libpcap sll.h LINUX_SLL_P_802_2). */
    private static final int LINUX_SLL_P_802_2 = 0x0004;
    private static final int MAX_VLAN_TAGS = 2; // QinQ; deeper stacks are counted as malformed

    private final DecodeStats stats = new DecodeStats();
    private final Ipv4Defragmenter defragmenter;
    /** Bytes of the current frame that the snapshot length cut off. */
    private int snaplenCut;

    public PacketDecoder() {
        this(new Ipv4Defragmenter());
    }

    public PacketDecoder(Ipv4Defragmenter defragmenter) {
        this.defragmenter = defragmenter;
    }

    public DecodeStats stats() {
        defragmenter.copyStats(stats);
        return stats;
    }

    /**
     * @return true when {@code out} holds an IP/TCP/UDP/ARP packet or a layer-2 protocol frame ({@link LinkProtocol}) worth passing on; false for frames
     *     that were counted (malformed, other link protocols, a fragment still waiting for its siblings)
     */
    public boolean decode(Frame frame, DecodedPacket out) {
        stats.frames++;
        stats.bytes += frame.originalLength;
        out.reset(frame.timestampNanos, frame.originalLength, frame.data);
        snaplenCut = frame.originalLength - frame.capturedLength;
        if (snaplenCut > 0) {
            stats.snaplenTruncated++;
        }
        byte[] b = frame.data;
        int len = frame.capturedLength;
        switch (frame.linkType) {
            case LinkTypes.ETHERNET:
                if (len < ETH_HEADER) {
                    return malformed("ethernet_truncated");
                }
                out.dstMac = mac(b, 0);
                out.srcMac = mac(b, 6);
                return etherPayload(out, b, u16(b, 12), ETH_HEADER, len, true);
            case LinkTypes.LINUX_SLL:
                if (len < SLL_HEADER) {
                    return malformed("sll_truncated");
                }
                if (u16(b, 2) == ARPHRD_ETHER && u16(b, 4) == 6) {
                    out.srcMac = mac(b, 6);
                }
                return etherPayload(out, b, u16(b, 14), SLL_HEADER, len, false);
            case LinkTypes.LINUX_SLL2:
                if (len < SLL2_HEADER) {
                    return malformed("sll2_truncated");
                }
                if (u16(b, 8) == ARPHRD_ETHER && (b[11] & 0xff) == 6) {
                    out.srcMac = mac(b, 12);
                }
                return etherPayload(out, b, u16(b, 0), SLL2_HEADER, len, false);
            case LinkTypes.RAW:
            case LinkTypes.IPV4:
            case LinkTypes.IPV6:
                return rawIp(out, b, 0, len);
            case LinkTypes.NULL:
                return len < 4 ? malformed("null_truncated") : rawIp(out, b, 4, len);
            default:
                stats.otherLink++;
                return false;
        }
    }

    private boolean rawIp(DecodedPacket out, byte[] b, int off, int len) {
        if (off >= len) {
            return malformed("ip_truncated");
        }
        int version = (b[off] & 0xff) >>> 4;
        return network(out, b, version == 6 ? EtherTypes.IPV6 : EtherTypes.IPV4, off, len);
    }

    /**
     * {@code type} is the EtherType of the bytes at {@code off}, which may start with VLAN tags (a Linux cooked header
     * carries the EtherType in its protocol field, and libpcap puts a stripped tag back after it); {@code ethernet}: a
     * value up to 1500 is an 802.3 length. In a cooked header the protocol 0x0004 ({@code LINUX_SLL_P_802_2}, libpcap
     * sll.h) says the payload is 802.2 LLC (CDP's SNAP frames), up to the end of the frame.
     */
    private boolean etherPayload(DecodedPacket out, byte[] b, int type, int off, int len, boolean ethernet) {
        int tags = 0;
        while (type == EtherTypes.VLAN || type == EtherTypes.QINQ || type == EtherTypes.QINQ_LEGACY) {
            if (off + VLAN_TAG > len) {
                return malformed("vlan_truncated");
            }
            if (++tags > MAX_VLAN_TAGS) {
                return malformed("vlan_too_many_tags");
            }
            int vid = u16(b, off) & 0x0fff;
            if (tags == 1) {
                out.outerVlan = vid;
                stats.vlanTagged++;
            } else {
                out.innerVlan = vid;
            }
            type = u16(b, off + 2);
            off += VLAN_TAG;
        }
        out.etherType = type;
        if (ethernet && type <= LinkProtocol.MAX_8023_LENGTH) {
            return llc(out, b, off, len, type);
        }
        if (!ethernet && type == LINUX_SLL_P_802_2) {
            return llc(out, b, off, len, len - off);
        }
        return network(out, b, type, off, len);
    }

    /** An 802.3 frame: {@code length} bytes of LLC from {@code off}. Only CDP (LLC/SNAP, Cisco, 0x2000) is handed on. */
    private boolean llc(DecodedPacket out, byte[] b, int off, int len, int length) {
        int end = Math.min(len, off + length);
        if (off + 3 > end) {
            return malformed("llc_truncated");
        }
        if ((b[off] & 0xff) != LinkProtocol.SNAP_SAP || (b[off + 1] & 0xff) != LinkProtocol.SNAP_SAP
                || (b[off + 2] & 0xff) != LinkProtocol.LLC_UI) {
            stats.otherLink++; // STP, NetBIOS over LLC, ...
            return false;
        }
        if (off + LinkProtocol.LLC_SNAP_HEADER > end) {
            return malformed("snap_truncated");
        }
        int oui = ((b[off + 3] & 0xff) << 16) | u16(b, off + 4);
        if (oui != LinkProtocol.CISCO_OUI || u16(b, off + 6) != LinkProtocol.CDP_SNAP_PID) {
            stats.otherLink++;
            return false;
        }
        return link(out, LinkProtocol.CDP, off + LinkProtocol.LLC_SNAP_HEADER, end);
    }

    /** A frame for the link-layer dissectors: its payload is {@code [off, end)}. */
    private boolean link(DecodedPacket out, LinkProtocol protocol, int off, int end) {
        stats.linkLayer++;
        out.kind = DecodedPacket.Kind.LINK;
        out.link = protocol;
        out.payloadOffset = off;
        out.payloadLength = end - off;
        return true;
    }

    /** PROFINET: only DCP frame ids reach a dissector; cyclic I/O frames are counted. */
    private boolean profinet(DecodedPacket out, byte[] b, int off, int len) {
        if (off + 2 > len) {
            return malformed("profinet_truncated");
        }
        int frameId = u16(b, off);
        if (frameId < LinkProtocol.DCP_FIRST_FRAME_ID || frameId > LinkProtocol.DCP_LAST_FRAME_ID) {
            stats.otherLink++;
            return false;
        }
        return link(out, LinkProtocol.PROFINET_DCP, off, len);
    }

    private boolean network(DecodedPacket out, byte[] b, int etherType, int off, int len) {
        switch (etherType) {
            case EtherTypes.IPV4:
                return ipv4(out, b, off, len);
            case EtherTypes.IPV6:
                return ipv6(out, b, off, len);
            case EtherTypes.ARP:
                return arp(out, b, off, len);
            case EtherTypes.PROFINET:
                return profinet(out, b, off, len);
            case EtherTypes.LLDP:
                return link(out, LinkProtocol.LLDP, off, len);
            default:
                stats.otherLink++;
                return false;
        }
    }

    private boolean arp(DecodedPacket out, byte[] b, int off, int len) {
        if (off + ARP_IPV4_OVER_ETHERNET > len) {
            return malformed("arp_truncated");
        }
        if (u16(b, off) != ARPHRD_ETHER || u16(b, off + 2) != EtherTypes.IPV4 || b[off + 4] != 6 || b[off + 5] != 4) {
            stats.otherLink++;
            return false;
        }
        stats.arp++;
        out.kind = DecodedPacket.Kind.ARP;
        out.arpOperation = u16(b, off + 6);
        out.arpSenderMacOffset = off + 8;
        out.arpSenderIpOffset = off + 14;
        out.arpTargetIpOffset = off + 24;
        return true;
    }

    /**
     * Bytes the IP header declares beyond the buffer that the snapshot length cut off. Only a snaplen
     * cut loses bytes: a whole frame shorter than its IP length has a lying header (fuzzed or
     * forged), is decoded with the bytes it has, and is counted; reporting its excess as lost would
     * open a gap of that size in the TCP stream.
     */
    private int capturedMissing(int declaredBeyondBuffer) {
        if (declaredBeyondBuffer <= 0) {
            return 0;
        }
        if (declaredBeyondBuffer > snaplenCut) {
            stats.ipLengthBeyondFrame++;
        }
        return Math.min(declaredBeyondBuffer, snaplenCut);
    }

    private boolean ipv4(DecodedPacket out, byte[] b, int off, int len) {
        if (off + IPV4_MIN_HEADER > len) {
            return malformed("ipv4_truncated");
        }
        int vihl = b[off] & 0xff;
        int ihl = (vihl & 0x0f) * 4;
        if (vihl >>> 4 != 4 || ihl < IPV4_MIN_HEADER) {
            return malformed("ipv4_bad_header");
        }
        int total = u16(b, off + 2);
        if (total == 0 && off + ihl <= len) {
            // captured on the sender before TCP segmentation offload filled it in (Wireshark does the same)
            total = len - off;
        }
        if (total < ihl || off + ihl > len) {
            return malformed("ipv4_bad_length");
        }
        // Ethernet pads short frames; the IP total length is the truth. A snaplen cut leaves less.
        int end = Math.min(len, off + total);
        int missing = capturedMissing(off + total - end);
        stats.ipv4++;
        out.kind = DecodedPacket.Kind.IPV4;
        out.ipVersion = 4;
        out.srcIpOffset = off + 12;
        out.dstIpOffset = off + 16;
        out.ipProtocol = b[off + 9] & 0xff;
        int flagsFrag = u16(b, off + 6);
        boolean moreFragments = (flagsFrag & 0x2000) != 0;
        int fragOffset = (flagsFrag & 0x1fff) * 8;
        if (moreFragments || fragOffset != 0) {
            stats.fragments++;
            if (missing > 0) {
                return malformed("ipv4_fragment_truncated");
            }
            Ipv4Defragmenter.Datagram whole = defragmenter.add(b, off, ihl, end - off - ihl, fragOffset, moreFragments,
                    out.outerVlan, out.timestampNanos);
            if (whole == null) {
                return false; // waiting for the rest; the finished datagram is decoded when it completes
            }
            stats.reassembledDatagrams++;
            out.buf = whole.buffer();
            out.srcIpOffset = 12;
            out.dstIpOffset = 16;
            return transport(out, whole.buffer(), whole.headerLength(), whole.length(), 0);
        }
        return transport(out, b, off + ihl, end, missing);
    }

    private boolean ipv6(DecodedPacket out, byte[] b, int off, int len) {
        if (off + IPV6_HEADER > len) {
            return malformed("ipv6_truncated");
        }
        if ((b[off] & 0xff) >>> 4 != 6) {
            return malformed("ipv6_bad_header");
        }
        int payloadLen = u16(b, off + 4);
        int next = b[off + 6] & 0xff;
        int end = Math.min(len, off + IPV6_HEADER + payloadLen);
        int missing = capturedMissing(off + IPV6_HEADER + payloadLen - end);
        stats.ipv6++;
        out.kind = DecodedPacket.Kind.IPV6;
        out.ipVersion = 6;
        out.srcIpOffset = off + 8;
        out.dstIpOffset = off + 24;
        int p = off + IPV6_HEADER;
        // walk extension headers to the transport header
        while (next == EtherTypes.IPPROTO_HOPOPTS || next == EtherTypes.IPPROTO_ROUTING
                || next == EtherTypes.IPPROTO_DSTOPTS || next == EtherTypes.IPPROTO_FRAGMENT) {
            if (p + 8 > end) {
                return malformed("ipv6_extension_truncated");
            }
            if (next == EtherTypes.IPPROTO_FRAGMENT) {
                stats.fragments++;
                int fragField = u16(b, p + 2);
                if ((fragField & 0xfff8) != 0 || (fragField & 1) != 0) {
                    // IPv6 fragments are not reassembled (rare on control networks); counted here
                    out.ipProtocol = b[p] & 0xff;
                    stats.otherTransport++;
                    return true;
                }
                next = b[p] & 0xff;
                p += 8;
            } else {
                int extLen = ((b[p + 1] & 0xff) + 1) * 8;
                next = b[p] & 0xff;
                p += extLen;
            }
        }
        out.ipProtocol = next;
        return transport(out, b, p, end, missing);
    }

    /** Decodes TCP or UDP at {@code off}; {@code end} is where the IP payload stops in the buffer. */
    private boolean transport(DecodedPacket out, byte[] b, int off, int end, int missing) {
        switch (out.ipProtocol) {
            case EtherTypes.IPPROTO_TCP: {
                if (off + TCP_MIN_HEADER > end) {
                    return malformed("tcp_truncated");
                }
                int dataOffset = ((b[off + 12] & 0xff) >>> 4) * 4;
                if (dataOffset < TCP_MIN_HEADER || off + dataOffset > end) {
                    return malformed("tcp_bad_header_length");
                }
                stats.tcp++;
                out.srcPort = u16(b, off);
                out.dstPort = u16(b, off + 2);
                out.tcpSeq = i32(b, off + 4);
                out.tcpAck = i32(b, off + 8);
                out.tcpFlags = b[off + 13] & 0xff;
                out.payloadOffset = off + dataOffset;
                out.payloadLength = end - out.payloadOffset;
                out.payloadMissing = missing;
                return true;
            }
            case EtherTypes.IPPROTO_UDP: {
                if (off + UDP_HEADER > end) {
                    return malformed("udp_truncated");
                }
                int udpLen = u16(b, off + 4);
                if (udpLen < UDP_HEADER) {
                    return malformed("udp_bad_length");
                }
                stats.udp++;
                out.srcPort = u16(b, off);
                out.dstPort = u16(b, off + 2);
                out.payloadOffset = off + UDP_HEADER;
                int declaredEnd = off + udpLen;
                out.payloadLength = Math.min(end, declaredEnd) - out.payloadOffset;
                out.payloadMissing = Math.max(0, declaredEnd - end);
                return true;
            }
            default:
                stats.otherTransport++;
                return true; // still an IP packet: addresses are worth knowing
        }
    }

    private boolean malformed(String reason) {
        stats.malformed(reason);
        return false;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static int i32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static long mac(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
