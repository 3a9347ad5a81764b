package io.linewatch.pipeline;

/**
 * Which transactions get a document of their own ({@code --transactions}, {@code --summary-interval}).
 *
 * @param all            every transaction is its own document (forensics, comparisons with Wireshark)
 * @param intervalNanos  with {@code all} false: the length of a summary interval in capture time
 */
public record TransactionOutput(boolean all, long intervalNanos) {
    /** The default summary interval: 60 s of capture time. */
    public static final long DEFAULT_INTERVAL_NANOS = 60_000_000_000L;

    /** One document per transaction, as before summaries existed. */
    public static final TransactionOutput ALL = new TransactionOutput(true, DEFAULT_INTERVAL_NANOS);

    /** The default: notable transactions alone, the rest summarised per 60 s. */
    public static final TransactionOutput NOTABLE = notable(DEFAULT_INTERVAL_NANOS);

    public TransactionOutput {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("the summary interval must be positive");
        }
    }

    public static TransactionOutput notable(long intervalNanos) {
        return new TransactionOutput(false, intervalNanos);
    }
}
