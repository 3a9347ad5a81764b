package io.linewatch.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary documents that count folded actions (repeated writes, further blocks of a transfer), for the alerts:
 * the rules cite the transactions they alert on, and an alert written later must name a document. Kept beside the
 * rules, not in {@link Summaries}: with the rules on a thread of their own the summaries run ahead, and an alert
 * must name what a single thread would have named when it was raised, so the summaries hand each folded action on
 * in order with the facts ({@link RulesHandOff}).
 *
 * <p>Recent folded actions (the rules add a transaction to an open alert when they see it and write the alert soon
 * after), and those an alert has named already (it is written again as it repeats). Single-threaded: the rules'
 * thread.
 */
final class FoldedActions {
    static final int MAX_RECENT = 16_384;
    static final int MAX_CITED = 4_096;

    private final LinkedHashMap<String, String> recent = bounded(MAX_RECENT, false);
    private final LinkedHashMap<String, String> cited = bounded(MAX_CITED, true);

    /** A repeated action was folded into the summary whose first transaction is {@code firstId}. */
    void folded(String transactionId, String firstId) {
        recent.put(transactionId, firstId);
    }

    /** The document an alert's evidence id names: the summary that counts it when it is a folded action, else the id. */
    String documentOf(String transactionId) {
        String firstId = cited.get(transactionId);
        if (firstId == null) {
            firstId = recent.get(transactionId);
            if (firstId == null) {
                return transactionId;
            }
            cited.put(transactionId, firstId);
        }
        return Summaries.summaryId(firstId);
    }

    private static LinkedHashMap<String, String> bounded(int max, boolean accessOrder) {
        return new LinkedHashMap<>(256, 0.75f, accessOrder) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > max;
            }
        };
    }
}
