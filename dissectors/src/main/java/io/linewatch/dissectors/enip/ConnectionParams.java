package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.Bytes;
import java.util.Map;

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
        int fixed = large ? LARGE_FORWARD_OPEN_FIXED : FORWARD_OPEN_FIXED;
        if (len < fixed) {
            return null;
        }
        ConnectionParams c = new ConnectionParams(false, Bytes.u16le(b, off + 10), Bytes.u16le(b, off + 12), Bytes.u32le(b, off + 14));
        c.oToId = Bytes.u32le(b, off + 2);
        c.tToId = Bytes.u32le(b, off + 6);
        c.timeoutMultiplier = b[off + 18] & 0xff;
        int p = off + 22;
        c.oToRpi = Bytes.u32le(b, p);
        p += 4;
        c.oToParams = large ? Bytes.u32le(b, p) : Bytes.u16le(b, p);
        p += large ? 4 : 2;
        c.tToRpi = Bytes.u32le(b, p);
        p += 4;
        c.tToParams = large ? Bytes.u32le(b, p) : Bytes.u16le(b, p);
        p += large ? 4 : 2;
        c.transportTrigger = b[p] & 0xff;
        int pathLen = Math.min(2 * (b[p + 1] & 0xff), off + len - (p + 2));
        EPath path = EPath.parse(b, p + 2, pathLen);
        c.path = path.describe();
        c.routed = !path.ports.isEmpty();
        return c;
    }

    static ConnectionParams parseForwardClose(byte[] b, int off, int len) {
        if (len < FORWARD_CLOSE_FIXED) {
            return null;
        }
        ConnectionParams c = new ConnectionParams(true, Bytes.u16le(b, off + 2), Bytes.u16le(b, off + 4), Bytes.u32le(b, off + 6));
        int pathLen = Math.min(2 * (b[off + 10] & 0xff), len - FORWARD_CLOSE_FIXED);
        EPath path = EPath.parse(b, off + FORWARD_CLOSE_FIXED, pathLen);
        c.path = path.describe();
        c.routed = !path.ports.isEmpty();
        return c;
    }

    /** Successful Forward_Open reply: the connection ids the target chose and the actual intervals. */
    boolean applyForwardOpenReply(byte[] b, int off, int len) {
        if (len < FORWARD_OPEN_REPLY_FIXED) {
            return false;
        }
        oToId = Bytes.u32le(b, off);
        tToId = Bytes.u32le(b, off + 4);
        oToApi = Bytes.u32le(b, off + 16);
        tToApi = Bytes.u32le(b, off + 20);
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

    void putRequestFields(Map<String, Object> f) {
        f.put(EnipFields.CIP_CONNECTION_SERIAL, serial);
        f.put(EnipFields.CIP_CONNECTION_VENDOR_ID, vendorId);
        f.put(EnipFields.CIP_CONNECTION_ORIGINATOR_SERIAL, originatorSerial);
        if (!close) {
            f.put(EnipFields.CIP_CONNECTION_O_T_ID, oToId);
            f.put(EnipFields.CIP_CONNECTION_T_O_ID, tToId);
            f.put(EnipFields.CIP_CONNECTION_TIMEOUT_MULTIPLIER, timeoutMultiplier);
            f.put(EnipFields.CIP_CONNECTION_O_T_RPI, oToRpi);
            f.put(EnipFields.CIP_CONNECTION_T_O_RPI, tToRpi);
            f.put(EnipFields.CIP_CONNECTION_O_T_PARAMS, oToParams);
            f.put(EnipFields.CIP_CONNECTION_T_O_PARAMS, tToParams);
            f.put(EnipFields.CIP_CONNECTION_TRANSPORT_CLASS, transportClass());
            f.put(EnipFields.CIP_CONNECTION_TRANSPORT_TRIGGER, transportTrigger);
        }
        f.put(EnipFields.CIP_CONNECTION_PATH, path);
    }

    void putReplyFields(Map<String, Object> f) {
        f.put(EnipFields.CIP_CONNECTION_O_T_ID, oToId);
        f.put(EnipFields.CIP_CONNECTION_T_O_ID, tToId);
        f.put(EnipFields.CIP_CONNECTION_O_T_API, oToApi);
        f.put(EnipFields.CIP_CONNECTION_T_O_API, tToApi);
    }
}
