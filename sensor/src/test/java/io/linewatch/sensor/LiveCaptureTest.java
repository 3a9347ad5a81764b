package io.linewatch.sensor;

import static io.linewatch.testkit.VethPair.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LiveSource;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import io.linewatch.testkit.VethPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Live capture end to end: a veth pair whose peer lives in a network namespace this test creates,
 * {@code tcpreplay} sending a capture into the peer, {@code linewatch capture} listening on our end.
 * What it produces must equal what {@code linewatch analyze} produces from the same file, except
 * for times (the replay runs at top speed) and the ids derived from them. Needs root, iproute2 and
 * tcpreplay (scripts/install-deps installs them; CI runs as root).
 */
class LiveCaptureTest {
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final String namespace = "lwt" + suffix;
    private final String ours = "lwa" + suffix;
    private final String peer = "lwb" + suffix;

    @TempDir
    Path tmp;

    @BeforeEach
    void createVethPair() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "live capture needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpreplay")), "tcpreplay is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "iproute2 is not installed");
        VethPair.create(namespace, ours, peer);
    }

    @AfterEach
    void deleteVethPair() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            VethPair.delete(namespace, ours);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s7comm/cisa_snap7_s300_stop_upload_szl.pcap",
        "modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap",
        "enip/quickdraw_cl5000eip_reboot_or_restart.pcap",
    })
    void liveCaptureProducesWhatAnalyzeProduces(String capture) throws Exception {
        Path file = TestData.capture(capture);
        Path live = tmp.resolve("live");
        Path offline = tmp.resolve("offline");
        int frames = countFrames(file);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TestData.Result> capturing = pool.submit(() -> TestData.run("capture", "--iface", ours, "--out", live.toString(),
                    "--count", Integer.toString(frames), "--duration", "60", "--transactions", "all"));
            waitUntilListening();
            sh("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--topspeed", file.toString());
            TestData.Result r = capturing.get(90, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.err().contains("libpcap received"), r.err());
            assertTrue(r.out().contains(String.format("%,d packets", frames)), r.out());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, TestData.run("analyze", file.toString(), "--out", offline.toString(), "--quiet",
                "--transactions", "all").exitCode()); // every transaction: summaries follow capture time, which replay shifts
        List<String> expected = timeless(offline.resolve("events.ndjson"));
        assertFalse(expected.isEmpty());
        assertEquals(expected, timeless(live.resolve("events.ndjson")));
    }

    /**
     * A capture as the service runs it: /health names the silent interface, then /metrics counts the replayed
     * packets and the alert, one line per alert and the libpcap counters go to the log file.
     */
    @Test
    void metricsHealthAlertLinesAndLogFile() throws Exception {
        Path file = TestData.capture("s7comm/cisa_snap7_s300_stop_upload_szl.pcap"); // a PLC stop: OT-CTL-001
        int frames = countFrames(file);
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = tmp.resolve("log/linewatch.log");
        Path live = tmp.resolve("live");
        String base = "http://127.0.0.1:" + port;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TestData.Result> capturing = pool.submit(() -> TestData.run("capture", "--iface", ours, "--out",
                    live.toString(), "--duration", "15", "--metrics", Integer.toString(port), "--health-idle", "3",
                    "--log-file", log.toString()));
            waitUntilListening();
            String health = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!health.contains("no packets for") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                health = get(base + "/health", 503);
            }
            assertTrue(health.startsWith("no packets for ") && health.contains(" on " + ours + " (limit 3 s)"), health);

            sh("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--topspeed", file.toString());
            String metrics = "";
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!metrics.contains("\nlinewatch_packets_total " + frames + "\n") && System.nanoTime() < deadline) {
                metrics = get(base + "/metrics", 200);
            }
            assertTrue(!get(base + "/health", -1).contains("no packets for"), "packets arrived");
            // packet figures are published per packet; flow counters on the next idle tick; the journal syncs every second
            while (!(metrics.contains("\nlinewatch_packets_total " + frames + "\n") && metrics.contains("\nlinewatch_flows_total 1\n")
                    && !metrics.contains("linewatch_journal_bytes{stream=\"events\"} 0\n")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                metrics = get(base + "/metrics", 200);
            }
            assertTrue(metrics.contains("\nlinewatch_packets_total " + frames + "\n"), metrics);
            assertTrue(metrics.contains("\nlinewatch_pcap_received_total " + frames + "\n"), metrics);
            assertTrue(metrics.contains("\nlinewatch_pcap_dropped_total 0\n"), metrics);
            assertTrue(metrics.contains("\nlinewatch_flows_total 1\n"), metrics);
            assertTrue(metrics.contains("# TYPE linewatch_caps_hit_total counter\nlinewatch_caps_hit_total{cap=\"flows_evicted\"} 0"),
                    metrics);
            assertTrue(metrics.contains("linewatch_events_total{dataset=\"linewatch.s7comm\"} "), metrics);
            assertTrue(metrics.contains("\nlinewatch_baseline{name=\""), metrics);
            assertTrue(metrics.matches("(?s).*\nlinewatch_alerts_total [1-9]\\d*\n.*"), metrics);
            assertTrue(metrics.matches("(?s).*\nlinewatch_journal_bytes\\{stream=\"events\"} [1-9]\\d*\n.*"), metrics);

            TestData.Result r = capturing.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r.err());
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = Files.readAllLines(log);
        // an alert is printed when it opens and again only when its severity rises or it moves to another incident
        java.util.Map<String, String[]> last = new java.util.HashMap<>();
        long alerts = 0;
        for (String json : Files.readAllLines(live.resolve("alerts.ndjson"))) {
            io.linewatch.model.EventDoc a = io.linewatch.model.Json.readDoc(json);
            long severity = Long.parseLong(String.valueOf(a.get("event.severity")));
            String incident = String.valueOf(a.get("linewatch.incident.id"));
            String[] before = last.get(a.id());
            if (before == null || severity > Long.parseLong(before[0]) || !incident.equals(before[1])) {
                alerts++;
                last.put(a.id(), new String[] {String.valueOf(before == null ? severity
                        : Math.max(severity, Long.parseLong(before[0]))), incident});
            }
        }
        assertEquals(alerts, lines.stream().filter(l -> l.matches("\\S+Z \\S+Z alert [A-Z]+-[A-Z]+-\\d+ severity \\d+ .*")).count(),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+Z linewatch: libpcap received \\d+ .*")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("capture " + ours + ": " + frames + " packets")), lines.toString());
    }

    /**
     * {@code capture --console PORT}: the live sensor's console answers 401 without its token and, with it, shows
     * the packets, the capture's libpcap figures (the overview's drops card reads {@code capture.libpcap_dropped})
     * and the assets while the replayed traffic flows.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theLiveConsoleServesHealthAndAssetsWhileTrafficFlows() throws Exception {
        Path file = TestData.capture("s7comm/cisa_snap7_s300_stop_upload_szl.pcap");
        int frames = countFrames(file);
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path live = tmp.resolve("live");
        Path state = live.resolve(io.linewatch.console.ConsoleServer.STATE_DIR);
        String base = "https://localhost:" + port;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TestData.Result> capturing = pool.submit(() -> TestData.run("capture", "--iface", ours, "--out",
                    live.toString(), "--duration", "12", "--console", Integer.toString(port)));
            waitUntilListening();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            java.net.http.HttpClient http = null;
            while (System.nanoTime() < deadline) { // the console starts before the first packet
                if (Files.exists(state.resolve("console-cert.pem")) && Files.exists(state.resolve("console-read.token"))) {
                    http = java.net.http.HttpClient.newBuilder().sslContext(trusting(state.resolve("console-cert.pem"))).build();
                    try {
                        if (send(http, base + "/api/health", null).statusCode() == 401) {
                            break;
                        }
                    } catch (java.io.IOException notYet) {
                        // not listening yet
                    }
                }
                Thread.sleep(200);
            }
            assertTrue(http != null, "the console wrote its certificate and token");
            assertEquals(401, send(http, base + "/api/assets", null).statusCode(), "no token, no assets");
            String token = Files.readString(state.resolve("console-read.token")).strip();

            sh("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--topspeed", file.toString());
            Map<String, Object> health = Map.of();
            Map<String, Object> assets = Map.of();
            while (System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(10)) {
                health = (Map<String, Object>) Json.read(send(http, base + "/api/health", token).body());
                assets = (Map<String, Object>) Json.read(send(http, base + "/api/assets", token).body());
                Map<String, Object> counters = (Map<String, Object>) health.get("counters");
                if (((Number) counters.get("packets")).intValue() == frames && ((Number) assets.get("total")).intValue() >= 2) {
                    break;
                }
                Thread.sleep(300);
            }
            assertEquals("live", health.get("mode"), health.toString());
            assertEquals(Boolean.TRUE, health.get("running"), health.toString());
            assertEquals(frames, ((Number) ((Map<String, Object>) health.get("counters")).get("packets")).intValue(), health.toString());
            Map<String, Object> capture = (Map<String, Object>) health.get("capture");
            assertEquals(frames, ((Number) capture.get("libpcap_received")).intValue(), health.toString());
            assertEquals(0, ((Number) capture.get("libpcap_dropped")).intValue(), health.toString());
            List<Map<String, Object>> rows = (List<Map<String, Object>>) assets.get("assets");
            assertTrue(rows.stream().anyMatch(a -> ((List<?>) a.get("ip")).contains("134.217.61.211") && "plc".equals(a.get("role"))),
                    "the S7 PLC, live: " + rows);
            Map<String, Object> overview = (Map<String, Object>) Json.read(send(http, base + "/api/overview", token).body());
            assertEquals(capture.keySet(), ((Map<String, Object>) ((Map<String, Object>) overview.get("health")).get("capture")).keySet());

            TestData.Result r = capturing.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("console: serving the live sensor at https://127.0.0.1:" + port + "/"), r.out());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Learn on the live console ({@code capture --console}, single-threaded and with worker threads): the capture
     * learns an HMI polling a PLC, then a laptop polls the PLC (a new talker: observation and alert); approving the
     * alert from the console hands the change to the running pipeline, which puts the talker into its baseline,
     * saves {@code baseline.json} and audits it at once; the laptop polling again raises nothing more (without the
     * approval the grown observation would be handed on again, and the alert with it, when the capture ends), and
     * the baseline the capture writes at its end still has the talker.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    @SuppressWarnings("unchecked")
    void learningOnTheLiveConsoleReachesTheRunningBaseline(int threads) throws Exception {
        String laptop = "10.1.1.77";
        Path learned = PlantCaptures.polling(tmp.resolve("learned.pcap"), PlantCaptures.HMI, PlantCaptures.PLC, 40001);
        Path first = PlantCaptures.polling(tmp.resolve("laptop1.pcap"), laptop, PlantCaptures.PLC, 50001);
        Path again = PlantCaptures.polling(tmp.resolve("laptop2.pcap"), laptop, PlantCaptures.PLC, 50002);
        int frames = countFrames(learned) + countFrames(first) + countFrames(again);
        String key = "talker:" + laptop + ">" + PlantCaptures.PLC;
        int port = freePort();
        Path live = tmp.resolve("live");
        Path state = live.resolve(io.linewatch.console.ConsoleServer.STATE_DIR);
        String base = "https://localhost:" + port;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TestData.Result> capturing = pool.submit(() -> TestData.run("capture", "--iface", ours, "--out",
                    live.toString(), "--count", Integer.toString(frames), "--duration", "90", "--learn", "3s",
                    "--threads", Integer.toString(threads), "--console", Integer.toString(port), "--write-role"));
            waitUntilListening();
            java.net.http.HttpClient http = awaitConsole(state, base);
            String read = Files.readString(state.resolve("console-read.token")).strip();
            String write = Files.readString(state.resolve("console-write.token")).strip();

            sh("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--topspeed", learned.toString());
            Thread.sleep(4500); // learning ends 3 s of capture time (the wall clock, live) after the first packet
            sh("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--topspeed", first.toString());
            Map<String, Object> alert = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (alert == null && System.nanoTime() < deadline) {
                Thread.sleep(300);
                Map<String, Object> alerts = (Map<String, Object>) Json.read(send(http, base + "/api/alerts", read).body());
                for (Map<String, Object> a : (List<Map<String, Object>>) alerts.get("alerts")) {
                    Object observation = ((Map<String, Object>) a.get("console")).get("observation");
                    if (observation instanceof Map<?, ?> o && key.equals(o.get("key"))) {
                        alert = a;
                    }
                }
            }
            assertTrue(alert != null, "an alert about the new talker " + key + " on the live console");
            String alertId = (String) ((Map<String, Object>) alert.get("event")).get("id");

            java.net.http.HttpResponse<String> approved = post(http, base + "/api/actions/approve", write,
                    Json.writeValue(Map.of("alert", alertId, "reason", "the new laptop is the engineering station")));
            assertEquals(200, approved.statusCode(), approved.body());
            Map<String, Object> answer = (Map<String, Object>) Json.read(approved.body());
            assertEquals(key, answer.get("key"));
            assertEquals("talker " + laptop + ">" + PlantCaptures.PLC + " added", answer.get("change"));
            // saved and audited at once, while the capture runs
            assertTrue(approvedTalker(live.resolve("baseline.json"), laptop), "baseline.json has the approved talker");
            List<String> audit = Files.readAllLines(live.resolve("baseline-audit.ndjson"));
            assertEquals(1, audit.size(), audit.toString());
            Map<String, Object> line = (Map<String, Object>) Json.read(audit.get(0));
            assertEquals("approve", line.get("action"));
            assertEquals(key, line.get("key"));
            assertEquals("console token:write", line.get("who"));
            assertTrue(Files.readString(state.resolve("audit.ndjson")).contains("\"action\":\"approve\""));

            sh("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--topspeed", again.toString());
            TestData.Result r = capturing.get(120, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains(String.format("%,d packets", frames)), r.out());
        } finally {
            pool.shutdownNow();
        }
        List<String> observations = new ArrayList<>();
        for (String l : Files.readAllLines(live.resolve("events.ndjson"))) {
            EventDoc d = Json.readDoc(l);
            if (key.equals(d.getString(io.linewatch.model.schema.ObservationFields.KEY))) {
                observations.add(l);
            }
        }
        assertEquals(1, observations.size(), "the talker was reported once, before it was approved: " + observations);
        long alertVersions = Files.readAllLines(live.resolve("alerts.ndjson")).stream()
                .filter(l -> l.contains("\"" + PlantCaptures.PLC + "\"") && l.contains("LW-BAS-003")).count();
        assertEquals(1, alertVersions, "the new-talker alert was raised once");
        assertTrue(approvedTalker(live.resolve("baseline.json"), laptop), "the baseline written at the end kept it");
    }

    /** Whether a baseline file holds the laptop-to-PLC talker, approved. */
    @SuppressWarnings("unchecked")
    private static boolean approvedTalker(Path baseline, String client) throws IOException {
        Map<String, Object> t = (Map<String, Object>) Json.read(Files.readString(baseline));
        return ((List<Map<String, Object>>) t.get("talkers")).stream().anyMatch(m -> client.equals(m.get("client"))
                && PlantCaptures.PLC.equals(m.get("server")) && Boolean.TRUE.equals(m.get("approved")));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Waits for the console of a starting capture: its certificate and token written, 401 without the token. */
    private static java.net.http.HttpClient awaitConsole(Path state, String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) { // the console starts before the first packet
            if (Files.exists(state.resolve("console-cert.pem")) && Files.exists(state.resolve("console-read.token"))) {
                java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                        .sslContext(trusting(state.resolve("console-cert.pem"))).build();
                try {
                    if (send(http, base + "/api/health", null).statusCode() == 401) {
                        return http;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the console did not come up at " + base);
    }

    private static java.net.http.HttpResponse<String> post(java.net.http.HttpClient http, String url, String token,
            String json) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static java.net.http.HttpResponse<String> send(java.net.http.HttpClient http, String url, String token)
            throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Trusts the one certificate the console made (self-signed, for localhost). */
    private static javax.net.ssl.SSLContext trusting(Path certPem) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        ks.load(null, null);
        try (java.io.InputStream in = Files.newInputStream(certPem)) {
            ks.setCertificateEntry("console", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The body of a GET; {@code status} -1 accepts any. */
    private static String get(String url, int status) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (status >= 0 && r.statusCode() != status) {
            return "HTTP " + r.statusCode() + ": " + r.body();
        }
        return r.body();
    }

    @Test
    void durationStopsACaptureOnAQuietInterface() {
        long start = System.nanoTime();
        TestData.Result r = TestData.run("capture", "--iface", ours, "--out", tmp.resolve("quiet").toString(), "--duration", "2");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(seconds < 15, "took " + seconds + " s");
        assertTrue(r.out().contains("0 packets"), r.out());
    }

    @Test
    void missingInterfaceIsOneClearError() {
        TestData.Result r = TestData.run("capture", "--iface", "nosuch" + suffix, "--out", tmp.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("linewatch: cannot capture on nosuch" + suffix), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /**
     * LiveSource reads libpcap's ring itself (pcap_next_ex into the caller's frame, nothing allocated per packet):
     * every replayed frame arrives whole, in order, with its length, the interface's link type and a capture time
     * of the replay's wall clock; libpcap counted them all and dropped none.
     */
    @Test
    void liveSourceReadsEveryFrameWhole() throws Exception {
        Path file = TestData.capture("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap");
        List<byte[]> sent = new ArrayList<>();
        try (CaptureFileReader r = new CaptureFileReader(file)) {
            Frame f = new Frame();
            while (r.next(f)) {
                sent.add(Arrays.copyOf(f.data, f.capturedLength));
            }
        }
        List<byte[]> read = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long before;
        long after;
        try (LiveSource source = new LiveSource(ours, null)) {
            waitUntilListening();
            before = System.currentTimeMillis() * 1_000_000L;
            sh("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--topspeed", file.toString());
            after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
            Thread.sleep(500); // libpcap's 100-ms timeout hands over the ring's last, partly filled block
            source.stop(); // what the kernel holds is still read
            Frame f = new Frame();
            while (source.next(f)) {
                assertEquals(1, f.linkType, "LINKTYPE_ETHERNET");
                assertEquals(f.capturedLength, f.originalLength);
                read.add(Arrays.copyOf(f.data, f.capturedLength));
                times.add(f.timestampNanos);
            }
            LiveSource.Stats stats = source.stats();
            assertEquals(sent.size(), stats.received());
            assertEquals(0, stats.dropped());
        }
        assertEquals(sent.size(), read.size());
        for (int i = 0; i < sent.size(); i++) {
            assertTrue(Arrays.equals(sent.get(i), read.get(i)), "frame " + i + " differs");
            assertTrue(times.get(i) >= before - 1_000_000L && times.get(i) <= after, "frame " + i + " time " + times.get(i)
                    + " outside the replay's " + before + ".." + after);
            assertTrue(i == 0 || times.get(i) >= times.get(i - 1), "frame " + i + " earlier than the one before");
        }
    }

    /** Documents with capture times and the ids derived from them (also cross-references such as {@code forward_open_event_id}) removed, sorted. */
    private static List<String> timeless(Path ndjson) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(ndjson)) {
            EventDoc d = Json.readDoc(line);
            Map<String, Object> m = d.asMap();
            m.remove("@timestamp");
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) m.get("event");
            for (String k : List.of("id", "start", "end", "duration")) {
                event.remove(k);
            }
            removeIdReferences(m);
            out.add(Json.write(d));
        }
        out.sort(null);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void removeIdReferences(Map<String, Object> m) {
        m.keySet().removeIf(k -> k.endsWith("event_id") || k.endsWith("event_ids"));
        for (Object v : m.values()) {
            if (v instanceof Map) {
                removeIdReferences((Map<String, Object>) v);
            }
        }
    }

    private static int countFrames(Path file) throws CaptureException {
        int n = 0;
        try (CaptureFileReader r = new CaptureFileReader(file)) {
            Frame f = new Frame();
            while (r.next(f)) {
                n++;
            }
        }
        return n;
    }

    /** The capture thread opens the interface with libpcap: wait until a packet socket is bound to it. */
    private void waitUntilListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String index = Files.readString(Path.of("/sys/class/net", ours, "ifindex")).strip();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(Path.of("/proc/net/packet"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 4 && f[4].equals(index)) {
                    Thread.sleep(200);
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("capture did not start listening on " + ours);
    }
}
