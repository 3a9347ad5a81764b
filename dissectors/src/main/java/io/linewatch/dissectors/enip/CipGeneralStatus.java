package io.linewatch.dissectors.enip;

/** CIP general status codes (CIP Vol. 1, Appendix B). */
public enum CipGeneralStatus {
    SUCCESS(0x00, "Success"),
    CONNECTION_FAILURE(0x01, "Connection failure"),
    RESOURCE_UNAVAILABLE(0x02, "Resource unavailable"),
    INVALID_PARAMETER_VALUE(0x03, "Invalid parameter value"),
    PATH_SEGMENT_ERROR(0x04, "Path segment error"),
    PATH_DESTINATION_UNKNOWN(0x05, "Path destination unknown"),
    PARTIAL_TRANSFER(0x06, "Partial transfer"),
    CONNECTION_LOST(0x07, "Connection lost"),
    SERVICE_NOT_SUPPORTED(0x08, "Service not supported"),
    INVALID_ATTRIBUTE_VALUE(0x09, "Invalid attribute value"),
    ATTRIBUTE_LIST_ERROR(0x0A, "Attribute list error"),
    ALREADY_IN_REQUESTED_MODE_STATE(0x0B, "Already in requested mode/state"),
    OBJECT_STATE_CONFLICT(0x0C, "Object state conflict"),
    OBJECT_ALREADY_EXISTS(0x0D, "Object already exists"),
    ATTRIBUTE_NOT_SETTABLE(0x0E, "Attribute not settable"),
    PRIVILEGE_VIOLATION(0x0F, "Privilege violation"),
    DEVICE_STATE_CONFLICT(0x10, "Device state conflict"),
    REPLY_DATA_TOO_LARGE(0x11, "Reply data too large"),
    FRAGMENTATION_OF_A_PRIMITIVE_VALUE(0x12, "Fragmentation of a primitive value"),
    NOT_ENOUGH_DATA(0x13, "Not enough data"),
    ATTRIBUTE_NOT_SUPPORTED(0x14, "Attribute not supported"),
    TOO_MUCH_DATA(0x15, "Too much data"),
    OBJECT_DOES_NOT_EXIST(0x16, "Object does not exist"),
    SERVICE_FRAGMENTATION_SEQUENCE_NOT_IN_PROGRESS(0x17, "Service fragmentation sequence not in progress"),
    NO_STORED_ATTRIBUTE_DATA(0x18, "No stored attribute data"),
    STORE_OPERATION_FAILURE(0x19, "Store operation failure"),
    ROUTING_FAILURE_REQUEST_PACKET_TOO_LARGE(0x1A, "Routing failure, request packet too large"),
    ROUTING_FAILURE_RESPONSE_PACKET_TOO_LARGE(0x1B, "Routing failure, response packet too large"),
    MISSING_ATTRIBUTE_LIST_ENTRY_DATA(0x1C, "Missing attribute list entry data"),
    INVALID_ATTRIBUTE_VALUE_LIST(0x1D, "Invalid attribute value list"),
    EMBEDDED_SERVICE_ERROR(0x1E, "Embedded service error"),
    VENDOR_SPECIFIC_ERROR(0x1F, "Vendor specific error"),
    INVALID_PARAMETER(0x20, "Invalid parameter"),
    WRITE_ONCE_VALUE_OR_MEDIUM_ALREADY_WRITTEN(0x21, "Write-once value or medium already written"),
    INVALID_REPLY_RECEIVED(0x22, "Invalid reply received"),
    BUFFER_OVERFLOW(0x23, "Buffer overflow"),
    INVALID_MESSAGE_FORMAT(0x24, "Invalid message format"),
    KEY_FAILURE_IN_PATH(0x25, "Key failure in path"),
    PATH_SIZE_INVALID(0x26, "Path size invalid"),
    UNEXPECTED_ATTRIBUTE_IN_LIST(0x27, "Unexpected attribute in list"),
    INVALID_MEMBER_ID(0x28, "Invalid Member ID"),
    MEMBER_NOT_SETTABLE(0x29, "Member not settable"),
    GROUP_2_ONLY_SERVER_GENERAL_FAILURE(0x2A, "Group 2 only server general failure"),
    UNKNOWN_MODBUS_ERROR(0x2B, "Unknown Modbus error"),
    ATTRIBUTE_NOT_GETTABLE(0x2C, "Attribute not gettable");

    public final int code;
    public final String text;

    CipGeneralStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    private static final CipGeneralStatus[] BY_CODE = new CipGeneralStatus[0x100];

    static {
        for (CipGeneralStatus s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    /** The status with this wire value, or null for a reserved or vendor value. */
    public static CipGeneralStatus of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
