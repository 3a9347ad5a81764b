package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.schema.Schema;
import io.linewatch.model.schema.SummaryFields;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary stage alone: which transactions stay, what a summary says, when it is written. */
class SummariesTest {
    private static final long S = 1_000_000_000L;

    /** A conversation's two ends, as a flow gives them. */
    private record Ends(String id, String clientIp, String serverIp) implements Endpoints {
        @Override
        public String transport() {
            return "tcp";
        }

        @Override
        public int clientPort() {
            return 40000;
        }

        @Override
        public int serverPort() {
            return 502;
        }

        @Override
        public String clientMac() {
            return "02:00:00:00:00:01";
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

    private final Ends hmiToPlc = new Ends("tcp 10.0.0.1:40000 10.0.0.2:502", "10.0.0.1", "10.0.0.2");
    private final List<EventDoc> written = new ArrayList<>();
    private final Summaries summaries = new Summaries(60 * S, written::add);
    private long sequence;

    private Transaction read(long ts, long... values) {
        return new Transaction(hmiToPlc, sequence++, Protocol.MODBUS, ts).action("read_holding_registers")
                .operation(Operation.READ).outcome(Outcome.SUCCESS).function(3).unit(1)
                .objects(ObjectRef.range("holding_registers", 100, values.length)).values(values, false)
                .durationNanos(2_000_000);
    }

    @Test
    void pollingIsFoldedPerKeyAndInterval() {
        assertTrue(summaries.offer(read(10 * S, 5, 7)), "the first of its key stays");
        assertFalse(summaries.offer(read(11 * S, 3, 9)));
        assertFalse(summaries.offer(read(12 * S, 4, 8)));
        assertTrue(written.isEmpty(), "nothing before the interval ends");
        Transaction exception = read(13 * S, 0, 0).values(null, false).outcome(Outcome.FAILURE).status(2);
        assertTrue(summaries.offer(exception), "an exception reply stays");
        assertFalse(summaries.offer(read(61 * S, 6, 6)), "the key is known: folded, in the next interval");
        assertEquals(1, written.size(), "the first interval ended at 60 s");
        EventDoc d = written.get(0);
        assertEquals(List.of(), Schema.problems(d.asMap()));
        assertEquals(SummaryFields.DATASET, d.getString(Fields.EVENT_DATASET));
        assertEquals(2L, d.get(SummaryFields.COUNT));
        assertEquals(2L, d.get(SummaryFields.NOTABLE));
        assertEquals(1L, d.get(SummaryFields.EXCEPTIONS));
        assertEquals(S, d.get(SummaryFields.PERIOD_MEAN), "10, 11, 12, 13 s");
        assertEquals(0L, d.get(SummaryFields.PERIOD_JITTER));
        assertEquals(2_000_000L, d.get(SummaryFields.DURATION_MAX));
        assertEquals("1970-01-01T00:00:00.000000Z", d.getString(SummaryFields.INTERVAL_START));
        assertEquals("1970-01-01T00:00:10.000000Z", d.getString(Fields.EVENT_START));
        assertEquals("1970-01-01T00:00:13.000000Z", d.getString(Fields.EVENT_END));
        assertEquals("10.0.0.1", d.getString(Fields.SOURCE_IP));
        assertEquals(List.of(Map.of("address", 100L, "min", 3L, "max", 4L, "last", 4L),
                Map.of("address", 101L, "min", 8L, "max", 9L, "last", 8L)), d.get(SummaryFields.VARIABLES),
                "values of the folded transactions (the first kept its own document)");
        summaries.finish();
        assertEquals(2, written.size());
        assertEquals(1L, written.get(1).get(SummaryFields.COUNT));
        assertEquals(Map.of("transactions", 5L, "own_documents", 2L, "folded", 3L, "summaries", 2L), summaries.counters());
    }

    @Test
    void aCitedTransactionStaysAndAFoldedOneIsFoundInItsSummary() {
        assertTrue(summaries.offer(read(1 * S, 1, 2)), "the first of its key");
        Transaction cited = read(2 * S, 1, 2);
        assertTrue(summaries.offer(cited, true), "evidence of an observation: a document of its own");
        Transaction folded = read(3 * S, 1, 2);
        assertFalse(summaries.offer(folded, false));
        String summaryId = summaries.summaryIdOf(folded.id());
        assertNull(summaries.summaryIdOf(cited.id()), "only the last transaction, when it was folded");
        summaries.finish();
        assertEquals(1, written.size());
        assertEquals(written.get(0).id(), summaryId, "an identity fact of the folded read cites its summary");
        assertEquals(2L, written.get(0).get(SummaryFields.NOTABLE));
    }

    @Test
    void writesControlAndOtherKeysStay() {
        summaries.offer(read(1 * S, 1));
        Transaction write = new Transaction(hmiToPlc, sequence++, Protocol.MODBUS, 2 * S).action("write_single_register")
                .operation(Operation.WRITE).function(6).unit(1).objects(ObjectRef.range("holding_registers", 100, 1))
                .values(new long[] {1}, true);
        assertTrue(summaries.offer(write));
        assertTrue(summaries.offer(write(3 * S)), "every write, not only the first");
        assertTrue(summaries.offer(read(4 * S, 1, 2)), "another address block is another key");
        assertTrue(summaries.offer(new Transaction(hmiToPlc, sequence++, Protocol.MODBUS, 5 * S).malformed("short")));
        Transaction stop = new Transaction(hmiToPlc, sequence++, Protocol.S7COMM, 6 * S).action("plc_stop")
                .operation(Operation.CONTROL).function(0x29);
        assertTrue(summaries.offer(stop));
        assertFalse(summaries.offer(read(7 * S, 1)));
        summaries.finish();
        assertEquals(1, written.size(), "one key had a folded transaction");
    }

    private Transaction write(long ts) {
        return new Transaction(hmiToPlc, sequence++, Protocol.MODBUS, ts).action("write_single_register")
                .operation(Operation.WRITE).function(6).unit(1).objects(ObjectRef.range("holding_registers", 100, 1))
                .values(new long[] {2}, true);
    }

    @Test
    void variablesAreBoundedAndTheOverflowCounted() {
        long[] many = new long[Summaries.MAX_VARIABLES + 8];
        summaries.offer(read(1 * S, many));
        summaries.offer(read(2 * S, many));
        summaries.finish();
        EventDoc d = written.get(0);
        assertEquals(Summaries.MAX_VARIABLES, ((List<?>) d.get(SummaryFields.VARIABLES)).size());
        assertEquals(8L, d.get(SummaryFields.VARIABLES_OVERFLOW));
        assertEquals(S, d.get(SummaryFields.PERIOD_MEAN), "the period counts the key's own documents too");
        assertEquals(1L, d.get(SummaryFields.COUNT));
        assertNull(d.get(SummaryFields.UNIT.replace("unit", "subfunction")), "no sub-function: not written");
    }
}
