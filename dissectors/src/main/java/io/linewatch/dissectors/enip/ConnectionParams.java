package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.model.schema.CipFields;
import io.linewatch.model.transaction.Detail;

/**
 * Connection Manager request and reply parameters (CIP Vol. 1, section 3-5.5.2):
 * <pre>
 * Forward_Open: priority/tick(1) timeout ticks(1) O-&gt;T id(4) T-&gt;O id(4) connection serial(2)
 *               originator vendor(2) originator serial(4) timeout multiplier(1) reserved(3)
 *               O-&gt;T RPI(4) O-&gt;T parameters(2; 4 in Large_Forward_Open) T-&gt;O RPI(4) T-&gt;O parameters(2|4)
 *               transport type/trigger(1) path size in words(1) connection path
 * reply:        O-&gt;T id(4) T-&gt;O id(4) serial(2) vendor(2) originator serial(4) O-&gt;T API(4) T-&gt;O API(4) ...
 * Forward_Close: priority/tick(1) timeout ticks(1) serial(2) vendor(2) originator serial(4) path size(1) reserved(1) path
 * </pre>
 * The triple (serial, vendor, originator serial) names a connection across Forward_Open and Forward_Close.
 */
final class ConnectionParams {
    static final int FORWARD_OPEN_FIXED = 36;
    static final int LARGE_FORWARD_OPEN_FIXED = 40;
    static final int FORWARD_OPEN_REPLY_FIXED = 24;
    static final int FORWARD_CLOSE_FIXED = 12;
    /** Transport class: low nibble of the transport type/trigger byte. */
    static final int TRANSPORT_CLASS_MASK = 0x0F;

    final boolean close;
    long oToId;
    long tToId;
    final int serial;
    final int vendorId;
    final long originatorSerial;
    int timeoutMultiplier = -1;
    long oToRpi = -1;
    long tToRpi = -1;
    long oToParams = -1;
    long tToParams = -1;
    int transportTrigger = -1;
    String path;
    /** The connection path goes through a port (to another module or network). */
    boolean routed;
    /**
     * Its port segments as a route from the target address ({@code "1/0"}: backplane slot 0; {@code "1/2,2/10.0.0.5,1/0"}:
     * through the module in slot 2 to the chassis of 10.0.0.5), or null: the device the connection reaches.
     */
    String route;
    long oToApi = -1;
    long tToApi = -1;
    boolean established;

    private ConnectionParams(boolean close, int serial, int vendorId, long originatorSerial) {
        this.close = close;
        this.serial = serial;
        this.vendorId = vendorId;
        this.originatorSerial = originatorSerial;
    }

    static ConnectionParams parseForwardOpen(byte[] b, int off, int len, boolean large) {
        if (len < (large ? LARGE_FORWARD_OPEN_FIXED : FORWARD_OPEN_FIXED)) {
            return null;
        }
        ByteReader r = new ByteReader(b, off, len, "forward_open");
        r.skip(2); // priority/time tick, timeout ticks
        long oToId = r.u32le();
        long tToId = r.u32le();
        ConnectionParams c = new ConnectionParams(false, r.u16le(), r.u16le(), r.u32le());
        c.oToId = oToId;
        c.tToId = tToId;
        c.timeoutMultiplier = r.u8();
        r.skip(3); // reserved
        c.oToRpi = r.u32le();
        c.oToParams = large ? r.u32le() : r.u16le();
        c.tToRpi = r.u32le();
        c.tToParams = large ? r.u32le() : r.u16le();
        c.transportTrigger = r.u8();
        c.setPath(b, r);
        return c;
    }

    static ConnectionParams parseForwardClose(byte[] b, int off, int len) {
        if (len < FORWARD_CLOSE_FIXED) {
            return null;
        }
        ByteReader r = new ByteReader(b, off, len, "forward_close");
        r.skip(2); // priority/time tick, timeout ticks
        ConnectionParams c = new ConnectionParams(true, r.u16le(), r.u16le(), r.u32le());
        c.setPath(b, r);
        return c;
    }

    /** Path size in words(1) [reserved(1) in Forward_Close] then the path, cut to what the request holds. */
    private void setPath(byte[] b, ByteReader r) {
        int pathLength = 2 * r.u8();
        if (close) {
            r.skip(1);
        }
        EPath parsed = EPath.parse(b, r.position(), Math.min(pathLength, r.remaining()));
        path = parsed.describe();
        routed = !parsed.ports.isEmpty();
        route = routed ? String.join(",", parsed.ports) : null;
    }

    /** Successful Forward_Open reply: the connection ids the target chose and the actual intervals. */
    boolean applyForwardOpenReply(byte[] b, int off, int len) {
        if (len < FORWARD_OPEN_REPLY_FIXED) {
            return false;
        }
        ByteReader r = new ByteReader(b, off, len, "forward_open_reply");
        oToId = r.u32le();
        tToId = r.u32le();
        r.skip(8); // the connection triple, echoed
        oToApi = r.u32le();
        tToApi = r.u32le();
        established = true;
        return true;
    }

    int transportClass() {
        return transportTrigger < 0 ? -1 : transportTrigger & TRANSPORT_CLASS_MASK;
    }

    /** Key of the connection triple. */
    String triple() {
        return serial + "/" + vendorId + "/" + originatorSerial;
    }

    void writeRequestDetail(Detail d) {
        d.put(CipFields.CONNECTION_SERIAL_NUMBER, serial);
        d.put(CipFields.CONNECTION_ORIGINATOR_VENDOR_ID, vendorId);
        d.put(CipFields.CONNECTION_ORIGINATOR_SERIAL_NUMBER, originatorSerial);
        if (!close) {
            d.put(CipFields.CONNECTION_O_T_ID, oToId);
            d.put(CipFields.CONNECTION_T_O_ID, tToId);
            d.put(CipFields.CONNECTION_TIMEOUT_MULTIPLIER, timeoutMultiplier);
            d.put(CipFields.CONNECTION_O_T_RPI_US, oToRpi);
            d.put(CipFields.CONNECTION_T_O_RPI_US, tToRpi);
            d.put(CipFields.CONNECTION_O_T_PARAMETERS, oToParams);
            d.put(CipFields.CONNECTION_T_O_PARAMETERS, tToParams);
            d.put(CipFields.CONNECTION_TRANSPORT_CLASS, transportClass());
            d.put(CipFields.CONNECTION_TRANSPORT_TRIGGER, transportTrigger);
        }
        d.put(CipFields.CONNECTION_PATH, path);
    }

    /** What a successful Forward_Open reply set (after {@link #applyForwardOpenReply}). */
    void writeReplyDetail(Detail d) {
        d.put(CipFields.CONNECTION_O_T_ID, oToId);
        d.put(CipFields.CONNECTION_T_O_ID, tToId);
        d.put(CipFields.CONNECTION_O_T_API_US, oToApi);
        d.put(CipFields.CONNECTION_T_O_API_US, tToApi);
    }
}
