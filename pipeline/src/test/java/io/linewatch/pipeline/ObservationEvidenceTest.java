package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.ModbusTcp;
import io.linewatch.testkit.PcapWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts raised from baseline departures (which cite transactions, not flows) get an evidence pcap too: the packets
 * between their actor and target around them, on one thread and with workers alike.
 */
class ObservationEvidenceTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long T0 = 1_700_000_000L * SECOND;
    private static final String HMI = "10.30.0.10";
    private static final String PLC = "10.30.0.20";
    private static final String ROGUE = "10.30.0.66";
    private static final String OTHER = "10.30.0.21";

    @TempDir
    Path tmp;

    @Test
    void aBaselineDepartureAlertCarriesThePacketsBetweenItsActorAndTarget() throws Exception {
        Path capture = capture();
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        run(capture, one, 1);
        run(capture, two, 2);
        List<EventDoc> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(one.resolve("alerts.ndjson"))) {
            EventDoc d = Json.readDoc(line);
            if (String.valueOf(d.getString("rule.id")).startsWith("LW-BAS-")) {
                alerts.add(d);
            }
        }
        Set<String> rules = new TreeSet<>();
        alerts.forEach(a -> rules.add(a.getString("rule.id")));
        assertTrue(rules.containsAll(List.of("LW-BAS-001", "LW-BAS-003")), "rules " + rules);
        for (EventDoc a : alerts) {
            String pcap = a.getString("linewatch.evidence.pcap");
            assertTrue(pcap != null, a.getString("rule.id") + " names an evidence pcap");
            List<String[]> packets = hosts(one.resolve(pcap));
            assertTrue(!packets.isEmpty(), pcap + " holds packets");
            // the actor's traffic with the target; a new device (no target) its own traffic
            Set<String> named = new TreeSet<>();
            for (String f : List.of("source.ip", "destination.ip")) {
                if (a.getString(f) != null) {
                    named.add(a.getString(f));
                }
            }
            for (String[] p : packets) {
                assertTrue(Set.of(p[0], p[1]).containsAll(named), a.getString("rule.id") + ": " + p[0] + " > " + p[1]
                        + " is not between " + named);
            }
            assertArrayEquals(Files.readAllBytes(one.resolve(pcap)), Files.readAllBytes(two.resolve(pcap)), pcap);
        }
    }

    private static void run(Path capture, Path out, int threads) throws Exception {
        try (Journal journal = new Journal(out, true); CaptureFileReader source = new CaptureFileReader(capture)) {
            PacketPipeline p = threads > 1 ? new ParallelPipeline(journal, Analyze.rules(), null, threads, false)
                    : new Pipeline(journal, Analyze.rules(), null);
            p.useBaseline(BaselineConfig.learnFor(Duration.ofMinutes(2)), null);
            String error = new Run(source, p, (packets, fraction) -> { }, 0).execute();
            assertEquals(null, error);
        }
    }

    /** Source and destination address of every packet (Ethernet + IPv4). */
    private static List<String[]> hosts(Path pcap) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (CaptureFileReader r = new CaptureFileReader(pcap)) {
            Frame f = new Frame();
            while (r.next(f)) {
                out.add(new String[] {ip(f.data, 26), ip(f.data, 30)});
            }
        }
        return out;
    }

    private static String ip(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    /**
     * The HMI polls the PLC and another PLC once a second for five minutes (two learned); at minute four a new host
     * writes a holding register of the PLC.
     */
    private Path capture() throws Exception {
        List<long[]> order = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        Conversation.Sink sink = (t, f) -> {
            order.add(new long[] {t, frames.size()});
            frames.add(f);
        };
        for (String plc : List.of(PLC, OTHER)) {
            Conversation c = new Conversation(sink, T0, HMI, plc);
            Conversation.Tcp tcp = c.tcp(plc.equals(PLC) ? 49152 : 49153, 502).handshake();
            for (int i = 0; i < 300; i++) {
                tcp.toServer(adu(i, 0x03, 0x00, 100, 0x00, 1)).toClient(adu(i, 0x03, 2, 0x01, 0xf4)).clientAck();
                c.after(SECOND - 3 * Conversation.STEP_NANOS);
            }
            tcp.close();
        }
        Conversation rogue = new Conversation(sink, T0 + 4 * MINUTE, ROGUE, PLC);
        rogue.tcp(50001, 502).handshake().toServer(adu(1, 0x06, 0x00, 200, 0x00, 99))
                .toClient(adu(1, 0x06, 0x00, 200, 0x00, 99)).close();
        order.sort(Comparator.<long[]>comparingLong(o -> o[0]).thenComparingLong(o -> o[1]));
        Path file = tmp.resolve("departures.pcap");
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            for (long[] o : order) {
                w.frame(o[0], frames.get((int) o[1]));
            }
        }
        return file;
    }

    /** Modbus/TCP ADU, unit 1. */
    private static byte[] adu(int tid, int... pdu) {
        return ModbusTcp.adu(tid, 1, pdu);
    }
}
