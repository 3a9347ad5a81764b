package io.linewatch.capture.decode;

/**
 * The layers of one frame, as offsets into {@link #buf} rather than objects: the decoder fills one
 * instance per packet and reuses it. {@code buf} is the frame's own buffer, or the reassembled
 * datagram for fragmented IPv4.
 */
public final class DecodedPacket {
    /** {@code LINK}: a layer-2 protocol frame for the link-layer dissectors ({@link #link}, payload after the EtherType or SNAP header). */
    public enum Kind { IPV4, IPV6, ARP, LINK, OTHER }

    public long timestampNanos;
    public int wireLength;
    public byte[] buf;
    public Kind kind;

    /** 48-bit MAC addresses as longs; -1 when the link layer has none (raw IP, cooked capture dst). */
    public long srcMac;
    public long dstMac;
    public int outerVlan;
    public int innerVlan;
    public int etherType;
    /** Which layer-2 protocol a {@link Kind#LINK} frame carries; null otherwise. */
    public LinkProtocol link;

    public int ipVersion;
    public int srcIpOffset;
    public int dstIpOffset;
    public int ipProtocol;

    public int srcPort;
    public int dstPort;
    public int tcpSeq;
    public int tcpAck;
    public int tcpFlags;

    public int payloadOffset;
    public int payloadLength;
    /** Bytes of the transport payload the snapshot length cut off (counted, never guessed). */
    public int payloadMissing;

    public int arpOperation;
    public int arpSenderMacOffset;
    public int arpSenderIpOffset;
    public int arpTargetIpOffset;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    void reset(long ts, int wireLength, byte[] buf) {
        this.timestampNanos = ts;
        this.wireLength = wireLength;
        this.buf = buf;
        kind = Kind.OTHER;
        srcMac = -1;
        dstMac = -1;
        outerVlan = -1;
        innerVlan = -1;
        etherType = -1;
        link = null;
        ipVersion = 0;
        ipProtocol = -1;
        srcPort = -1;
        dstPort = -1;
        tcpFlags = 0;
        payloadOffset = 0;
        payloadLength = 0;
        payloadMissing = 0;
    }

    /**
     * Makes this a copy of {@code o} whose offsets point into {@code buf}, which must hold a copy of
     * {@code o.buf} (so a packet can be handed to another thread while the decoder's buffers are reused).
     */
    public void copyFrom(DecodedPacket o, byte[] buf) {
        this.buf = buf;
        timestampNanos = o.timestampNanos;
        wireLength = o.wireLength;
        kind = o.kind;
        srcMac = o.srcMac;
        dstMac = o.dstMac;
        outerVlan = o.outerVlan;
        innerVlan = o.innerVlan;
        etherType = o.etherType;
        link = o.link;
        ipVersion = o.ipVersion;
        srcIpOffset = o.srcIpOffset;
        dstIpOffset = o.dstIpOffset;
        ipProtocol = o.ipProtocol;
        srcPort = o.srcPort;
        dstPort = o.dstPort;
        tcpSeq = o.tcpSeq;
        tcpAck = o.tcpAck;
        tcpFlags = o.tcpFlags;
        payloadOffset = o.payloadOffset;
        payloadLength = o.payloadLength;
        payloadMissing = o.payloadMissing;
        arpOperation = o.arpOperation;
        arpSenderMacOffset = o.arpSenderMacOffset;
        arpSenderIpOffset = o.arpSenderIpOffset;
        arpTargetIpOffset = o.arpTargetIpOffset;
    }

    public int ipLength() {
        return ipVersion == 6 ? 16 : 4;
    }

    public boolean isTcp() {
        return ipProtocol == EtherTypes.IPPROTO_TCP && srcPort >= 0;
    }

    public boolean isUdp() {
        return ipProtocol == EtherTypes.IPPROTO_UDP && srcPort >= 0;
    }

    public boolean hasFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }
}
