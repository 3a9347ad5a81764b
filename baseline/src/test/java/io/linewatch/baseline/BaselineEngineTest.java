package io.linewatch.baseline;

import static io.linewatch.baseline.Synthetic.S;
import static io.linewatch.baseline.Synthetic.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.Fields;
import io.linewatch.model.schema.Schema;
import io.linewatch.model.transaction.Documents;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each observation type on synthetic transactions, with its evidence; nothing on a clean continuation. */
class BaselineEngineTest {
    private Synthetic plant;
    private long end;

    @BeforeEach
    void learnTenMinutes() {
        plant = new Synthetic(BaselineConfig.learnFor(Duration.ofMinutes(10)));
        plant.identity(T0 + 5 * S, "10.0.0.1", Fields.DEVICE_FIRMWARE_VERSION, "V4.2.1");
        plant.identity(T0 + 5 * S, "10.0.0.1", Fields.DEVICE_SERIAL_NUMBER, "S C-X4U421302016");
        plant.identity(T0 + 5 * S, "10.0.0.1", "device.mode", "run");
        end = plant.normal(T0, 12 * 60); // 10 min learning, 2 more of the same
        assertEquals(List.of(), plant.seen, "nothing reported while learning or on the same traffic after it");
    }

    private Observation only(ObservationType type) {
        List<Observation> l = plant.of(type);
        assertEquals(1, l.size(), () -> type + " in " + plant.seen);
        return l.get(0);
    }

    @Test
    void cleanContinuationReportsNothing() {
        end = plant.normal(end, 30 * 60);
        plant.engine.finish(end);
        assertEquals(List.of(), plant.seen);
        assertTrue(plant.engine.counters().judged > 0);
    }

    @Test
    void wholeRunLearningReportsNothing() {
        Synthetic whole = new Synthetic(BaselineConfig.learnWholeRun());
        long t = whole.normal(T0, 600);
        whole.feed(whole.write("10.0.0.99", "10.0.0.1", t, 7, 1));
        whole.engine.finish(t + 3600 * S);
        assertEquals(List.of(), whole.seen);
    }

    @Test
    void newLaptopWritingToKnownPlcIsNewDeviceTalkerAndUnauthorizedWriteAndNotLearned() {
        Transaction w = plant.write("10.0.0.99", "10.0.0.1", end, 100, 501);
        plant.feed(w);
        Observation dev = only(ObservationType.NEW_DEVICE);
        assertEquals("10.0.0.99", dev.actorIp());
        assertEquals(List.of(w.id()), dev.evidenceIds());
        Observation talker = only(ObservationType.NEW_TALKER);
        assertEquals("10.0.0.99", talker.actorIp());
        assertEquals("10.0.0.1", talker.targetIp());
        Observation write = only(ObservationType.UNAUTHORIZED_WRITE);
        assertEquals(List.of(w.id()), write.evidenceIds());
        assertTrue(write.expected().contains("10.0.0.10"), write.expected());
        // the same write 20 minutes later (past the new device's own grace) is still unauthorized, folded in
        Transaction again = plant.write("10.0.0.99", "10.0.0.1", end + 20 * 60 * S, 100, 501);
        plant.feed(again);
        plant.engine.finish(end + 20 * 60 * S);
        List<Observation> writes = plant.of(ObservationType.UNAUTHORIZED_WRITE);
        Observation last = writes.get(writes.size() - 1);
        assertEquals(write.id(), last.id());
        assertEquals(2, last.count());
        assertEquals(List.of(w.id(), again.id()), last.evidenceIds());
    }

    @Test
    void newFunctionOnAKnownPair() {
        Transaction t = plant.tx("10.0.0.10", "10.0.0.1", end, 6, "write_single_register", Operation.WRITE)
                .objects(ObjectRef.range("holding_registers", 100, 1)).values(new long[] {501}, true);
        plant.feed(t);
        Observation o = only(ObservationType.NEW_FUNCTION);
        assertEquals("function:10.0.0.10>10.0.0.1/modbus/1/6/-1", o.key());
        assertEquals(List.of(t.id()), o.evidenceIds());
        assertEquals(List.of(), plant.of(ObservationType.UNAUTHORIZED_WRITE), "a known writer of a known address");
    }

    @Test
    void newObjectReadAndWriteToNewAddress() {
        Transaction r = plant.read("10.0.0.10", "10.0.0.1", end, 200, 10);
        Transaction w = plant.write("10.0.0.10", "10.0.0.1", end + S, 300, 1);
        plant.feed(r);
        plant.feed(w);
        Observation read = only(ObservationType.NEW_OBJECT_READ);
        assertEquals(List.of(r.id()), read.evidenceIds());
        assertEquals("addresses 200-209", read.seen());
        Observation write = only(ObservationType.UNAUTHORIZED_WRITE);
        assertEquals(List.of(w.id()), write.evidenceIds());
        assertTrue(write.message().contains("never written"), write.message());
    }

    @Test
    void valueOutOfRangeAndNewValues() {
        Transaction t = plant.read("10.0.0.10", "10.0.0.1", end, 0, 10, 1000, 3, 43, 0, 0, 0, 0, 0, 0, 0);
        plant.feed(t);
        Observation range = only(ObservationType.VALUE_OUT_OF_RANGE);
        assertEquals("1000", range.seen());
        assertEquals(List.of(t.id()), range.evidenceIds());
        List<Observation> values = plant.of(ObservationType.NEW_VALUE);
        assertEquals(2, values.size(), () -> values.toString());
        assertTrue(values.get(0).expected().startsWith("attribute"), values.get(0).expected());
        assertTrue(values.get(1).expected().startsWith("constant {42}"), values.get(1).expected());
    }

    @Test
    void pollingThatStopsIsATimingChangeAndADeviceThatStopsIsSilent() {
        // the historian keeps polling; the HMI stops
        long t = end;
        for (int i = 0; i < 60; i++) {
            plant.feed(plant.read("10.0.0.20", "10.0.0.1", t + i * 5 * S, 0, 10));
        }
        plant.engine.tick(t + 300 * S);
        List<Observation> stops = plant.of(ObservationType.TIMING_CHANGE);
        assertFalse(stops.isEmpty());
        assertTrue(stops.stream().allMatch(o -> o.actorIp().equals("10.0.0.10") && o.key().startsWith("stop:")), stops::toString);
        Observation silent = only(ObservationType.DEVICE_SILENT);
        assertEquals("10.0.0.10", silent.targetIp());
        assertEquals(List.of(), silent.evidenceIds());
    }

    @Test
    void floodIsATimingChange() {
        Transaction first = null;
        for (int i = 0; i < 700; i++) {
            Transaction r = plant.read("10.0.0.10", "10.0.0.1", end + i * (S / 20), 0, 10);
            first = first == null ? r : first;
            plant.feed(r);
        }
        List<Observation> flood = plant.of(ObservationType.TIMING_CHANGE).stream().filter(o -> o.key().startsWith("flood:")).toList();
        assertEquals(1, flood.size(), plant.seen::toString);
        assertTrue(flood.get(0).message().startsWith("Flood"));
    }

    @Test
    void identityFirmwareAndModeChanges() {
        plant.identity(end, "10.0.0.1", Fields.DEVICE_FIRMWARE_VERSION, "V4.2.3");
        plant.identity(end, "10.0.0.1", Fields.DEVICE_SERIAL_NUMBER, "S C-OTHER");
        plant.identity(end, "10.0.0.1", "device.mode", "stop");
        plant.identity(end, "10.0.0.1", Fields.DEVICE_MODEL_NAME, "first report after learning: learned");
        Observation fw = only(ObservationType.FIRMWARE_CHANGE);
        assertEquals("V4.2.1", fw.expected());
        assertEquals("V4.2.3", fw.seen());
        assertEquals(List.of("ev-" + end), fw.evidenceIds());
        assertEquals("S C-X4U421302016", only(ObservationType.IDENTITY_CHANGE).expected());
        assertEquals("stop", only(ObservationType.MODE_CHANGE).seen());
    }

    @Test
    void newProtocolAndNewIoConnection() {
        Synthetic.Flow f = plant.flow("10.0.0.10", "10.0.0.1");
        Transaction s7 = new Transaction(f, 99_999, Protocol.S7COMM, end).action("read_var").operation(Operation.READ).function(4);
        plant.feed(s7);
        assertEquals(List.of(s7.id()), only(ObservationType.NEW_PROTOCOL).evidenceIds());
        Transaction open = new Transaction(f, 100_000, Protocol.CIP, end + S).action("forward_open")
                .operation(Operation.SESSION).function(0x54);
        plant.feed(open);
        assertEquals(List.of(open.id()), only(ObservationType.NEW_IO_CONNECTION).evidenceIds());
    }

    @Test
    void aNewServerLearnsItsOwnBehaviourOverItsGrace() {
        long t = end;
        for (int i = 0; i < 660; i++) { // 11 minutes of polling of a new PLC: it learns, then leaves learning
            plant.feed(plant.read("10.0.0.10", "10.0.0.50", t + i * S, 0, 4));
        }
        assertEquals(List.of(ObservationType.NEW_DEVICE), about50().stream().map(Observation::type).toList(),
                "what is done to .50 while it learns is learned (the HMI is a known client)");
        plant.feed(plant.read("10.0.0.10", "10.0.0.50", t + 660 * S, 50, 4));
        assertEquals(1, plant.of(ObservationType.NEW_OBJECT_READ).size(), "judged after its grace");
    }

    /** (the polling of .1 stopped meanwhile: reported too, but not what this test is about) */
    private List<Observation> about50() {
        return plant.seen.stream().filter(o -> "10.0.0.50".equals(o.targetIp()) || "10.0.0.50".equals(o.actorIp())).toList();
    }

    @Test
    void documentsFollowTheSchema() {
        plant.feed(plant.write("10.0.0.99", "10.0.0.1", end, 100, 501));
        for (Observation o : plant.seen) {
            var doc = Documents.of(o);
            assertEquals(List.of(), Schema.problems(doc.asMap()), doc.toString());
            assertEquals("linewatch.observation", doc.getString(Fields.EVENT_DATASET));
        }
    }

    @Test
    void repeatsFoldForTheRepeatIntervalThenOpenANewObservation() {
        for (int i = 0; i < 5; i++) {
            plant.feed(plant.read("10.0.0.10", "10.0.0.1", end + i * 60 * S, 200 + i, 1));
        }
        plant.feed(plant.read("10.0.0.10", "10.0.0.1", end + 2 * 3600 * S, 300, 1));
        plant.engine.finish(end + 2 * 3600 * S);
        List<Observation> reads = plant.of(ObservationType.NEW_OBJECT_READ);
        assertEquals(3, reads.size(), reads::toString); // opened, closed with 5, a new one
        assertEquals(5, reads.get(1).count());
        assertEquals("addresses 200-204", reads.get(1).seen());
        assertEquals(reads.get(0).id(), reads.get(1).id());
        assertFalse(reads.get(2).id().equals(reads.get(0).id()));
    }
}
