package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.baseline.BaselineReview;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import io.linewatch.model.schema.ObservationFields;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.ModbusTcp;
import io.linewatch.testkit.PcapWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An analyst's approve handed to a running pipeline ({@link PacketPipeline#changeBaseline}, as the live console
 * does): applied by the thread that feeds the baseline between packets (single-threaded) or rounds (parallel), saved
 * to baseline.json and audited at once; the departure it approves is reported no more, and the baseline written at
 * the end keeps it. After the end a change is refused plainly.
 */
class BaselineChangeTest {
    static final long T0 = 1_717_200_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final String HMI = "10.7.0.20";
    static final String PLC = "10.7.0.10";
    static final String LAPTOP = "10.7.0.99";
    static final String KEY = "talker:" + LAPTOP + ">" + PLC;

    @TempDir
    Path dir;

    /** The HMI polls the PLC once a second for 60 s (learned for 20); the laptop polls it at 30 s and again at 45 s. */
    private Path capture() throws Exception {
        Path file = dir.resolve("plant.pcap");
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            Conversation hmi = new Conversation(w::frame, T0, HMI, PLC);
            Conversation.Tcp c = hmi.tcp(40001, 502).handshake();
            for (int i = 0; i < 60; i++) {
                if (i == 30 || i == 45) {
                    Conversation laptop = new Conversation(w::frame, T0 + i * SECOND + SECOND / 2, LAPTOP, PLC);
                    Conversation.Tcp l = laptop.tcp(50000 + i, 502).handshake();
                    l.toServer(adu(1, 0x03, 0x00, 100, 0x00, 2)).toClient(adu(1, 0x03, 4, 0, 1, 0, 2)).close();
                }
                c.toServer(adu(i, 0x03, 0x00, 100, 0x00, 2)).toClient(adu(i, 0x03, 4, 0, 1, 0, 2)).clientAck();
                hmi.after(SECOND - 3 * Conversation.STEP_NANOS);
            }
            c.close();
        }
        return file;
    }

    /** Modbus/TCP ADU, unit 1. */
    private static byte[] adu(int tid, int... pdu) {
        return ModbusTcp.adu(tid, 1, pdu);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void anApproveReachesTheRunningBaseline(int threads) throws Exception {
        Path pcap = capture();
        Path out = dir.resolve("out" + threads);
        CompletableFuture<String> approved;
        PacketPipeline p;
        try (Journal journal = new Journal(out, true); CaptureFileReader source = new CaptureFileReader(pcap)) {
            p = threads > 1 ? new ParallelPipeline(journal, Analyze.rules(), null, threads, false)
                    : new Pipeline(journal, Analyze.rules(), null);
            p.useBaseline(BaselineConfig.learnFor(Duration.ofSeconds(20)), null);
            Frame frame = new Frame();
            approved = null;
            while (source.next(frame)) {
                if (approved == null && frame.timestampNanos > T0 + 40 * SECOND) { // the laptop's first poll is in
                    approved = p.changeBaseline(new BaselineReview.Change(true, KEY, null, "the laptop is the new engineering station",
                            "test", null));
                    if (threads == 1) {
                        assertTrue(!approved.isDone(), "queued: applied by the pipeline's thread, not the caller's");
                    }
                }
                p.process(frame);
                if (threads == 1 && approved != null) {
                    assertTrue(approved.isDone(), "applied before the next packet");
                }
            }
            if (threads == 1) {
                assertEquals("talker " + LAPTOP + ">" + PLC + " added", approved.get(30, TimeUnit.SECONDS));
                assertTrue(approvedIn(out.resolve("baseline.json")), "saved at once");
            }
            // parallel: the merger takes it between two rounds; reading a file, the last partly filled round (and so
            // perhaps the change) waits for the end of the input (live capture hands rounds on when the wire is quiet)
            p.finish();
            assertEquals("talker " + LAPTOP + ">" + PLC + " added", approved.get(30, TimeUnit.SECONDS));
        }
        List<String> audit = Files.readAllLines(out.resolve(BaselineReview.AUDIT_FILE));
        assertEquals(1, audit.size(), audit.toString());
        assertTrue(audit.get(0).contains("\"key\":\"" + KEY + "\"") && audit.get(0).contains("\"who\":\"test\""), audit.get(0));
        long reported = Files.readAllLines(out.resolve("events.ndjson")).stream().map(Json::readDoc)
                .filter(d -> KEY.equals(d.getString(ObservationFields.KEY))).count();
        assertEquals(1, reported, "reported once, before the approval (the second poll is normal)");
        assertTrue(approvedIn(out.resolve("baseline.json")), "the baseline written at the end keeps it");

        ExecutionException late = assertThrows(ExecutionException.class, () -> p.changeBaseline(
                new BaselineReview.Change(false, KEY, null, "too late", "test", null)).get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, late.getCause());
        assertTrue(late.getCause().getMessage().contains("linewatch baseline"), late.getCause().getMessage());
    }

    @SuppressWarnings("unchecked")
    private static boolean approvedIn(Path baseline) throws Exception {
        var tree = (java.util.Map<String, Object>) Json.read(Files.readString(baseline));
        return ((List<java.util.Map<String, Object>>) tree.get("talkers")).stream().anyMatch(t -> LAPTOP.equals(t.get("client"))
                && PLC.equals(t.get("server")) && Boolean.TRUE.equals(t.get("approved")));
    }
}
