package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/** The {@code cotp.*} fields: the ISO transport connection (port 102) the S7 records travel on. */
public final class CotpFields {
    private CotpFields() {
    }

    public static final String CALLING_TSAP = declare("cotp.calling_tsap", KEYWORD, "calling TSAP, hex");
    public static final String CALLED_TSAP = declare("cotp.called_tsap", KEYWORD, "called TSAP, hex");
    public static final String TPDU_SIZE = declare("cotp.tpdu_size", LONG, "largest TPDU agreed, bytes");
    public static final String DISCONNECT_REASON = declare("cotp.disconnect_reason", LONG, "reason code of a disconnect request");
}
