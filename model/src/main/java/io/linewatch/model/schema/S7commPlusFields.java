package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.BOOLEAN;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/**
 * The {@code s7comm_plus.*} fields: the head of S7comm-plus messages, and for the requests that can change a
 * controller the objects and attributes they name (operating state, program objects, blocks).
 */
public final class S7commPlusFields {
    private S7commPlusFields() {
    }

    public static final String VERSION = declare("s7comm_plus.version", LONG, "protocol version (1, 2, 3)");
    public static final String OPCODE = declare("s7comm_plus.opcode", LONG, "0x31 request, 0x32 response, 0x33 notification");
    public static final String FUNCTION_CODE = declare("s7comm_plus.function_code", LONG, "function code");
    public static final String FUNCTION_NAME = declare("s7comm_plus.function_name", KEYWORD, "function name");
    public static final String SEQUENCE = declare("s7comm_plus.sequence_number", LONG, "sequence number pairing request and response");
    public static final String SESSION_ID = declare("s7comm_plus.session_id", LONG, "session (or subscription) object id");
    public static final String RETURN_VALUE = declare("s7comm_plus.return_value", LONG, "return value of the response (0 success)");
    public static final String INTEGRITY = declare("s7comm_plus.integrity_protected", BOOLEAN, "messages of the connection carry an integrity digest");
    public static final String OBJECT_ID = declare("s7comm_plus.object_id", LONG,
            "object (RID) the request addresses: 52 CPUexecUnit, 3 PLCProgram, a block (0x8a320001 = OB 1), the deleted object, the parent of a created one");
    public static final String ATTRIBUTE_IDS = declare("s7comm_plus.attribute_ids", LONG,
            "attribute ids the request writes or reads (2167 CPUexecUnit.OperatingStateREQ, ...)");
    public static final String OPERATING_STATE_REQUEST = declare("s7comm_plus.operating_state_request", LONG,
            "operating state written to CPUexecUnit.OperatingStateREQ (1 STOP, 3 RUN)");
    public static final String CLASS_ID = declare("s7comm_plus.class_id", LONG,
            "class of the object a CreateObject creates (2520 PLCProgram, 2610 OB, 2574 DB, 287 ServerSession, ...)");
    public static final String CLASS_NAME = declare("s7comm_plus.class_name", KEYWORD, "name of that class, where known");
    public static final String ORDER_NUMBER = declare("s7comm_plus.order_number", KEYWORD,
            "order number the CPU reports when a session is set up (ServerSessionVersion)");
    public static final String FIRMWARE_VERSION = declare("s7comm_plus.firmware_version", KEYWORD,
            "firmware version the CPU reports when a session is set up (ServerSessionVersion)");
}
