package io.linewatch.model.transaction;

/** What a transaction does, normalised across protocols ({@code ot.operation}). */
public enum Operation {
    READ, WRITE,
    /** Run, stop, restart, reset. */
    CONTROL,
    /** Program download, upload, block delete. */
    PROGRAM,
    FIRMWARE, DIAGNOSTIC,
    /** Identity reads, browsing, ListIdentity. */
    DISCOVERY,
    /** Connection and session set-up, keep-alive. */
    SESSION,
    OTHER;

    /** The {@code ot.operation} value. */
    public final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The operation of that {@code ot.operation} value; {@link #OTHER} for anything else. */
    public static Operation of(String wireName) {
        for (Operation o : values()) {
            if (o.wireName.equals(wireName)) {
                return o;
            }
        }
        return OTHER;
    }

    /** Changes the state of the process or of the controller (what rules and baselines watch most). */
    public boolean changesState() {
        return this == WRITE || this == CONTROL || this == PROGRAM || this == FIRMWARE;
    }
}
