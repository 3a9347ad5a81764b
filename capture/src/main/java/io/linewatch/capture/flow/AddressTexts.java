package io.linewatch.capture.flow;

import io.linewatch.capture.decode.DecodedPacket;

/**
 * The text of the IP and MAC addresses of flows, shared between the flows of one table: every flow keeps its four
 * addresses as text for as long as it is open, and a network's flows run between far fewer hosts than there are
 * flows (100,000 flows between 650 hosts held 400,000 copies, about 20 MB). Direct-mapped and fixed in size, so it
 * is bounded and allocates nothing for an address it holds; a collision only means a new string.
 */
final class AddressTexts {
    private static final int SLOTS = 4096;
    private final long[] hi = new long[SLOTS];
    private final long[] lo = new long[SLOTS];
    /** The address length (4 or 16); 0: an empty slot. */
    private final byte[] length = new byte[SLOTS];
    private final String[] text = new String[SLOTS];
    private final long[] mac = new long[SLOTS];
    private final String[] macText = new String[SLOTS];

    /** The text of the packet's source ({@code source}) or destination address. */
    String ip(DecodedPacket p, boolean source) {
        int off = source ? p.srcIpOffset : p.dstIpOffset;
        int len = p.ipLength();
        long h = len == 16 ? FlowKey.readLong(p.buf, off) : 0;
        long l = len == 16 ? FlowKey.readLong(p.buf, off + 8) : FlowKey.readInt(p.buf, off);
        int slot = slot(h * 0x9E3779B97F4A7C15L + l);
        if (length[slot] == len && hi[slot] == h && lo[slot] == l) {
            return text[slot];
        }
        String s = Addresses.ip(p.buf, off, len);
        hi[slot] = h;
        lo[slot] = l;
        length[slot] = (byte) len;
        text[slot] = s;
        return s;
    }

    /** The colon form of a MAC address ({@link Addresses#mac(long)}); null for -1 (none). */
    String mac(long address) {
        if (address < 0) {
            return null;
        }
        int slot = slot(address);
        if (mac[slot] == address && macText[slot] != null) {
            return macText[slot];
        }
        mac[slot] = address;
        macText[slot] = Addresses.mac(address);
        return macText[slot];
    }

    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 52) & (SLOTS - 1);
    }
}
