package io.linewatch.dissectors.enip;

import io.linewatch.model.transaction.Operation;

/**
 * CIP service codes with the {@code event.action} and {@code ot.operation} of their requests. Codes
 * 0x00-0x31 are common services (CIP Vol. 1, Appendix A) and mean the same on every object; codes from
 * 0x32 up are object specific, so the same wire value names different services depending on the
 * object addressed ({@link Scope}).
 */
public enum CipService {
    GET_ATTRIBUTES_ALL(0x01, Scope.COMMON, "get_attributes_all", Operation.READ),
    SET_ATTRIBUTES_ALL(0x02, Scope.COMMON, "set_attributes_all", Operation.WRITE),
    GET_ATTRIBUTE_LIST(0x03, Scope.COMMON, "get_attribute_list", Operation.READ),
    SET_ATTRIBUTE_LIST(0x04, Scope.COMMON, "set_attribute_list", Operation.WRITE),
    RESET(0x05, Scope.COMMON, "reset", Operation.CONTROL),
    START(0x06, Scope.COMMON, "start", Operation.CONTROL),
    STOP(0x07, Scope.COMMON, "stop", Operation.CONTROL),
    CREATE(0x08, Scope.COMMON, "create", Operation.WRITE),
    DELETE(0x09, Scope.COMMON, "delete", Operation.WRITE),
    MULTIPLE_SERVICE_PACKET(0x0A, Scope.COMMON, "multiple_service_packet", Operation.OTHER),
    APPLY_ATTRIBUTES(0x0D, Scope.COMMON, "apply_attributes", Operation.WRITE),
    GET_ATTRIBUTE_SINGLE(0x0E, Scope.COMMON, "get_attribute_single", Operation.READ),
    SET_ATTRIBUTE_SINGLE(0x10, Scope.COMMON, "set_attribute_single", Operation.WRITE),
    FIND_NEXT_OBJECT_INSTANCE(0x11, Scope.COMMON, "find_next_object_instance", Operation.READ),
    RESTORE(0x15, Scope.COMMON, "restore", Operation.WRITE),
    SAVE(0x16, Scope.COMMON, "save", Operation.WRITE),
    NOP(0x17, Scope.COMMON, "nop", Operation.OTHER),
    GET_MEMBER(0x18, Scope.COMMON, "get_member", Operation.READ),
    SET_MEMBER(0x19, Scope.COMMON, "set_member", Operation.WRITE),
    INSERT_MEMBER(0x1A, Scope.COMMON, "insert_member", Operation.WRITE),
    REMOVE_MEMBER(0x1B, Scope.COMMON, "remove_member", Operation.WRITE),
    GROUP_SYNC(0x1C, Scope.COMMON, "group_sync", Operation.OTHER),

    // Connection Manager object (class 0x06), CIP Vol. 1 section 3-5.5
    FORWARD_CLOSE(0x4E, Scope.CONNECTION_MANAGER, "forward_close", Operation.SESSION),
    UNCONNECTED_SEND(0x52, Scope.CONNECTION_MANAGER, "unconnected_send", Operation.OTHER),
    FORWARD_OPEN(0x54, Scope.CONNECTION_MANAGER, "forward_open", Operation.SESSION),
    GET_CONNECTION_DATA(0x56, Scope.CONNECTION_MANAGER, "get_connection_data", Operation.READ),
    SEARCH_CONNECTION_DATA(0x57, Scope.CONNECTION_MANAGER, "search_connection_data", Operation.READ),
    GET_CONNECTION_OWNER(0x5A, Scope.CONNECTION_MANAGER, "get_connection_owner", Operation.READ),
    LARGE_FORWARD_OPEN(0x5B, Scope.CONNECTION_MANAGER, "large_forward_open", Operation.SESSION),

    // Logix tag services (Rockwell "Logix 5000 Data Access"): symbolic tag paths or the Symbol object
    READ_TAG(0x4C, Scope.LOGIX_TAG, "read_tag", Operation.READ),
    WRITE_TAG(0x4D, Scope.LOGIX_TAG, "write_tag", Operation.WRITE),
    READ_MODIFY_WRITE_TAG(0x4E, Scope.LOGIX_TAG, "read_modify_write_tag", Operation.WRITE),
    READ_TAG_FRAGMENTED(0x52, Scope.LOGIX_TAG, "read_tag_fragmented", Operation.READ),
    WRITE_TAG_FRAGMENTED(0x53, Scope.LOGIX_TAG, "write_tag_fragmented", Operation.WRITE),
    GET_INSTANCE_ATTRIBUTE_LIST(0x55, Scope.LOGIX_TAG, "get_instance_attribute_list", Operation.READ),

    // PCCC object (class 0x67): PLC-5/SLC commands tunnelled in CIP
    EXECUTE_PCCC(0x4B, Scope.PCCC, "execute_pccc", Operation.OTHER);

    /** Which objects a service code means this on. */
    public enum Scope { COMMON, CONNECTION_MANAGER, LOGIX_TAG, PCCC }

    /** Class ids that select a scope. */
    public static final int CLASS_IDENTITY = 0x01;
    public static final int CLASS_MESSAGE_ROUTER = 0x02;
    public static final int CLASS_CONNECTION_MANAGER = 0x06;
    public static final int CLASS_PCCC = 0x67;
    public static final int CLASS_LOGIX_SYMBOL = 0x6B;
    public static final int CLASS_LOGIX_TEMPLATE = 0x6C;
    /**
     * Non-volatile storage object: Rockwell modules (1756-ENBT, ControlLogix controllers) take firmware through
     * it (ControlFLASH). Its services 0x4B-0x51 (begin, blocks, end of an update) have no public names, so they are
     * reported by number; their operation is {@code firmware} (Digital Bond QuickDraw "CL5000EIP Firmware Change":
     * one 0x4B, 5243 x 0x4D, one 0x51 on class 0xA1).
     */
    public static final int CLASS_NON_VOLATILE_STORAGE = 0xA1;
    static final int NVS_FIRST_SERVICE = 0x4B;
    static final int NVS_LAST_SERVICE = 0x51;

    /** Bit 7 of the service code marks a reply. */
    public static final int REPLY_BIT = 0x80;
    /** Reply service of an Unconnected Send that failed in routing (the embedded reply is absent). */
    public static final int UNCONNECTED_SEND_REPLY = UNCONNECTED_SEND.code | REPLY_BIT;

    public final int code;
    public final Scope scope;
    public final String action;
    public final Operation operation;

    CipService(int code, Scope scope, String action, Operation operation) {
        this.code = code;
        this.scope = scope;
        this.action = action;
        this.operation = operation;
    }

    /**
     * The service a request means, given what its path addresses; null for an object-specific code
     * this table does not name (reported by number).
     *
     * @param classId  the class in the request path, -1 if none
     * @param symbolic the path names a tag (ANSI extended symbolic segment)
     */
    public static CipService of(int code, int classId, boolean symbolic) {
        Scope scope;
        if (code < 0x32) {
            scope = Scope.COMMON;
        } else if (classId == CLASS_CONNECTION_MANAGER) {
            scope = Scope.CONNECTION_MANAGER;
        } else if (symbolic || classId == CLASS_LOGIX_SYMBOL || classId == CLASS_LOGIX_TEMPLATE) {
            scope = Scope.LOGIX_TAG;
        } else if (classId == CLASS_PCCC) {
            scope = Scope.PCCC;
        } else {
            return null;
        }
        return code >= 0 && code < BY_SCOPE_AND_CODE[0].length ? BY_SCOPE_AND_CODE[scope.ordinal()][code] : null;
    }

    /** The named services by scope and one-byte code: a look-up per request, no scan of {@code values()} (a copy). */
    private static final CipService[][] BY_SCOPE_AND_CODE = new CipService[Scope.values().length][0x100];

    static {
        for (CipService s : values()) {
            if (BY_SCOPE_AND_CODE[s.scope.ordinal()][s.code] == null) {
                BY_SCOPE_AND_CODE[s.scope.ordinal()][s.code] = s; // the first declared wins, as the scan did
            }
        }
    }

    /** {@code ot.operation} of a request: the named service's, firmware for the NVS services, else other. */
    public static Operation operation(int code, long classId, CipService known) {
        if (known != null) {
            return known.operation;
        }
        return classId == CLASS_NON_VOLATILE_STORAGE && code >= NVS_FIRST_SERVICE && code <= NVS_LAST_SERVICE
                ? Operation.FIRMWARE : Operation.OTHER;
    }

    /** {@code event.action} of a request, also for codes without a name ({@code service_0x4b}). */
    public static String action(int code, CipService known) {
        if (known != null) {
            return known.action;
        }
        return code >= 0 && code < UNNAMED.length ? UNNAMED[code] : String.format("service_0x%02x", code);
    }

    /** {@code service_0xNN} for every one-byte code, made once: vendor services are frequent (String.format per
     * transaction was 2-4% of the analysis, docs/PERFORMANCE.md). */
    private static final String[] UNNAMED = new String[256];

    static {
        for (int c = 0; c < UNNAMED.length; c++) {
            UNNAMED[c] = String.format("service_0x%02x", c);
        }
    }
}
