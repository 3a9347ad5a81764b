package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.capture.source.Frame;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.Timestamps;
import io.linewatch.model.schema.ObservationFields;
import io.linewatch.testkit.Conversation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture time reaching the baseline on several threads as on one. A live sensor whose wire goes quiet: the idle
 * tick reaches the baseline through the workers and the merger, so a PLC that stops answering is reported as silent
 * (device_silent, and its cyclic poll as stopped) without another packet. And frames that give no record at all
 * (undecodable) move the clock at the same frames as on one thread, so the observations are the same.
 */
class ParallelIdleTickTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int LINKTYPE_ETHERNET = 1;

    @TempDir
    Path tmp;

    /** An HMI reads two holding registers of a PLC once a second for {@code seconds}. */
    private static List<long[]> polling(List<byte[]> frames, int seconds) {
        List<long[]> times = new ArrayList<>();
        Conversation conversation = new Conversation((ts, f) -> {
            times.add(new long[] {ts});
            frames.add(f);
        }, T0, "10.20.0.20", "10.20.0.10");
        Conversation.Tcp c = conversation.tcp(49152, 502).handshake();
        for (int i = 0; i < seconds; i++) {
            c.toServer(new byte[] {0, (byte) i, 0, 0, 0, 6, 1, 3, 0, 100, 0, 2});
            c.toClient(new byte[] {0, (byte) i, 0, 0, 0, 7, 1, 3, 4, 0, 5, 0, 7});
            conversation.after(SECOND - 2 * Conversation.STEP_NANOS);
        }
        return times;
    }

    /** Observations by key (their latest document), after a run that ends {@code idleAfter} after the last packet. */
    private Map<String, EventDoc> run(Path out, long idleAfterNanos) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<long[]> times = polling(frames, 180);
        try (Journal journal = new Journal(out, true)) {
            ParallelPipeline pipeline = new ParallelPipeline(journal, Analyze.rules(), null, 2, false);
            pipeline.useBaseline(BaselineConfig.learnFor(java.time.Duration.ofMinutes(1)), null);
            Frame f = new Frame();
            for (int i = 0; i < frames.size(); i++) {
                f.set(times.get(i)[0], LINKTYPE_ETHERNET, frames.get(i), 0, frames.get(i).length, frames.get(i).length);
                pipeline.process(f);
            }
            long last = times.get(times.size() - 1)[0];
            if (idleAfterNanos > 0) {
                pipeline.idle(last + idleAfterNanos);
            }
            pipeline.finish();
        }
        Map<String, EventDoc> byType = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve("events.ndjson"))) {
            EventDoc d = Json.readDoc(line);
            if (ObservationFields.DATASET.equals(d.getString(Fields.EVENT_DATASET))) {
                byType.put(d.getString(ObservationFields.KEY), d);
            }
        }
        return byType;
    }

    /**
     * After the polling, only runt frames for five minutes (nothing decodes them: no record, no flow). One thread
     * moves its clock on every frame, so the baseline's scans, and the time a silence is noticed, follow them; the
     * workers must hand the same clock to the merger rather than wait for a frame that decodes.
     */
    @Test
    void framesThatDecodeToNothingMoveTheClockAsOnOneThread() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<long[]> times = polling(frames, 180);
        long last = times.get(times.size() - 1)[0];
        for (int i = 1; i <= 600; i++) {
            times.add(new long[] {last + i * SECOND / 2});
            frames.add(new byte[10]); // shorter than an Ethernet header
        }
        List<String> one = new ArrayList<>();
        List<String> two = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            Path out = tmp.resolve("threads-" + threads);
            try (Journal journal = new Journal(out, true)) {
                PacketPipeline pipeline = threads == 1 ? new Pipeline(journal, Analyze.rules(), null)
                        : new ParallelPipeline(journal, Analyze.rules(), null, threads, false);
                pipeline.useBaseline(BaselineConfig.learnFor(java.time.Duration.ofMinutes(1)), null);
                Frame f = new Frame();
                for (int i = 0; i < frames.size(); i++) {
                    f.set(times.get(i)[0], LINKTYPE_ETHERNET, frames.get(i), 0, frames.get(i).length, frames.get(i).length);
                    pipeline.process(f);
                }
                pipeline.finish();
            }
            for (String line : Files.readAllLines(out.resolve("events.ndjson"))) {
                if (ObservationFields.DATASET.equals(Json.readDoc(line).getString(Fields.EVENT_DATASET))) {
                    (threads == 1 ? one : two).add(line);
                }
            }
        }
        assertTrue(one.stream().anyMatch(l -> l.contains("silent:10.20.0.10")), "the PLC went silent: " + one);
        assertEquals(one.stream().sorted().toList(), two.stream().sorted().toList());
    }

    @Test
    void aQuietWireIsTickedThroughTheMergerToTheBaseline() throws Exception {
        assertEquals(Map.of(), run(tmp.resolve("no-idle"), 0), "without the tick nothing has been silent long enough");

        long idle = 5 * 60 * SECOND;
        Map<String, EventDoc> seen = run(tmp.resolve("idle"), idle);
        // the whole wire went quiet: both devices are silent, and the HMI's cyclic poll of the PLC stopped
        String stop = "stop:10.20.0.20>10.20.0.10/modbus/1/3/-1/holding_registers/-1/100+2";
        assertEquals(List.of("silent:10.20.0.10", "silent:10.20.0.20", stop), List.copyOf(seen.keySet()));
        EventDoc silent = seen.get("silent:10.20.0.10");
        assertEquals("device_silent", silent.getString(ObservationFields.TYPE));
        assertEquals("10.20.0.10", silent.getString(Fields.DESTINATION_IP));
        // noticed at the tick's capture time, not at a later packet or the end of the input
        long lastPacket = T0 + 180 * SECOND;
        long at = Timestamps.parse(silent.getString(Fields.TIMESTAMP));
        assertTrue(at > lastPacket + 4 * 60 * SECOND && at <= lastPacket + idle, "observed at " + at);
        assertEquals("timing_change", seen.get(stop).getString(ObservationFields.TYPE));
        assertEquals("10.20.0.20", seen.get(stop).getString(Fields.SOURCE_IP), "the HMI is the actor");
        assertEquals("10.20.0.10", seen.get(stop).getString(Fields.DESTINATION_IP));
    }
}
