package io.linewatch.model;

/** Enumerated values of the shared fields (SCHEMA.md). */
public final class Values {
    private Values() {
    }

    public static final String KIND_EVENT = "event";
    public static final String KIND_ALERT = "alert";

    public static final String OUTCOME_SUCCESS = "success";
    public static final String OUTCOME_FAILURE = "failure";
    public static final String OUTCOME_UNKNOWN = "unknown";

    public static final String SEEN_BOTH = "both";
    public static final String SEEN_REQUEST = "request";
    public static final String SEEN_RESPONSE = "response";
    /** A record for bytes that could not be decoded; carries {@link Fields#OT_MALFORMED_REASON}. */
    public static final String SEEN_MALFORMED = "malformed";

    public static final String OP_READ = "read";
    public static final String OP_WRITE = "write";
    public static final String OP_CONTROL = "control";
    public static final String OP_PROGRAM = "program";
    public static final String OP_FIRMWARE = "firmware";
    public static final String OP_DIAGNOSTIC = "diagnostic";
    public static final String OP_DISCOVERY = "discovery";
    public static final String OP_SESSION = "session";
    public static final String OP_OTHER = "other";

    public static final String DATASET_FLOW = "linewatch.flow";
    public static final String ACTION_MALFORMED = "malformed";
}
