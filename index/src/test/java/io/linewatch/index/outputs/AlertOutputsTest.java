package io.linewatch.index.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.linewatch.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output against a real receiver this test starts on loopback: UDP and TCP sockets, a TLS server, an HTTPS server. */
class AlertOutputsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG} */
    private static final Pattern RFC5424 = Pattern.compile("<(\\d+)>1 (\\S+) (\\S+) (\\S+) (\\d+) (\\S+) - (.*)",
            Pattern.DOTALL);

    @TempDir
    Path tmp;

    static Map<String, Object> alert(String ruleId, int severity, String message) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", ruleId);
        rule.put("name", "Controller stop | start");
        rule.put("ruleset", "linewatch-ot");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "a1b2c3");
        event.put("kind", "alert");
        event.put("severity", severity);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("@timestamp", "2024-05-04T06:01:02.345Z");
        a.put("event", event);
        a.put("rule", rule);
        a.put("threat", Map.of("technique", Map.of("id", List.of("T0858", "T0881"))));
        a.put("source", Map.of("ip", "10.3.0.5", "port", 50123));
        a.put("destination", Map.of("ip", "10.3.0.9", "port", 102));
        a.put("network", Map.of("protocol", "s7comm"));
        a.put("message", message);
        return a;
    }

    @Test
    void cefCarriesTheRuleTheSeverityAndEscapesWhatItMust() {
        String cef = AlertFormat.CEF.format(alert("OT-CTL-001", 73, "PLC stop a=b\\c\nnext"), "0.1.0");
        assertEquals("CEF:0|Linewatch|Linewatch|0.1.0|OT-CTL-001|Controller stop \\| start|7|rt=1714802462345 "
                + "src=10.3.0.5 spt=50123 dst=10.3.0.9 dpt=102 app=s7comm externalId=a1b2c3 cat=linewatch-ot "
                + "cs1Label=mitreAttackIcsTechniques cs1=T0858,T0881 msg=PLC stop a\\=b\\\\c\\nnext", cef);
    }

    @Test
    void udpSendsOneRfc5424MessagePerDatagram() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, LOOPBACK)) {
            receiver.setSoTimeout(10_000);
            SyslogOutput out = SyslogOutput.open("udp://127.0.0.1:" + receiver.getLocalPort(), AlertFormat.CEF, "local4",
                    null, "plant1-span3", "0.1.0", 100);
            try {
                out.offer(alert("OT-CTL-001", 73, "PLC stop"));
                out.offer(alert("OT-DISC-002", 30, "broadcast discovery"));
                List<String> got = List.of(receive(receiver), receive(receiver));
                Matcher m = match(got.get(0));
                assertEquals(20 * 8 + 3, Integer.parseInt(m.group(1))); // local4, error
                assertEquals("2024-05-04T06:01:02.345Z", m.group(2));
                assertEquals("plant1-span3", m.group(3));
                assertEquals("linewatch", m.group(4));
                assertEquals(Long.toString(ProcessHandle.current().pid()), m.group(5));
                assertEquals("alert", m.group(6));
                assertTrue(m.group(7).startsWith("CEF:0|Linewatch|Linewatch|0.1.0|OT-CTL-001|"), m.group(7));
                assertEquals(20 * 8 + 5, Integer.parseInt(match(got.get(1)).group(1))); // notice
            } finally {
                out.close(Duration.ofSeconds(5));
            }
            assertEquals(2, out.stats().sent());
        }
    }

    @Test
    void tcpFramesByOctetCountingAndWaitsForALateReceiver() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        SyslogOutput out = SyslogOutput.open("tcp://127.0.0.1:" + port, AlertFormat.JSON, "auth", null, "s1", "0.1.0",
                100);
        try {
            Map<String, Object> first = alert("OT-ENG-001", 95, "program download ü");
            out.offer(first);
            waitFor(() -> out.stats().retrying(), "the output retries while nothing listens");
            assertTrue(out.stats().lastError().startsWith("tcp 127.0.0.1:" + port), out.stats().lastError());
            try (ServerSocket server = new ServerSocket(port, 1, LOOPBACK)) {
                server.setSoTimeout(30_000);
                out.offer(alert("OT-FW-001", 50, "firmware"));
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    Matcher m = match(readFrame(in));
                    assertEquals(4 * 8 + 2, Integer.parseInt(m.group(1))); // auth, critical
                    assertEquals(Json.writeValue(first), m.group(7));
                    assertEquals("OT-FW-001", ruleId(Json.read(match(readFrame(in)).group(7))));
                }
            }
        } finally {
            out.close(Duration.ofSeconds(5));
        }
        assertEquals(2, out.stats().sent());
    }

    @Test
    void tlsChecksTheReceiversCertificateAgainstTheGivenCa() throws Exception {
        TestCertificate cert = new TestCertificate();
        Path ca = cert.writePem(tmp.resolve("ca.pem"));
        try (SSLServerSocket server = (SSLServerSocket) cert.serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, LOOPBACK)) {
            server.setSoTimeout(30_000);
            List<String> frames = Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        while (true) {
                            frames.add(readFrame(in));
                        }
                    } catch (IOException e) {
                        // handshake refused by the untrusting client, or the client went away: next connection
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            SyslogOutput untrusting = SyslogOutput.open("tls://127.0.0.1:" + server.getLocalPort(), AlertFormat.CEF,
                    "local4", null, "s1", "0.1.0", 100);
            untrusting.offer(alert("OT-CTL-001", 73, "PLC stop"));
            waitFor(() -> untrusting.stats().retrying(), "a receiver with an unknown certificate is not trusted");
            untrusting.close(Duration.ZERO);
            assertEquals(0, untrusting.stats().sent());
            assertEquals(1, untrusting.stats().dropped());

            SyslogOutput out = SyslogOutput.open("tls://127.0.0.1:" + server.getLocalPort(), AlertFormat.CEF, "local4",
                    ca, "s1", "0.1.0", 100);
            out.offer(alert("OT-CTL-001", 73, "PLC stop"));
            out.offer(alert("OT-CTL-001", 73, "PLC start"));
            waitFor(() -> frames.size() == 2, "two frames over TLS");
            out.close(Duration.ofSeconds(5));
            assertEquals(2, out.stats().sent());
            assertTrue(match(frames.get(1)).group(7).endsWith("msg=PLC start"), frames.get(1));
        }
    }

    @Test
    void webhookPostsJsonRetriesWithBackoffAndCountsRefusals() throws Exception {
        TestCertificate cert = new TestCertificate();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger requests = new AtomicInteger();
        List<String> auth = Collections.synchronizedList(new ArrayList<>());
        server.createContext("/hooks/linewatch", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            auth.add(ex.getRequestHeaders().getFirst("Authorization") + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            int n = requests.incrementAndGet();
            int status = n == 1 ? 503 : body.contains("OT-BAD") ? 400 : 204; // the first attempt fails, then accepted
            if (status == 204) {
                bodies.add(body);
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "https://localhost:" + server.getAddress().getPort() + "/hooks/linewatch";
            WebhookOutput out = WebhookOutput.open(url, cert.writePem(tmp.resolve("ca.pem")), "s3cret",
                    Duration.ofSeconds(5), 100);
            Map<String, Object> a = alert("OT-ENG-001", 95, "program download");
            out.offer(a);
            out.offer(alert("OT-BAD", 10, "refused"));
            out.offer(alert("OT-DISC-001", 40, "scan"));
            waitFor(() -> out.stats().sent() + out.stats().failed() == 3, "all three answered");
            out.close(Duration.ofSeconds(5));
            assertEquals(2, out.stats().sent());
            assertEquals(1, out.stats().failed());
            assertTrue(out.stats().lastError().contains("HTTP 400"), out.stats().lastError());
            assertEquals(4, requests.get()); // 503, then 204, 400, 204
            assertEquals(Json.writeValue(a), bodies.get(0));
            assertEquals("OT-DISC-001", ruleId(Json.read(bodies.get(1))));
            assertTrue(auth.stream().allMatch("Bearer s3cret application/json"::equals), auth.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aStuckReceiverFillsTheBoundedQueueAndDropsAreCounted() throws Exception {
        TestCertificate cert = new TestCertificate();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            first.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            WebhookOutput out = WebhookOutput.open("https://127.0.0.1:" + server.getAddress().getPort() + "/",
                    cert.writePem(tmp.resolve("ca.pem")), null, Duration.ofSeconds(20), 3);
            out.offer(alert("OT-CTL-001", 73, "0"));
            assertTrue(first.await(20, TimeUnit.SECONDS));
            for (int i = 1; i < 10; i++) {
                out.offer(alert("OT-CTL-001", 73, Integer.toString(i)));
            }
            assertEquals(6, out.stats().dropped()); // one in flight, three queued
            assertEquals(4, out.stats().queued());
            release.countDown();
            out.close(Duration.ofSeconds(10));
            assertEquals(4, out.stats().sent());
            assertEquals(6, out.stats().dropped());
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertEquals("syslog output 'http://x': use udp://, tcp:// or tls://HOST[:PORT]",
                assertThrows(OutputException.class, () -> SyslogOutput.open("http://x", AlertFormat.CEF, "local4", null,
                        "s", "v", 10)).getMessage());
        assertTrue(assertThrows(OutputException.class, () -> SyslogOutput.open("udp://x", AlertFormat.CEF, "local9",
                null, "s", "v", 10)).getMessage().startsWith("unknown syslog facility 'local9'"));
        assertEquals("unknown alert format 'xml' (known: cef, json)",
                assertThrows(OutputException.class, () -> AlertFormat.parse("xml")).getMessage());
        assertTrue(assertThrows(OutputException.class, () -> WebhookOutput.open("https://h/x",
                tmp.resolve("missing.pem"), null, Duration.ofSeconds(1), 10)).getMessage()
                .startsWith("cannot read CA file"));
    }

    private static String ruleId(Object doc) {
        return (String) AlertFormat.get(castMap(doc), "rule.id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static Matcher match(String message) {
        Matcher m = RFC5424.matcher(message);
        assertTrue(m.matches(), message);
        return m;
    }

    private static String receive(DatagramSocket s) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        s.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    /** One octet-counted frame: decimal length, a space, that many bytes. */
    static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream len = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != ' ') {
            if (c < '0' || c > '9') {
                throw new IOException("not an octet-counted frame (got " + c + ")");
            }
            len.write(c);
        }
        byte[] msg = new byte[Integer.parseInt(len.toString(StandardCharsets.US_ASCII))];
        new DataInputStream(in).readFully(msg);
        return new String(msg, StandardCharsets.UTF_8);
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
