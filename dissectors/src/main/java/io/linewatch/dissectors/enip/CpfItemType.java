package io.linewatch.dissectors.enip;

/** Common packet format item types (CIP Vol. 2, section 2-6). */
public enum CpfItemType {
    NULL_ADDRESS(0x0000),
    /** ListIdentity reply: the target's CIP Identity. */
    CIP_IDENTITY(0x000C),
    CIP_SECURITY_INFO(0x0086),
    ENIP_CAPABILITY(0x0087),
    ENIP_USAGE(0x0088),
    /** Connection identifier of a connected (class 3) message. */
    CONNECTED_ADDRESS(0x00A1),
    /** Connected message: 16-bit sequence count then CIP (class 3), or I/O data. */
    CONNECTED_DATA(0x00B1),
    /** Unconnected CIP message (SendRRData). */
    UNCONNECTED_DATA(0x00B2),
    LIST_SERVICES_RESPONSE(0x0100),
    SOCKADDR_O_T(0x8000),
    SOCKADDR_T_O(0x8001),
    /** Implicit I/O: connection identifier and 32-bit encapsulation sequence number. */
    SEQUENCED_ADDRESS(0x8002),
    UNCONNECTED_MESSAGE_UDP(0x8003);

    public final int code;

    CpfItemType(int code) {
        this.code = code;
    }

    public static CpfItemType of(int code) {
        for (CpfItemType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
