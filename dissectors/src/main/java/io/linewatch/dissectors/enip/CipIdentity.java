package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.model.Fields;
import io.linewatch.model.schema.CipFields;
import io.linewatch.model.transaction.Detail;

/**
 * Identity object attributes 1-7 (and 8, state, when present) as a ListIdentity reply item and a
 * Get_Attributes_All reply on the Identity object carry them: vendor id(2) device type(2) product
 * code(2) revision major(1) minor(1) status(2) serial number(4) product name (SHORT_STRING) [state(1)].
 */
record CipIdentity(int vendorId, int deviceType, int productCode, int revisionMajor, int revisionMinor, int status,
                   long serialNumber, String productName, int state, String socketAddress) {
    /** Identity object attribute ids (CIP Vol. 1, section 5A-2.2). */
    static final int ATTR_VENDOR_ID = 1;
    static final int ATTR_DEVICE_TYPE = 2;
    static final int ATTR_PRODUCT_CODE = 3;
    static final int ATTR_REVISION = 4;
    static final int ATTR_STATUS = 5;
    static final int ATTR_SERIAL_NUMBER = 6;
    static final int ATTR_PRODUCT_NAME = 7;
    static final int ATTR_STATE = 8;

    /** ListIdentity item prefix: protocol version(2), then a big-endian sockaddr_in(16). */
    static final int SOCKADDR_ZERO_LENGTH = 8;

    /** From a Get_Attributes_All reply's data; null if too short. */
    static CipIdentity parse(byte[] b, int off, int len) {
        try {
            return read(new ByteReader(b, off, len, "cip_identity"), null);
        } catch (DecodeException e) {
            return null;
        }
    }

    /**
     * From a Get_Attribute_List reply on the Identity instance: count(2), then per attribute id(2) status(2) and, when
     * the status is 0, its value (UINT vendor, device type, product code; USINT major, minor; WORD status; UDINT serial;
     * SHORT_STRING name; USINT state). Null unless attributes 1, 2, 3, 4, 6 and 7 were all read: a partial list is not
     * an identity. An attribute of unknown size ends the walk.
     */
    static CipIdentity parseAttributeList(byte[] b, int off, int len) {
        int vendor = -1, type = -1, product = -1, major = -1, minor = -1, status = 0, state = -1;
        long serial = -1;
        String name = null;
        try {
            ByteReader r = new ByteReader(b, off, len, "cip_identity_list");
            int count = r.u16le();
            walk:
            for (int i = 0; i < count; i++) {
                int id = r.u16le();
                if (r.u16le() != 0) {
                    continue; // not read: no value follows
                }
                switch (id) {
                    case ATTR_VENDOR_ID -> vendor = r.u16le();
                    case ATTR_DEVICE_TYPE -> type = r.u16le();
                    case ATTR_PRODUCT_CODE -> product = r.u16le();
                    case ATTR_REVISION -> {
                        major = r.u8();
                        minor = r.u8();
                    }
                    case ATTR_STATUS -> status = r.u16le();
                    case ATTR_SERIAL_NUMBER -> serial = r.u32le();
                    case ATTR_PRODUCT_NAME -> name = r.paddedText(r.u8());
                    case ATTR_STATE -> state = r.u8();
                    default -> {
                        break walk;
                    }
                }
            }
        } catch (DecodeException e) {
            // cut short: what was read before stands, the completeness check below decides
        }
        if (vendor < 0 || type < 0 || product < 0 || major < 0 || serial < 0 || name == null) {
            return null;
        }
        return new CipIdentity(vendor, type, product, major, minor, status, serial, name, state, null);
    }

    /** From a ListIdentity reply's CIP Identity item, after its protocol version; null if too short. */
    static CipIdentity readListIdentityItem(ByteReader r) {
        try {
            r.skip(2); // sin_family
            // sin_port and sin_addr are big-endian, as in BSD sockets
            int port = r.u16();
            String addr = r.u8() + "." + r.u8() + "." + r.u8() + "." + r.u8();
            r.skip(SOCKADDR_ZERO_LENGTH);
            return read(r, addr + ":" + port);
        } catch (DecodeException e) {
            return null;
        }
    }

    private static CipIdentity read(ByteReader r, String socket) {
        int vendorId = r.u16le();
        int deviceType = r.u16le();
        int productCode = r.u16le();
        int major = r.u8();
        int minor = r.u8();
        int status = r.u16le();
        long serial = r.u32le();
        String name = r.paddedText(r.u8());
        int state = r.remaining() > 0 ? r.u8() : -1;
        return new CipIdentity(vendorId, deviceType, productCode, major, minor, status, serial, name, state, socket);
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

    void writeDetail(Detail d) {
        d.put(CipFields.IDENTITY_VENDOR_ID, vendorId);
        d.put(CipFields.IDENTITY_VENDOR_NAME, vendorName());
        d.put(CipFields.IDENTITY_DEVICE_TYPE, deviceType);
        CipDeviceType type = CipDeviceType.of(deviceType);
        d.put(CipFields.IDENTITY_DEVICE_TYPE_NAME, type == null ? null : type.text);
        d.put(CipFields.IDENTITY_PRODUCT_CODE, productCode);
        d.put(CipFields.IDENTITY_REVISION, revision());
        d.put(CipFields.IDENTITY_STATUS, status);
        d.put(CipFields.IDENTITY_SERIAL_NUMBER, serialHex());
        d.put(CipFields.IDENTITY_PRODUCT_NAME, productName);
        if (state >= 0) {
            d.put(CipFields.IDENTITY_STATE, state);
        }
        d.put(CipFields.IDENTITY_SOCKET_ADDRESS, socketAddress);
    }

    /**
     * Identity facts about the device that answered (the server of the session's flow when {@code aboutServer}),
     * or, when {@code route} is not null, about the device that route leads to from the server (a controller
     * behind its communication module). The product code is a product code ({@code device.product_code}); the
     * model identifier is the catalog number the product name starts with, when it does.
     */
    void report(FlowSession session, boolean aboutServer, String route, String source, long ts, String eventId) {
        report(session, aboutServer, route, Fields.DEVICE_MANUFACTURER, vendorName(), source, ts, eventId);
        report(session, aboutServer, route, Fields.DEVICE_MODEL_NAME, productName, source, ts, eventId);
        report(session, aboutServer, route, Fields.DEVICE_MODEL_IDENTIFIER, catalogNumber(productName), source, ts, eventId);
        report(session, aboutServer, route, Fields.DEVICE_PRODUCT_CODE, Integer.toString(productCode), source, ts, eventId);
        report(session, aboutServer, route, Fields.DEVICE_FIRMWARE_VERSION, revision(), source, ts, eventId);
        report(session, aboutServer, route, Fields.DEVICE_SERIAL_NUMBER, serialHex(), source, ts, eventId);
        report(session, aboutServer, route, Fields.DEVICE_TYPE, deviceTypeName(), source, ts, eventId);
    }

    /** The device profile's name ("Communications Adapter"), or its number when the table has no name for it. */
    String deviceTypeName() {
        CipDeviceType type = CipDeviceType.of(deviceType);
        return type != null ? type.text : "device type " + deviceType;
    }

    private static void report(FlowSession session, boolean aboutServer, String route, String field, String value,
                               String source, long ts, String eventId) {
        if (route == null) {
            session.identity(aboutServer, field, value, source, ts, eventId);
        } else {
            session.identityBehind(route, field, value, source, ts, eventId);
        }
    }

    /**
     * Rockwell-style catalog numbers ({@code 1756-ENBT/A}, {@code 1756-L61/B}, {@code 1769-L32E}) that product
     * names start with ("1756-L61/B LOGIX5561"); null when the name does not start with one.
     */
    static String catalogNumber(String productName) {
        if (productName == null) {
            return null;
        }
        java.util.regex.Matcher m = CATALOG_NUMBER.matcher(productName.strip());
        return m.lookingAt() ? m.group() : null;
    }

    private static final java.util.regex.Pattern CATALOG_NUMBER =
            java.util.regex.Pattern.compile("[0-9]{4}-[A-Z0-9]+(?:-[A-Z0-9]+)*(?:/[A-Z])?(?=\\s|$)");
}
