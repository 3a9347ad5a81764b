package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;

/**
 * Identity object attributes 1-7 (and 8, state, when present) as a ListIdentity reply item and a
 * Get_Attributes_All reply on the Identity object carry them: vendor id(2) device type(2) product
 * code(2) revision major(1) minor(1) status(2) serial number(4) product name (SHORT_STRING) [state(1)].
 */
record CipIdentity(int vendorId, int deviceType, int productCode, int revisionMajor, int revisionMinor, int status,
                   long serialNumber, String productName, int state, String socketAddress) {
    /** Fixed part before the product name. */
    static final int FIXED = 14;
    /** ListIdentity item prefix: protocol version(2) and a big-endian sockaddr_in(16). */
    static final int LIST_IDENTITY_PREFIX = 18;

    /** From a Get_Attributes_All reply's data; null if too short. */
    static CipIdentity parse(byte[] b, int off, int len) {
        return parse(b, off, len, null);
    }

    /** From a ListIdentity reply's CIP Identity item; null if too short. */
    static CipIdentity parseListIdentityItem(byte[] b, int off, int len) {
        if (len < LIST_IDENTITY_PREFIX + FIXED + 1) {
            return null;
        }
        // sin_family(2) sin_port(2) sin_addr(4), big-endian as in BSD sockets
        int port = Bytes.u16be(b, off + 4);
        String addr = (b[off + 6] & 0xff) + "." + (b[off + 7] & 0xff) + "." + (b[off + 8] & 0xff) + "." + (b[off + 9] & 0xff);
        return parse(b, off + LIST_IDENTITY_PREFIX, len - LIST_IDENTITY_PREFIX, addr + ":" + port);
    }

    private static CipIdentity parse(byte[] b, int off, int len, String socket) {
        if (len < FIXED + 1) {
            return null;
        }
        int nameLen = b[off + FIXED] & 0xff;
        if (FIXED + 1 + nameLen > len) {
            return null;
        }
        String name = Bytes.text(b, off + FIXED + 1, nameLen);
        int stateAt = FIXED + 1 + nameLen;
        int state = stateAt < len ? b[off + stateAt] & 0xff : -1;
        return new CipIdentity(Bytes.u16le(b, off), Bytes.u16le(b, off + 2), Bytes.u16le(b, off + 4),
                b[off + 6] & 0xff, b[off + 7] & 0xff, Bytes.u16le(b, off + 8), Bytes.u32le(b, off + 10), name, state, socket);
    }

    String vendorName() {
        return vendorId == 0 ? null : CipVendors.name(vendorId);
    }

    /** Revision as Wireshark prints it: major.minor with two minor digits ({@code 4.03}). */
    String revision() {
        return String.format("%d.%02d", revisionMajor, revisionMinor);
    }

    /** Serial number as Wireshark prints it ({@code 0x00524d8e}). */
    String serialHex() {
        return String.format("0x%08x", serialNumber);
    }

    void putFields(EventDoc e) {
        String p = EnipFields.CIP_IDENTITY;
        e.put(p + "vendor_id", vendorId);
        e.put(p + "vendor_name", vendorName());
        e.put(p + "device_type", deviceType);
        CipDeviceType type = CipDeviceType.of(deviceType);
        e.put(p + "device_type_name", type == null ? null : type.text);
        e.put(p + "product_code", productCode);
        e.put(p + "revision", revision());
        e.put(p + "status", status);
        e.put(p + "serial_number", serialHex());
        e.put(p + "product_name", productName);
        if (state >= 0) {
            e.put(p + "state", state);
        }
        e.put(p + "socket_address", socketAddress);
    }

    /** Identity facts about the device that answered (the server of the session's flow when {@code aboutServer}). */
    void report(FlowSession session, boolean aboutServer, String source, long ts, String eventId) {
        session.identity(aboutServer, Fields.DEVICE_MANUFACTURER, vendorName(), source, ts, eventId);
        session.identity(aboutServer, Fields.DEVICE_MODEL_NAME, productName, source, ts, eventId);
        session.identity(aboutServer, Fields.DEVICE_MODEL_IDENTIFIER, Integer.toString(productCode), source, ts, eventId);
        session.identity(aboutServer, Fields.DEVICE_FIRMWARE_VERSION, revision(), source, ts, eventId);
        session.identity(aboutServer, Fields.DEVICE_SERIAL_NUMBER, serialHex(), source, ts, eventId);
    }
}
