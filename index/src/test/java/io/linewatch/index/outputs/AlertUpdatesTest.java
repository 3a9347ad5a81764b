package io.linewatch.index.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An open alert's updates reach a syslog receiver only when they matter: created, severity up, another incident. */
class AlertUpdatesTest {

    /** A version of alert {@code id}: its count, severity and incident as the rules write them. */
    static Map<String, Object> version(String id, long count, int severity, String incident) {
        Map<String, Object> a = AlertOutputsTest.alert("LW-REC-006", severity, "10.0.0.10 answered 10.0.0.66 with "
                + count + " modbus errors");
        @SuppressWarnings("unchecked")
        Map<String, Object> event = new LinkedHashMap<>((Map<String, Object>) a.get("event"));
        event.put("id", id);
        a.put("event", event);
        a.put("linewatch", Map.of("alert", Map.of("count", count), "incident", Map.of("id", incident)));
        return a;
    }

    @Test
    void sendsOnCreationSeverityRiseAndIncidentChangeOnly() {
        AlertUpdates u = new AlertUpdates();
        assertTrue(u.send(version("a1", 1, 45, "i1")));
        assertFalse(u.send(version("a1", 2, 45, "i1")));
        assertFalse(u.send(version("a1", 4, 45, "i1")));
        assertTrue(u.send(version("a2", 1, 45, "i1")), "another alert is new");
        assertTrue(u.send(version("a1", 8, 70, "i1")), "severity rose (rules.severity changed on reload)");
        assertFalse(u.send(version("a1", 9, 45, "i1")), "lower than what was sent");
        assertTrue(u.send(version("a1", 16, 70, "i2")), "joined another incident");
        assertEquals(3, u.notSent());
    }

    @Test
    void boundedAForgottenAlertIsSentAgainRatherThanHeldBack() {
        AlertUpdates u = new AlertUpdates(2);
        assertTrue(u.send(version("a1", 1, 45, "i1")));
        assertTrue(u.send(version("a2", 1, 45, "i1")));
        assertTrue(u.send(version("a3", 1, 45, "i1"))); // a1 forgotten
        assertTrue(u.send(version("a1", 2, 45, "i1")));
        assertFalse(u.send(version("a3", 2, 45, "i1")));
    }

    @Test
    void aSyslogReceiverGetsOneMessagePerAlertNotOnePerUpdate() throws Exception {
        AlertUpdates u = new AlertUpdates();
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(1_000);
            SyslogOutput out = SyslogOutput.open("udp://127.0.0.1:" + receiver.getLocalPort(), AlertFormat.JSON,
                    "local4", null, "plant1-span3", "0.1.0", 100);
            try {
                for (long count : new long[] {1, 2, 4, 8, 16}) { // what the journal gets while the storm goes on
                    Map<String, Object> v = version("storm", count, 45, "i1");
                    if (u.send(v)) {
                        out.offer(v);
                    }
                }
                List<String> got = new ArrayList<>();
                byte[] buf = new byte[65536];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        receiver.receive(p);
                        got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                    }
                } catch (SocketTimeoutException done) {
                    // nothing more came
                }
                assertEquals(1, got.size(), got.toString());
                assertTrue(got.get(0).contains("\"count\":1"), got.get(0));
                assertEquals(4, u.notSent());
            } finally {
                out.close(Duration.ofSeconds(5));
            }
            assertEquals(1, out.stats().sent());
        }
    }
}
