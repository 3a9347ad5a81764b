package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.BOOLEAN;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/** The {@code s7comm_plus.*} fields: the recognisable head of S7comm-plus messages (objects are not decoded). */
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
}
