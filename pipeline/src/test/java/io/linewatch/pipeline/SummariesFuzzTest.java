package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.linewatch.model.EventDoc;
import io.linewatch.model.schema.Schema;
import io.linewatch.model.schema.SummaryFields;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.testkit.RandomInputs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary stage under Jazzer (issue 16): transactions of any protocol, operation, outcome, unit, address range
 * and values on a handful of connections, with capture time going forward, back and far ahead. Every transaction
 * is counted in exactly one document (its own, or its key's summary's {@code linewatch.summary.count}), and every
 * summary document is valid against the schema. The suite replays the seeds and random inputs for two seconds;
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class SummariesFuzzTest {
    private static final long S = 1_000_000_000L;
    private static final int MAX_TRANSACTIONS = 500;

    private record Ends(String id, String clientIp, String serverIp, int clientPort) implements Endpoints {
        @Override
        public String transport() {
            return "tcp";
        }

        @Override
        public int serverPort() {
            return 502;
        }

        @Override
        public String clientMac() {
            return null;
        }

        @Override
        public String serverMac() {
            return null;
        }

        @Override
        public int vlan() {
            return -1;
        }

        @Override
        public int innerVlan() {
            return -1;
        }
    }

    @FuzzTest(maxDuration = "30s")
    void everyTransactionIsCountedOnce(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        List<EventDoc> written = new ArrayList<>();
        long interval = in.remaining() >= 1 ? (1 + (in.get() & 0x3f)) * S : 60 * S;
        Summaries summaries = new Summaries(interval, written::add, (id, firstId) -> { });
        Ends[] ends = new Ends[4];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = new Ends("tcp 10.0.0." + i + ":4000" + i + " 10.0.1." + i + ":502", "10.0.0." + i, "10.0.1." + (i % 2),
                    40000 + i);
        }
        Protocol[] protocols = Protocol.values();
        Operation[] operations = Operation.values();
        long now = 1_700_000_000L * S;
        long own = 0;
        long offered = 0;
        for (int i = 0; i < MAX_TRANSACTIONS && in.remaining() >= 8; i++) {
            int a = in.get() & 0xff;
            int b = in.get() & 0xff;
            int step = in.get();
            now += step >= 0 ? step * 50_000_000L : (step == -128 ? 86_400 * S : step * S);
            Transaction t = new Transaction(ends[a & 3], i, protocols[(a >> 2) % protocols.length], now)
                    .action("f" + (b & 7)).function(b & 7).unit(in.get() & 3)
                    .operation((a & 0x40) != 0 ? null : operations[b % operations.length])
                    .outcome((b & 0x80) != 0 ? Outcome.FAILURE : Outcome.SUCCESS)
                    .seen((a & 0x80) != 0 ? Seen.REQUEST : Seen.BOTH);
            int count = in.get() & 0x0f;
            if (count > 0) {
                t.objects(ObjectRef.range("holding_registers", in.get() & 0xff, count));
                long[] v = new long[Math.min(count, 3)];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.remaining() > 0 ? in.get() : 0;
                }
                t.values(v, (b & 0x40) != 0);
            }
            if (in.remaining() > 0 && (in.get() & 0x07) == 0) {
                t.durationNanos(in.remaining() > 0 ? (in.get() & 0xff) * 1_000_000L : 0);
            }
            offered++;
            if (summaries.offer(t)) {
                own++;
            }
        }
        summaries.finish();
        long folded = 0;
        for (EventDoc d : written) {
            List<String> problems = Schema.problems(d.asMap());
            assertTrue(problems.isEmpty(), problems + " in " + d);
            Long c = d.getLong(SummaryFields.COUNT);
            assertTrue(c != null && c > 0, "a summary without a count: " + d);
            folded += c;
        }
        assertEquals(offered, own + folded, "every transaction in exactly one document");
    }

    /** A bounded random run in the normal suite (seeded, so a failure repeats with -Dfuzz.seed). */
    @Test
    void randomInputsForTwoSeconds() {
        RandomInputs.forTwoSeconds(getClass().getSimpleName(), 4096, this::everyTransactionIsCountedOnce);
    }
}
