package io.linewatch.pipeline;

import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.Transaction;

/**
 * What {@link Downstream} gives the rules, in the order of the records: applied at once ({@link RulesStage}) or
 * handed to the rules' own thread ({@link RulesHandOff}).
 */
interface RulesInput {
    /** A transaction, after the inventory, the baseline and the summaries have seen it. */
    void transaction(Transaction t);

    /** A departure from the baseline, as it is journaled. */
    void observation(Observation o);

    void flowEnded(FlowRecord f);

    /** A repeated action was folded into the summary whose first transaction is {@code firstId}. */
    void folded(String transactionId, String firstId);

    /** Capture time passing without records. */
    void tick(long nanos);

    /** Between packets: changed rule files are picked up. */
    void maintain();

    /** The end of the input: every open alert's latest state is written. */
    void finish();
}
