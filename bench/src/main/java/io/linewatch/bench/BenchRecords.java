package io.linewatch.bench;

import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;

/** The typed transactions every dissector of {@link Dissectors#all()} makes of the OT-mix test captures, in order. */
public final class BenchRecords {
    private BenchRecords() {
    }

    public static List<Transaction> otMixTransactions() {
        RecordedFlows recorded = new RecordedFlows(
                BenchInputs.decoded(BenchInputs.frames(BenchInputs.captures(BenchInputs.OT_MIX))));
        List<Transaction> out = new ArrayList<>();
        DissectorContext context = new DissectorContext(new Records() {
            @Override
            public void transaction(Transaction t) {
                out.add(t);
            }

            @Override
            public void flowEnded(FlowRecord f) {
            }
        }, fact -> { });
        List<DissectorFactory> factories = Dissectors.all();
        for (RecordedFlows.Recorded r : recorded.flows) {
            for (DissectorFactory f : factories) {
                if (f.handles(r.flow())) {
                    r.replay(f.create(new FlowSession(r.flow(), context)));
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the dissectors made no transaction of the OT-mix captures");
        }
        return out;
    }
}
