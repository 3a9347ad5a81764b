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

    /** A conversation's two ends, as a flow gives them (also {@link RulesHandOffTest}'s). */
    record Ends(String id, String clientIp, String serverIp) implements Endpoints {
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
    private final FoldedActions folded = new FoldedActions();
    private final Summaries summaries = new Summaries(60 * S, written::add, folded::folded);
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
        assertEquals("1970-01-01T00:00:10.000000Z", d.getString(Fields.TIMESTAMP));
        assertEquals("1970-01-01T00:00:13.000000Z", d.getString(Fields.EVENT_END));
        assertNull(d.get(Fields.EVENT_START), "the first transaction is @timestamp, not said twice");
        assertNull(d.get(Fields.EVENT_DURATION), "event.end - @timestamp");
        assertEquals("10.0.0.1", d.getString(Fields.SOURCE_IP));
        assertEquals(List.of(Map.of("address", 100L, "min", 3L, "max", 4L, "last", 4L),
                Map.of("address", 101L, "min", 8L, "max", 9L, "last", 8L)), d.get(SummaryFields.VARIABLES),
                "values of the folded transactions (the first kept its own document)");
        summaries.finish();
        assertEquals(2, written.size());
        assertEquals(1L, written.get(1).get(SummaryFields.COUNT));
        assertEquals(List.of(Map.of("address", 100L, "last", 6L), Map.of("address", 101L, "last", 6L)),
                written.get(1).get(SummaryFields.VARIABLES), "a value that did not change is its last only");
        assertNull(written.get(1).get(SummaryFields.NOTABLE), "counters of 0 are left out");
        assertNull(written.get(1).get(SummaryFields.EXCEPTIONS));
        assertNull(written.get(1).get(SummaryFields.UNANSWERED));
        assertEquals(List.of(), Schema.problems(written.get(1).asMap()));
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
    void aWriteOfTheValuesItsKeyWroteLastFoldsANewValueStays() {
        assertTrue(summaries.offer(write(1 * S, 7)), "the first write of its key");
        assertFalse(summaries.offer(write(2 * S, 7)), "the same value again: a cyclic write, counted in the summary");
        assertFalse(summaries.offer(write(3 * S, 7)));
        assertTrue(summaries.offer(write(4 * S, 8)), "a new value is an action of its own");
        assertFalse(summaries.offer(write(5 * S, 8)));
        assertTrue(summaries.offer(write(6 * S, 7)), "back to the old value: new against the previous write");
        assertTrue(summaries.offer(write(7 * S, 7).outcome(Outcome.FAILURE).status(2)), "a refused write stays");
        Transaction otherRegister = new Transaction(hmiToPlc, sequence++, Protocol.MODBUS, 8 * S)
                .action("write_single_register").operation(Operation.WRITE).function(6).unit(1)
                .objects(ObjectRef.range("holding_registers", 101, 1)).values(new long[] {7}, true);
        assertTrue(summaries.offer(otherRegister), "the same value to another object: another key");
        Transaction undecoded = write(9 * S, 7).values(null, false);
        assertTrue(summaries.offer(undecoded), "a write whose values are unknown cannot be shown to repeat");
        assertTrue(summaries.offer(write(10 * S, 7)), "nor can the write after it");
        assertFalse(summaries.offer(write(70 * S, 7)), "a repeat stays a repeat in a later interval");
        summaries.finish();
        assertEquals(2, written.size());
        EventDoc first = written.get(0);
        assertEquals(3L, first.get(SummaryFields.COUNT), "the three repeats of the first interval");
        assertEquals(6L, first.get(SummaryFields.NOTABLE));
        assertEquals(List.of(Map.of("address", 100L, "min", 7L, "max", 8L, "last", 8L)), first.get(SummaryFields.VARIABLES),
                "the repeated values are in the summary");
    }

    @Test
    void aFoldedActionAnAlertCitesIsNamedByTheSummaryThatCountsIt() {
        Transaction first = write(1 * S, 7);
        assertTrue(summaries.offer(first));
        Transaction repeat = write(2 * S, 7);
        assertFalse(summaries.offer(repeat));
        assertEquals(first.id(), folded.documentOf(first.id()), "a document of its own names itself");
        String cited = folded.documentOf(repeat.id());
        summaries.finish();
        assertEquals(written.get(0).id(), cited);
        assertEquals(cited, folded.documentOf(repeat.id()), "an alert written again names the same summary");
    }

    @Test
    void aTransferIsOneActionItsFurtherBlocksFold() {
        Ends tool = new Ends("tcp 10.0.0.9:40001 10.0.0.2:44818", "10.0.0.9", "10.0.0.2");
        Ends other = new Ends("tcp 10.0.0.8:40002 10.0.0.3:44818", "10.0.0.8", "10.0.0.3");
        assertTrue(summaries.offer(nvs(tool, 1 * S, 0x4B)), "the transfer's start");
        assertTrue(summaries.offer(nvs(tool, 2 * S, 0x4D)), "its first block");
        assertTrue(summaries.offer(nvs(other, 2 * S, 0x4D)), "another pair's transfer is its own");
        assertFalse(summaries.offer(nvs(tool, 3 * S, 0x4D)), "a further block of the same transfer");
        assertFalse(summaries.offer(nvs(other, 3 * S, 0x4D)), "interleaved pairs do not interrupt each other");
        assertTrue(summaries.offer(read(3 * S, 1)), "other traffic of the pair");
        assertFalse(summaries.offer(nvs(tool, 4 * S, 0x4D)), "does not interrupt the transfer either");
        assertTrue(summaries.offer(nvs(tool, 5 * S, 0x4D).outcome(Outcome.FAILURE).status(0x0C)), "a refused block stays");
        assertFalse(summaries.offer(nvs(tool, 6 * S, 0x4D)));
        assertTrue(summaries.offer(nvs(tool, 7 * S, 0x51)), "the transfer's end");
        assertTrue(summaries.offer(nvs(tool, 8 * S, 0x4B)), "a second transfer starts");
        assertTrue(summaries.offer(nvs(tool, 9 * S, 0x4D)), "its first block is an action of its own");
        assertFalse(summaries.offer(nvs(tool, 10 * S, 0x4D)));
        assertTrue(summaries.offer(nvs(tool, 10 * S + Summaries.TRANSFER_GAP_NANOS + 1, 0x4D)),
                "after a pause longer than the gap: a new transfer");
        summaries.finish();
        long blocksFolded = written.stream().filter(d -> "service_0x4d".equals(d.getString(Fields.EVENT_ACTION)))
                .mapToLong(d -> (Long) d.get(SummaryFields.COUNT)).sum();
        assertEquals(5L, blocksFolded, "every folded block is counted in a summary");
        assertTrue(written.stream().allMatch(d -> "firmware".equals(d.getString(Fields.OT_OPERATION))
                || "read".equals(d.getString(Fields.OT_OPERATION))));
    }

    /** A CIP request to the non-volatile storage object (class 0xA1), as the ENIP dissector gives it. */
    private Transaction nvs(Ends ends, long ts, int service) {
        return new Transaction(ends, sequence++, Protocol.ENIP, ts).action(String.format("service_0x%02x", service))
                .operation(Operation.FIRMWARE).outcome(Outcome.SUCCESS).function(service)
                .objects(ObjectRef.cip(0xA1, 1, -1));
    }

    private Transaction write(long ts, long value) {
        return new Transaction(hmiToPlc, sequence++, Protocol.MODBUS, ts).action("write_single_register")
                .operation(Operation.WRITE).outcome(Outcome.SUCCESS).function(6).unit(1)
                .objects(ObjectRef.range("holding_registers", 100, 1)).values(new long[] {value}, true);
    }

    @Test
    void aKeyHasRoomForTheValuesItsTransactionsCarriedAndGrowsWithThem() {
        Transaction first = read(1 * S, 1, 2).objects(ObjectRef.range("holding_registers", 100, 8));
        Transaction two = read(2 * S, 3, 4).objects(ObjectRef.range("holding_registers", 100, 8));
        summaries.offer(first);
        summaries.offer(two);
        assertEquals(2, summaries.valueRoom(), "two values, not room for " + Summaries.MAX_VARIABLES);
        summaries.offer(read(3 * S, 5, 0, 7, 8, 9).objects(ObjectRef.range("holding_registers", 100, 8)));
        assertEquals(5, summaries.valueRoom());
        summaries.finish();
        assertEquals(List.of(Map.of("address", 100L, "min", 3L, "max", 5L, "last", 5L),
                Map.of("address", 101L, "min", 0L, "max", 4L, "last", 0L), Map.of("address", 102L, "last", 7L),
                Map.of("address", 103L, "last", 8L), Map.of("address", 104L, "last", 9L)),
                written.get(0).get(SummaryFields.VARIABLES), "the values kept before the room grew stay");
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
