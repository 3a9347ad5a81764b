package io.linewatch.dissectors.enip;

import java.io.ByteArrayOutputStream;

/** Builders for encapsulation PDUs in tests (the layouts are commented where they are used literally). */
final class EnipBytes {
    private EnipBytes() {
    }

    /** Header: command(2) length(2) session(4) status(4) sender context(8) options(4), little-endian. */
    static byte[] encap(int command, long session, long status, long context, byte[] body) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        le16(o, command);
        le16(o, body.length);
        le32(o, session);
        le32(o, status);
        le32(o, context & 0xffffffffL);
        le32(o, context >>> 32);
        le32(o, 0);
        o.writeBytes(body);
        return o.toByteArray();
    }

    /** SendRRData: interface handle(4) timeout(2), CPF with a null address item and an unconnected data item. */
    static byte[] sendRRData(long session, long context, byte[] cip) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        le32(o, 0);
        le16(o, 10);
        le16(o, 2);
        le16(o, 0x0000);
        le16(o, 0);
        le16(o, 0x00B2);
        le16(o, cip.length);
        o.writeBytes(cip);
        return encap(0x6F, session, 0, context, o.toByteArray());
    }

    /**
     * SendRRData whose CPF also carries further items after the unconnected data item (a Forward_Open exchange's
     * Sockaddr Info items: {@link #sockaddr}).
     */
    static byte[] sendRRData(long session, long context, byte[] cip, byte[]... items) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        le32(o, 0);
        le16(o, 10);
        le16(o, 2 + items.length);
        le16(o, 0x0000);
        le16(o, 0);
        le16(o, 0x00B2);
        le16(o, cip.length);
        o.writeBytes(cip);
        for (byte[] item : items) {
            o.writeBytes(item);
        }
        return encap(0x6F, session, 0, context, o.toByteArray());
    }

    /**
     * Sockaddr Info item: type(2) length(2) = 16, then sin_family(2) sin_port(2) sin_addr(4) big-endian, sin_zero(8).
     *
     * @param type 0x8000 (O->T) or 0x8001 (T->O)
     */
    static byte[] sockaddr(int type, int port, int a, int b, int c, int d) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        le16(o, type);
        le16(o, 16);
        o.write(0);
        o.write(2);                 // AF_INET, big-endian
        o.write(port >> 8);
        o.write(port);              // port, big-endian
        o.write(a);
        o.write(b);
        o.write(c);
        o.write(d);
        o.writeBytes(new byte[8]);  // sin_zero
        return o.toByteArray();
    }

    /** SendUnitData: connected address item (connection id) and connected data item (sequence count + CIP). */
    static byte[] sendUnitData(long session, long connectionId, int sequence, byte[] cip) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        le32(o, 0);
        le16(o, 0);
        le16(o, 2);
        le16(o, 0x00A1);
        le16(o, 4);
        le32(o, connectionId);
        le16(o, 0x00B1);
        le16(o, cip.length + 2);
        le16(o, sequence);
        o.writeBytes(cip);
        return encap(0x70, session, 0, 0, o.toByteArray());
    }

    /** Implicit I/O datagram: sequenced address item (connection id, sequence) and connected data item. */
    static byte[] io(long connectionId, long sequence, byte[] data) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        le16(o, 2);
        le16(o, 0x8002);
        le16(o, 8);
        le32(o, connectionId);
        le32(o, sequence);
        le16(o, 0x00B1);
        le16(o, data.length);
        o.writeBytes(data);
        return o.toByteArray();
    }

    static void le16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >> 8);
    }

    static void le32(ByteArrayOutputStream o, long v) {
        le16(o, (int) v & 0xffff);
        le16(o, (int) (v >>> 16) & 0xffff);
    }
}
