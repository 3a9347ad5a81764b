package io.linewatch.model.transaction;

/**
 * Something odd noticed while decoding an otherwise valid transaction. Each protocol has an enum of them
 * (its anomaly catalogue) with stable snake_case codes ({@code ot.anomalies}) that rules can rely on.
 */
public interface Anomaly {
    /** The stable code written to {@code ot.anomalies}. */
    String code();
}
