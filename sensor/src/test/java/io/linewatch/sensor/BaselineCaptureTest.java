package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.linewatch.testkit.ModbusTcp.adu;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.schema.ObservationFields;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.TimeOrderedFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline end to end, through {@code analyze}: a capture the suite writes itself (an HMI polling a PLC over
 * Modbus/TCP once a second) learned for ten minutes, then either continued cleanly (nothing may be reported) or
 * followed by departures (each must be reported with its evidence). A baseline saved after the first part and
 * loaded for the second gives what one run over both gives.
 */
class BaselineCaptureTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final String HMI = "10.10.1.20";
    private static final String PLC = "10.10.1.10";
    private static final String LAPTOP = "10.10.1.99";

    @TempDir
    Path tmp;

    /** The HMI reads holding registers 100..101 once a second; the PLC answers {@code value}, 7. */
    private static void polling(TimeOrderedFrames frames, long from, int seconds, int valueFrom, int valueTo) {
        Conversation conversation = new Conversation(frames, from, HMI, PLC);
        Conversation.Tcp c = conversation.tcp(49152, 502).handshake();
        for (int i = 0; i < seconds; i++) {
            int tid = i & 0xffff;
            int value = valueFrom + (valueTo - valueFrom) * (i % 10) / 9;
            c.toServer(adu(tid, 1, 0x03, 0x00, 100, 0x00, 2));
            c.toClient(adu(tid, 1, 0x03, 4, value >> 8, value & 0xff, 0, 7));
            c.clientAck();
            conversation.after(SECOND - 3 * Conversation.STEP_NANOS);
        }
        c.close();
    }

    private static List<EventDoc> observations(Path dir) throws IOException {
        Map<String, EventDoc> latest = new LinkedHashMap<>(); // an observation updated later keeps its id
        for (String line : Files.readAllLines(dir.resolve("events.ndjson"))) {
            EventDoc e = Json.readDoc(line);
            if (ObservationFields.DATASET.equals(e.getString(Fields.EVENT_DATASET))) {
                latest.put(e.id(), e);
            }
        }
        return new ArrayList<>(latest.values());
    }

    private static Set<String> types(List<EventDoc> observations) {
        Set<String> types = new TreeSet<>();
        for (EventDoc o : observations) {
            types.add(o.getString(ObservationFields.TYPE));
        }
        return types;
    }

    private TestData.Result analyze(Path capture, Path out, String... options) {
        List<String> args = new ArrayList<>(List.of("analyze", capture.toString(), "--out", out.toString(), "--quiet"));
        args.addAll(List.of(options));
        return TestData.run(args.toArray(String[]::new));
    }

    @Test
    void aCleanContinuationReportsNothing() throws IOException {
        TimeOrderedFrames frames = new TimeOrderedFrames();
        polling(frames, T0, 40 * 60, 500, 520);
        Path capture = tmp.resolve("clean.pcap");
        frames.write(capture);
        TestData.Result r = analyze(capture, tmp.resolve("out"), "--learn", "10m");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of(), observations(tmp.resolve("out")), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("out/baseline.json")));
        assertTrue(r.out().contains("judged"), r.out());
    }

    @Test
    void departuresAfterLearningAreReportedWithTheirEvidence() throws IOException {
        TimeOrderedFrames frames = new TimeOrderedFrames();
        polling(frames, T0, 40 * 60, 500, 520);
        // 25 minutes in: a laptop nobody saw before writes a register the HMI never wrote
        Conversation.Tcp laptop = new Conversation(frames, T0 + 25 * MINUTE, LAPTOP, PLC).tcp(50000, 502).handshake();
        laptop.toServer(adu(1, 1, 0x06, 0x00, 200, 0x00, 99)).toClient(adu(1, 1, 0x06, 0x00, 200, 0x00, 99)).close();
        Path capture = tmp.resolve("departures.pcap");
        frames.write(capture);
        TestData.Result r = analyze(capture, tmp.resolve("out"), "--learn", "10m");
        assertEquals(0, r.exitCode(), r.err());
        List<EventDoc> observations = observations(tmp.resolve("out"));
        assertTrue(types(observations).containsAll(Set.of("new_device", "new_talker", "unauthorized_write")),
                types(observations) + " in " + r.out());
        for (EventDoc o : observations) {
            if ("unauthorized_write".equals(o.getString(ObservationFields.TYPE))) {
                assertEquals(LAPTOP, o.getString(Fields.SOURCE_IP), "the writer is the actor");
                assertEquals(PLC, o.getString(Fields.DESTINATION_IP), "the PLC is the target");
                Object evidence = o.get(Fields.EVIDENCE_EVENT_IDS);
                assertTrue(evidence instanceof List<?> l && !l.isEmpty(), "evidence ids: " + o);
            }
        }
    }

    @Test
    void aSavedBaselineContinuesLikeOneRun() throws IOException {
        TimeOrderedFrames first = new TimeOrderedFrames();
        polling(first, T0, 20 * 60, 500, 520);
        TimeOrderedFrames second = new TimeOrderedFrames();
        polling(second, T0 + 20 * MINUTE + 5 * SECOND, 10 * 60, 500, 520);
        Conversation.Tcp laptop = new Conversation(second, T0 + 25 * MINUTE, LAPTOP, PLC).tcp(50000, 502).handshake();
        laptop.toServer(adu(1, 1, 0x06, 0x00, 200, 0x00, 99)).toClient(adu(1, 1, 0x06, 0x00, 200, 0x00, 99)).close();
        Path a = tmp.resolve("a.pcap");
        Path b = tmp.resolve("b.pcap");
        first.write(a);
        second.write(b);
        TestData.Result ra = analyze(a, tmp.resolve("outA"), "--learn", "10m");
        assertEquals(0, ra.exitCode(), ra.err());
        // no learning option: the saved baseline's learning period stands (another --learn would learn further)
        TestData.Result rb = analyze(b, tmp.resolve("outB"), "--baseline",
                tmp.resolve("outA/baseline.json").toString());
        assertEquals(0, rb.exitCode(), rb.err());
        TestData.Result both = TestData.run("analyze", a.toString(), b.toString(), "--out", tmp.resolve("outAB").toString(),
                "--quiet", "--learn", "10m");
        assertEquals(0, both.exitCode(), both.err());
        List<EventDoc> continued = new ArrayList<>(observations(tmp.resolve("outA")));
        continued.addAll(observations(tmp.resolve("outB")));
        assertEquals(types(observations(tmp.resolve("outAB"))), types(continued));
        assertEquals(observations(tmp.resolve("outAB")).size(), continued.size());
        assertTrue(types(continued).contains("unauthorized_write"), types(continued).toString());
    }
}
