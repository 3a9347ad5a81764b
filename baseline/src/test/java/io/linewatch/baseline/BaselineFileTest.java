package io.linewatch.baseline;

import static io.linewatch.baseline.Synthetic.S;
import static io.linewatch.baseline.Synthetic.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.Fields;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline file: saved after capture A and loaded for B, the same observations as one run over A and B. */
class BaselineFileTest {
    @TempDir
    Path dir;

    /** Capture A: learning and the start of monitoring, with departures that stay open across the split. */
    private static long captureA(Synthetic p) {
        p.identity(T0 + S, "10.0.0.1", Fields.DEVICE_FIRMWARE_VERSION, "V1");
        long t = p.normal(T0, 15 * 60);
        p.feed(p.write("10.0.0.99", "10.0.0.1", t, 100, 7));
        p.feed(p.read("10.0.0.10", "10.0.0.1", t + S, 200, 2));
        return p.normal(t + 2 * S, 60);
    }

    /** Capture B, 10 minutes later: repeats of A's departures, new ones, a stop. */
    private static long captureB(Synthetic p, long from) {
        long t = p.normal(from, 120);
        p.feed(p.write("10.0.0.99", "10.0.0.1", t, 100, 7));
        p.feed(p.read("10.0.0.10", "10.0.0.1", t + S, 203, 2));
        p.identity(t + 2 * S, "10.0.0.1", Fields.DEVICE_FIRMWARE_VERSION, "V2");
        p.feed(p.read("10.0.0.10", "10.0.0.1", t + 3 * S, 0, 10, 9999, 1, 42, 0, 0, 0, 0, 0, 0, 0));
        t = p.normal(t + 4 * S, 60);
        for (int i = 0; i < 40; i++) { // the HMI stops, the historian goes on
            p.feed(p.read("10.0.0.20", "10.0.0.1", t + i * 5 * S, 0, 10));
        }
        return t + 200 * S;
    }

    /** The current observations: the last one handed on per id (what an index holds). */
    private static Map<String, Observation> current(List<Observation> all) {
        Map<String, Observation> m = new LinkedHashMap<>();
        all.forEach(o -> m.put(o.id(), o));
        return m;
    }

    @Test
    void savedAfterOneCaptureAndLoadedForTheNextGivesTheSameObservationsAsOneRun() throws Exception {
        BaselineConfig config = BaselineConfig.learnFor(Duration.ofMinutes(10));
        Synthetic whole = new Synthetic(config);
        long endA = captureA(whole);
        long endB = captureB(whole, endA + 600 * S);
        whole.engine.finish(endB);

        Synthetic split = new Synthetic(config);
        long endA2 = captureA(split);
        split.engine.finish(endA2);
        Path file = dir.resolve(BaselineFile.FILE_NAME);
        BaselineFile.write(split.engine, file);
        List<Observation> first = new ArrayList<>(split.seen);
        split.seen.clear();
        split.engine = BaselineFile.read(file, BaselineConfig.learnWholeRun(), (Consumer<Observation>) split.seen::add);
        long endB2 = captureB(split, endA2 + 600 * S);
        split.engine.finish(endB2);
        first.addAll(split.seen);

        Map<String, Observation> expected = current(whole.seen);
        assertTrue(expected.size() >= 6, expected::toString);
        assertTrue(expected.values().stream().anyMatch(o -> o.type() == ObservationType.FIRMWARE_CHANGE));
        assertTrue(expected.values().stream().anyMatch(o -> o.type() == ObservationType.TIMING_CHANGE));
        assertTrue(expected.values().stream().anyMatch(o -> o.type() == ObservationType.UNAUTHORIZED_WRITE && o.count() == 2));
        assertEquals(expected, current(first));
    }

    @Test
    void theSameBaselineWritesTheSameBytesAndReadsBackTheSame() throws Exception {
        Synthetic p = new Synthetic(BaselineConfig.learnFor(Duration.ofMinutes(10)));
        p.engine.finish(captureA(p));
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        BaselineFile.write(p.engine, a);
        BaselineFile.write(BaselineFile.read(a, BaselineConfig.learnWholeRun(), o -> { }), b);
        assertEquals(Files.readString(a), Files.readString(b));
        assertFalse(Files.list(dir).anyMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void refusesAnotherFormatOrANewerVersion() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"format\":\"linewatch-baseline\",\"version\":99}");
        assertThrows(BaselineFile.BaselineFormatException.class, () -> BaselineFile.readTree(f));
        Files.writeString(f, "{\"assets\":[]}");
        assertThrows(BaselineFile.BaselineFormatException.class, () -> BaselineFile.readTree(f));
    }

    /** A snapshot is written as the engine was when it was taken, whatever the engine learns and reports after it. */
    @Test
    void aSnapshotWritesWhatTheEngineHeldWhenItWasTaken() throws Exception {
        Synthetic p = new Synthetic(BaselineConfig.learnFor(Duration.ofMinutes(10)));
        long endA = captureA(p); // open observations, variables, rhythms, object sets with writers
        BaselineEngine snapshot = p.engine.snapshot();
        Path fromEngine = dir.resolve("engine.json");
        Path fromSnapshot = dir.resolve("snapshot.json");
        BaselineFile.write(p.engine, fromEngine);
        BaselineFile.write(snapshot, fromSnapshot);
        byte[] then = Files.readAllBytes(fromEngine);
        assertEquals(new String(then), Files.readString(fromSnapshot));
        captureB(p, endA + 600 * S); // every table and the open observations change
        BaselineFile.write(p.engine, fromEngine);
        BaselineFile.write(snapshot, fromSnapshot);
        assertFalse(new String(then).equals(Files.readString(fromEngine)));
        assertEquals(new String(then), Files.readString(fromSnapshot));
    }
}
