package io.linewatch.model.transaction;

/** {@code event.outcome}: how the responder answered. */
public enum Outcome {
    SUCCESS,
    /** An exception or error reply. */
    FAILURE,
    /** No reply seen. */
    UNKNOWN;

    public final String wireName = name().toLowerCase(java.util.Locale.ROOT);
}
