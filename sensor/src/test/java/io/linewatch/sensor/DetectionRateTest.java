package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.linewatch.testkit.ModbusTcp.adu;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.Frames;
import io.linewatch.testkit.PcapWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection measurement of docs/RULES.md ("How well it detects"), over the labelled set that ships in the
 * repository: the captures labelled in {@code testdata/pcaps/LABELS.tsv} and attack scenarios generated here (a
 * plant learned for ten minutes, then attacked). An attack counts as detected when an alert names its actor as
 * {@code source.ip} and its target as {@code destination.ip}. Benign captures are learned until their middle; the
 * rest must raise no alert of severity 40 or more. A false alert is one of severity 40 or more that names neither
 * the labelled actor nor the labelled target (in a benign capture: any of them).
 */
class DetectionRateTest {
    /** 2024-03-04T08:00:00Z */
    private static final long T0 = 1_709_539_200_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final String HMI = "10.20.0.20";
    private static final String PLC = "10.20.0.10";
    private static final String ATTACKER = "10.20.0.66";
    private static final String PRINTER = "10.20.0.60";
    private static final int ATTENTION = 40;
    /** Attacks detected when this was written (21 of 23); raise it as detection improves. */
    private static final int DETECTED_FLOOR = 21;

    @TempDir
    Path tmp;

    record Labelled(String name, Path capture, boolean attack, String actor, String target, String what, long learnUntil) {
    }

    record Outcome(Labelled label, boolean detected, List<String> falseAlerts, List<String> alerts) {
    }

    @Test
    void detectsTheLabelledAttacksAndStaysQuietOnBenignCaptures() throws IOException {
        List<Labelled> set = new ArrayList<>(fromLabels());
        set.addAll(generated());
        List<Outcome> outcomes = new ArrayList<>();
        for (Labelled l : set) {
            outcomes.add(run(l));
        }
        int attacks = 0;
        int detected = 0;
        int falseAlerts = 0;
        StringBuilder report = new StringBuilder();
        List<String> benignLoud = new ArrayList<>();
        for (Outcome o : outcomes) {
            falseAlerts += o.falseAlerts().size();
            if (o.label().attack()) {
                attacks++;
                detected += o.detected() ? 1 : 0;
                report.append(o.detected() ? "  detected " : "  MISSED   ").append(o.label().name()).append(" (")
                        .append(o.label().what()).append(")").append(o.detected() ? "" : " alerts: " + o.alerts())
                        .append('\n');
            } else if (!o.falseAlerts().isEmpty()) {
                benignLoud.add(o.label().name() + ": " + o.falseAlerts());
            }
            for (String f : o.falseAlerts()) {
                report.append("  false alert in ").append(o.label().name()).append(": ").append(f).append('\n');
            }
        }
        String figure = String.format("detection: %d of %d labelled attacks (%.0f%%) with actor and target right; "
                + "%d false alerts (severity >= 40) over %d captures and scenarios", detected, attacks,
                100.0 * detected / attacks, falseAlerts, set.size());
        System.out.println(figure + "\n" + report);
        assertEquals(List.of(), benignLoud, "benign captures learned to their middle raise no alert of severity >= 40");
        // The aim is 90%; today's figure is the floor, so a rule that stops detecting fails here (docs/RULES.md lists
        // the misses: no DNP3 dissector, a QuickDraw capture whose label is unreliable).
        assertTrue(detected >= DETECTED_FLOOR, figure + "\n" + report);
        assertTrue(falseAlerts <= 2, figure + "\n" + report);
    }

    // ---- the run ----

    private Outcome run(Labelled l) throws IOException {
        Path out = tmp.resolve("out-" + l.name().replace('/', '_'));
        List<String> args = new ArrayList<>(List.of("analyze", l.capture().toString(), "--out", out.toString(), "--quiet"));
        if (l.learnUntil() != Long.MIN_VALUE) {
            args.addAll(List.of("--learn-until", Instant.ofEpochSecond(0, l.learnUntil()).toString()));
        }
        TestData.Result r = TestData.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), l.name() + ": " + r.err());
        Map<String, EventDoc> alerts = new LinkedHashMap<>(); // the last line of an id is its state
        for (String line : Files.readAllLines(out.resolve("alerts.ndjson"))) {
            EventDoc a = Json.readDoc(line);
            alerts.put(a.id(), a);
        }
        boolean detected = false;
        List<String> falseAlerts = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (EventDoc a : alerts.values()) {
            // a layer-2 record (PROFINET DCP) names its parties by MAC only
            String actor = a.getString(Fields.SOURCE_IP) != null ? a.getString(Fields.SOURCE_IP) : a.getString(Fields.SOURCE_MAC);
            String target = a.getString(Fields.DESTINATION_IP) != null ? a.getString(Fields.DESTINATION_IP)
                    : a.getString(Fields.DESTINATION_MAC);
            Object sev = a.get(Fields.EVENT_SEVERITY);
            long severity = sev instanceof Number n ? n.longValue() : 0;
            String text = severity + " " + a.getString(Fields.RULE_ID) + " " + a.getString(Fields.MESSAGE);
            all.add(text);
            boolean actorRight = "-".equals(l.actor()) || l.actor().equals(actor);
            boolean targetRight = "-".equals(l.target()) || l.target().equals(target);
            if (l.attack() && actorRight && targetRight) {
                detected = true;
            }
            boolean aboutTheAttack = l.attack() && (l.actor().equals(actor) || l.target().equals(target)
                    || "-".equals(l.actor()));
            if (severity >= ATTENTION && !aboutTheAttack) {
                falseAlerts.add(text);
            }
        }
        return new Outcome(l, detected, falseAlerts, all);
    }

    // ---- the captures in the repository ----

    private static List<Labelled> fromLabels() throws IOException {
        Path folder = TestData.capture("");
        List<Labelled> out = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("LABELS.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            Path capture = folder.resolve(f[0]);
            boolean attack = "attack".equals(f[1]);
            out.add(new Labelled(f[0], capture, attack, f[2], f[3], f[4], attack ? Long.MIN_VALUE : middle(capture)));
        }
        return out;
    }

    /** Halfway between the earliest and the latest packet. */
    private static long middle(Path capture) throws IOException {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        CaptureFileReader reader = null;
        try {
            reader = new CaptureFileReader(capture);
            Frame f = new Frame();
            while (reader.next(f)) {
                min = Math.min(min, f.timestampNanos);
                max = Math.max(max, f.timestampNanos);
            }
        } catch (io.linewatch.capture.source.CaptureException e) {
            throw new IOException(e);
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
        return min + (max - min) / 2;
    }

    // ---- generated scenarios: an HMI polls a PLC for 12 minutes (10 learned), an attack at minute 11 ----

    private List<Labelled> generated() throws IOException {
        List<Labelled> out = new ArrayList<>();
        out.add(scenario("rogue-write", ATTACKER, PLC, "a new host writes a holding register (T0855, T0848)", s -> {
            Conversation.Tcp c = s.tcp(ATTACKER, PLC, 50001);
            c.toServer(adu(1, 1, 0x06, 0x00, 200, 0x00, 99)).toClient(adu(1, 1, 0x06, 0x00, 200, 0x00, 99)).close();
        }));
        out.add(scenario("listen-only", ATTACKER, PLC, "Modbus force listen only mode (T0814)", s -> {
            Conversation.Tcp c = s.tcp(ATTACKER, PLC, 50002);
            c.toServer(adu(1, 1, 0x08, 0x00, 0x04, 0x00, 0x00)).close();
        }));
        out.add(scenario("restart", ATTACKER, PLC, "Modbus restart communications (T0816)", s -> {
            Conversation.Tcp c = s.tcp(ATTACKER, PLC, 50003);
            c.toServer(adu(1, 1, 0x08, 0x00, 0x01, 0x00, 0x00)).toClient(adu(1, 1, 0x08, 0x00, 0x01, 0x00, 0x00)).close();
        }));
        out.add(scenario("unit-sweep", ATTACKER, PLC, "Modbus unit-id sweep (T0846)", s -> {
            Conversation.Tcp c = s.tcp(ATTACKER, PLC, 50004);
            for (int unit = 1; unit <= 12; unit++) {
                c.toServer(adu(unit, unit, 0x03, 0x00, 0x00, 0x00, 0x01)).toClient(adu(unit, unit, 0x83, 0x0b));
            }
            c.close();
        }));
        out.add(scenario("function-scan", ATTACKER, PLC, "function-code scan (T0888)", s -> {
            Conversation.Tcp c = s.tcp(ATTACKER, PLC, 50005);
            for (int fn = 0x28; fn < 0x30; fn++) {
                c.toServer(adu(fn, 1, fn, 0x00)).toClient(adu(fn, 1, fn | 0x80, 0x01));
            }
            c.close();
        }));
        out.add(scenario("exception-storm", ATTACKER, PLC, "reads of illegal addresses, answered by errors (T0888)", s -> {
            Conversation.Tcp c = s.tcp(ATTACKER, PLC, 50006);
            for (int i = 0; i < 30; i++) {
                c.toServer(adu(i, 1, 0x03, 0x7f, i, 0x00, 0x01)).toClient(adu(i, 1, 0x83, 0x02));
            }
            c.close();
        }));
        out.add(scenario("port-scan", ATTACKER, "-", "SYN scan of industrial ports (T0846)", s -> {
            int[] ports = {502, 102, 44818, 20000, 2404, 47808, 4840};
            for (int i = 0; i < ports.length; i++) {
                long t = s.attackAt + i * 10_000_000L;
                s.sink.frame(t, Frames.tcp(ATTACKER, 40000 + i, PLC, ports[i], 1000, 0, Frames.TCP_SYN, new byte[0]));
                s.sink.frame(t + 100_000L, Frames.tcp(PLC, ports[i], ATTACKER, 40000 + i, 0, 1001,
                        Frames.TCP_RST | Frames.TCP_ACK, new byte[0]));
            }
        }));
        out.add(scenario("telnet", ATTACKER, PLC, "cleartext Telnet login to the PLC (T0886)", s -> {
            Conversation.Tcp c = s.tcp(ATTACKER, PLC, 50007, 23);
            c.toClient(ascii("\r\nlogin: ")).toServer(ascii("admin\r\n")).toClient(ascii("Password: "))
                    .toServer(ascii("admin\r\n")).toClient(ascii("> ")).close();
        }));
        out.add(scenario("flood", HMI, PLC, "the HMI floods the PLC with requests (T0814)", s -> {
            Conversation.Tcp c = s.tcp(HMI, PLC, 50008);
            for (int i = 0; i < 800; i++) {
                c.toServer(adu(i, 1, 0x03, 0x00, 100, 0x00, 2)).toClient(adu(i, 1, 0x03, 4, 0x01, 0xf4, 0, 7));
            }
            c.close();
        }));
        out.add(scenario("malformed", ATTACKER, PLC, "garbage on the Modbus port (T0866)", s -> {
            Conversation.Tcp c = s.tcp(ATTACKER, PLC, 50009);
            for (int i = 0; i < 4; i++) {
                c.toServer(new byte[] {0x16, 0x03, 0x01, 0x00, 0x02, 0x01, 0x00, (byte) i, 0x55, 0x55}).serverAck();
            }
            c.close();
        }));
        out.add(scenario("it-host-modbus", PRINTER, PLC, "an office host (it prints) writes to the PLC (T0886)", s -> {
            Conversation print = new Conversation(s.sink, s.attackAt - 30 * SECOND, PRINTER, "10.20.0.61");
            byte[] job = ("\u001b%-12345X@PJL JOB NAME=\"report\"\r\n" + "x".repeat(600)).getBytes(StandardCharsets.ISO_8859_1);
            print.tcp(50100, 9100).handshake().toServer(job).serverAck().close();
            Conversation.Tcp c = s.tcp(PRINTER, PLC, 50010);
            c.toServer(adu(1, 1, 0x06, 0x00, 100, 0x00, 1)).toClient(adu(1, 1, 0x06, 0x00, 100, 0x00, 1)).close();
        }));
        out.add(scenario("identity-sweep", ATTACKER, "-", "Read Device Identification of five devices (T0888)", s -> {
            for (int d = 1; d <= 5; d++) {
                String target = "10.20.0." + (30 + d);
                Conversation.Tcp c = s.tcp(ATTACKER, target, 50020 + d);
                c.toServer(adu(d, 1, 0x2b, 0x0e, 0x01, 0x00)).toClient(adu(d, 1, 0xab, 0x01)).close();
            }
        }));
        return out;
    }

    /** One scenario's capture under construction: the polling plus what the attack adds, in time order. */
    private static final class Scenario {
        final List<long[]> order = new ArrayList<>();
        final List<byte[]> frames = new ArrayList<>();
        final Conversation.Sink sink = (t, f) -> {
            order.add(new long[] {t, frames.size()});
            frames.add(f);
        };
        final long attackAt = T0 + 11 * MINUTE;

        Conversation.Tcp tcp(String client, String server, int clientPort) {
            return tcp(client, server, clientPort, 502);
        }

        Conversation.Tcp tcp(String client, String server, int clientPort, int serverPort) {
            return new Conversation(sink, attackAt, client, server).tcp(clientPort, serverPort).handshake();
        }

        void write(Path file) throws IOException {
            order.sort(Comparator.<long[]>comparingLong(o -> o[0]).thenComparingLong(o -> o[1]));
            try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
                for (long[] o : order) {
                    w.frame(o[0], frames.get((int) o[1]));
                }
            }
        }
    }

    private Labelled scenario(String name, String actor, String target, String what, Consumer<Scenario> attack)
            throws IOException {
        Scenario s = new Scenario();
        polling(s.sink, 12 * 60);
        attack.accept(s);
        Path file = tmp.resolve(name + ".pcap");
        s.write(file);
        return new Labelled("generated/" + name, file, true, actor, target, what, T0 + 10 * MINUTE);
    }

    /** The HMI reads holding registers 100..101 of the PLC once a second; values 500..520 and 7. */
    private static void polling(Conversation.Sink sink, int seconds) {
        Conversation conversation = new Conversation(sink, T0, HMI, PLC);
        Conversation.Tcp c = conversation.tcp(49152, 502).handshake();
        for (int i = 0; i < seconds; i++) {
            int value = 500 + 20 * (i % 10) / 9;
            c.toServer(adu(i, 1, 0x03, 0x00, 100, 0x00, 2));
            c.toClient(adu(i, 1, 0x03, 4, value >> 8, value & 0xff, 0, 7));
            c.clientAck();
            conversation.after(SECOND - 3 * Conversation.STEP_NANOS);
        }
        c.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
