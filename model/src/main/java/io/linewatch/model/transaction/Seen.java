package io.linewatch.model.transaction;

/** {@code ot.seen}: which halves of a transaction were captured. */
public enum Seen {
    BOTH,
    /** The request only (no response seen). */
    REQUEST,
    /** The response only (its request was not seen). */
    RESPONSE,
    /** Bytes that did not decode; the transaction carries the reason. */
    MALFORMED;

    public final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The value for a pairing where either half may be missing. */
    public static Seen of(boolean request, boolean response) {
        return request && response ? BOTH : request ? REQUEST : RESPONSE;
    }
}
