package io.linewatch.capture.flow;

import io.linewatch.capture.decode.DecodedPacket;

/**
 * Bidirectional flow identity: transport, VLANs and the two endpoints in canonical order, so both
 * directions of a conversation map to the same key. Addresses are packed into longs (IPv4 in the low
 * 32 bits of {@code lo}) so a lookup allocates nothing: the table probes with one reusable key.
 */
public final class FlowKey {
    int transport;
    int vlans;
    long aHi;
    long aLo;
    int aPort;
    long bHi;
    long bLo;
    int bPort;
    /** True when the packet's source is endpoint a. */
    boolean sourceIsA;
    private int hash;

    FlowKey() {
    }

    /** Fills this key from a decoded packet (reusing the instance). */
    void set(DecodedPacket p) {
        byte[] buf = p.buf;
        long sHi = 0;
        long sLo;
        long dHi = 0;
        long dLo;
        if (p.ipVersion == 6) {
            sHi = readLong(buf, p.srcIpOffset);
            sLo = readLong(buf, p.srcIpOffset + 8);
            dHi = readLong(buf, p.dstIpOffset);
            dLo = readLong(buf, p.dstIpOffset + 8);
        } else {
            sLo = readInt(buf, p.srcIpOffset);
            dLo = readInt(buf, p.dstIpOffset);
        }
        transport = p.ipProtocol | (p.ipVersion << 8);
        vlans = ((p.outerVlan + 1) << 13) | (p.innerVlan + 1);
        int sPort = Math.max(p.srcPort, 0);
        int dPort = Math.max(p.dstPort, 0);
        int cmp = Long.compare(sHi, dHi);
        if (cmp == 0) {
            cmp = Long.compare(sLo, dLo);
        }
        if (cmp == 0) {
            cmp = Integer.compare(sPort, dPort);
        }
        sourceIsA = cmp <= 0;
        if (sourceIsA) {
            aHi = sHi; aLo = sLo; aPort = sPort; bHi = dHi; bLo = dLo; bPort = dPort;
        } else {
            aHi = dHi; aLo = dLo; aPort = dPort; bHi = sHi; bLo = sLo; bPort = sPort;
        }
        long h = transport * 31L + vlans;
        h = h * 0x9E3779B97F4A7C15L + aHi;
        h = h * 0x9E3779B97F4A7C15L + aLo;
        h = h * 0x9E3779B97F4A7C15L + aPort;
        h = h * 0x9E3779B97F4A7C15L + bHi;
        h = h * 0x9E3779B97F4A7C15L + bLo;
        h = h * 0x9E3779B97F4A7C15L + bPort;
        hash = (int) (h ^ (h >>> 32));
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.transport = transport;
        k.vlans = vlans;
        k.aHi = aHi;
        k.aLo = aLo;
        k.aPort = aPort;
        k.bHi = bHi;
        k.bLo = bLo;
        k.bPort = bPort;
        k.hash = hash;
        k.sourceIsA = sourceIsA;
        return k;
    }

    /** Symmetric hash: the same for both directions, so flows can be spread over workers by it. */
    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.hash == hash && k.transport == transport && k.vlans == vlans
                && k.aLo == aLo && k.bLo == bLo && k.aPort == aPort && k.bPort == bPort && k.aHi == aHi && k.bHi == bHi;
    }

    static long readLong(byte[] b, int off) {
        return (readInt(b, off) << 32) | (readInt(b, off + 4) & 0xffffffffL);
    }

    static long readInt(byte[] b, int off) {
        return (((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff)) & 0xffffffffL;
    }
}
