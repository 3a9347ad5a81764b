package io.linewatch.index.es;

import static io.linewatch.index.es.ShipperTestSupport.append;
import static io.linewatch.index.es.ShipperTestSupport.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.testkit.ElasticsearchNode;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real node (see {@link ElasticsearchNode}): templates, TLS and credentials, outage survival. */
class ElasticsearchIT {
    static ElasticsearchNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void node() {
        node = ElasticsearchNode.shared();
    }

    /** The writer user has only the privileges docs/ELASTICSEARCH.md lists. */
    private EsSettings.Builder writer(String sensor) throws Exception {
        Path pw = dir.resolve("pw-" + sensor);
        Files.writeString(pw, node.writerPassword() + "\n");
        return EsSettings.builder().urls(node.url().toString()).caCertificate(node.caFile())
                .username(ElasticsearchNode.WRITER).passwordFile(pw).sensorName(sensor);
    }

    @Test
    @SuppressWarnings("unchecked")
    void indicesGetEveryDeclaredFieldWithItsType() throws Exception {
        try (EsShipper shipper = EsShipper.connect(writer("mapping-check").build())) {
            append(dir.resolve("events.ndjson"), List.of(
                    "{\"@timestamp\":\"2001-02-03T04:05:06.123456Z\",\"event\":{\"id\":\"mapping-check-1\"}}"));
            Files.writeString(dir.resolve("alerts.ndjson"),
                    "{\"@timestamp\":\"2001-02-03T04:05:06.123456Z\",\"event\":{\"id\":\"mapping-alert-1\",\"kind\":\"alert\"}}\n");
            Files.writeString(dir.resolve("assets.json"), "[{\"asset\":{\"id\":\"10.9.9.9\"}}]");
            shipper.start(dir, false);
            assertTrue(shipper.drain(Duration.ofSeconds(60)).complete());
        }
        for (String index : List.of("linewatch-events-2001.02", "linewatch-alerts-2001.02", "linewatch-assets")) {
            Map<String, Object> m = (Map<String, Object>) Json.read(node.call("GET", "/" + index + "/_mapping", null));
            Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) m.get(index))
                    .get("mappings")).get("properties");
            List<String> wrong = new ArrayList<>();
            FieldTypes.all().forEach((field, type) -> {
                Object actual = typeOf(props, field);
                if (!type.esName.equals(actual)) {
                    wrong.add(field + " is " + actual + ", declared " + type.esName);
                }
            });
            assertEquals(List.of(), wrong, index);
            // the template's settings reach the index: documents stored with the stronger codec
            String codec = node.call("GET", "/" + index + "/_settings/index.codec?flat_settings=true", null);
            assertTrue(codec.contains("\"index.codec\":\"best_compression\""), index + ": " + codec);
        }
        // microseconds survive: date_nanos, not date
        node.refresh("linewatch-events-2001.02");
        String hit = node.call("GET", "/linewatch-events-2001.02/_doc/mapping-check-1", null);
        assertTrue(hit.contains("\"observer\":{\"name\":\"mapping-check\"}"), hit);
        String range = node.call("POST", "/linewatch-events-2001.02/_count",
                "{\"query\":{\"range\":{\"@timestamp\":{\"gt\":\"2001-02-03T04:05:06.123455Z\","
                        + "\"lt\":\"2001-02-03T04:05:06.123457Z\"}}}}");
        assertTrue(range.contains("\"count\":1"), range);
    }

    /**
     * An asset document in the index is the assets.json document plus the sensor's name, field for field; when
     * assets.json changes (a field corrected away), the indexed document follows, nothing of the old one lingers.
     */
    @Test
    @SuppressWarnings("unchecked")
    void assetDocumentsCarryTheFieldsOfAssetsJsonAndTheSensorName() throws Exception {
        Map<String, Object> before = (Map<String, Object>) Json.read("{\"asset\":{\"id\":\"00:0e:8c:d0:f9:cb\",\"role\":\"plc\","
                + "\"first_seen\":\"2016-02-08T22:08:09.123456Z\",\"identity_source\":{\"device.model.identifier\":\"modbus.x\"},"
                + "\"peers\":[{\"ip\":\"10.0.0.9\",\"protocol\":\"s7comm\",\"as\":\"server\",\"transactions\":3,"
                + "\"functions\":[\"plc_stop\"]}]},\"host\":{\"ip\":[\"134.217.61.211\"],\"name\":\"PLC_1\"},"
                + "\"device\":{\"manufacturer\":\"Siemens\",\"model\":{\"identifier\":\"wrong\"},\"product_code\":\"58\"}}");
        Map<String, Object> after = (Map<String, Object>) Json.read("{\"asset\":{\"id\":\"00:0e:8c:d0:f9:cb\",\"role\":\"plc\","
                + "\"first_seen\":\"2016-02-08T22:08:09.123456Z\",\"identity_source\":{\"device.product_code\":\"modbus.x\"},"
                + "\"peers\":[]},\"host\":{\"ip\":[\"134.217.61.211\"],\"name\":\"PLC_1\"},"
                + "\"device\":{\"manufacturer\":\"Siemens\",\"product_code\":\"58\"}}");
        String id = "assets-check:00:0e:8c:d0:f9:cb";
        for (Map<String, Object> doc : List.of(before, after)) {
            try (EsShipper shipper = EsShipper.connect(writer("assets-check").build())) {
                Files.writeString(dir.resolve("assets.json"), Json.writeValue(List.of(doc)));
                shipper.start(dir, false);
                assertTrue(shipper.drain(Duration.ofSeconds(60)).complete());
            }
            node.refresh("linewatch-assets");
            Map<String, Object> hit = (Map<String, Object>) Json.read(node.call("GET", "/linewatch-assets/_doc/" + id, null));
            Map<String, Object> expected = new java.util.LinkedHashMap<>(doc);
            expected.put("observer", Map.of("name", "assets-check"));
            assertEquals(Json.read(Json.writeValue(expected)), hit.get("_source"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object typeOf(Map<String, Object> props, String field) {
        String[] parts = field.startsWith("@") ? new String[] {field} : field.split("\\.");
        Map<String, Object> p = props;
        for (int i = 0; i < parts.length; i++) {
            Object node = p == null ? null : p.get(parts[i]);
            if (!(node instanceof Map)) {
                return null;
            }
            Map<String, Object> n = (Map<String, Object>) node;
            if (i == parts.length - 1) {
                return n.get("type");
            }
            p = (Map<String, Object>) n.get("properties");
        }
        return null;
    }

    @Test
    void badSettingsFailAtStartWithOneClearLine() throws Exception {
        Path bad = dir.resolve("bad");
        Files.writeString(bad, "not-the-password\n");
        EsConfigException creds = assertThrows(EsConfigException.class, () -> EsShipper.connect(
                writer("x").passwordFile(bad).build()));
        assertTrue(creds.getMessage().contains("credentials refused"), creds.getMessage());
        assertFalse(creds.getMessage().contains("not-the-password"));

        EsConfigException denied = assertThrows(EsConfigException.class, () -> EsShipper.connect(
                writer("x").username(ElasticsearchNode.MONITOR_ONLY).build()));
        assertTrue(denied.getMessage().contains("permission denied (HTTP 403)"), denied.getMessage());
        assertTrue(denied.getMessage().contains("template"), denied.getMessage());
        assertFalse(denied.getMessage().contains("\n"), denied.getMessage());

        EsConfigException untrusted = assertThrows(EsConfigException.class, () -> EsShipper.connect(
                writer("x").caCertificate(null).build()));
        assertTrue(untrusted.getMessage().contains("--es-ca"), untrusted.getMessage());

        EsConfigException pin = assertThrows(EsConfigException.class, () -> EsShipper.connect(
                writer("x").caCertificate(null).fingerprint("00".repeat(32)).build()));
        assertTrue(pin.getMessage().contains("pinned SHA-256"), pin.getMessage());

        EsConfigException plain = assertThrows(EsConfigException.class, () -> EsShipper.connect(
                writer("x").caCertificate(null).urls(node.url().toString().replace("https:", "http:")).build()));
        assertTrue(plain.getMessage().contains("https"), plain.getMessage());

        // an unreachable cluster is no bad setting (issue 16, defect 5): the shipper starts and waits for it
        try (EsShipper down = EsShipper.connect(writer("x").urls("https://127.0.0.1:1").build())) {
            assertTrue(down.notConnectedReason().contains("connection refused"), down.notConnectedReason());
        }

        EsConfigException missingCa = assertThrows(EsConfigException.class, () ->
                writer("x").caCertificate(dir.resolve("no-such-ca.crt")).build());
        assertTrue(missingCa.getMessage().contains("does not exist"), missingCa.getMessage());
    }

    @Test
    void pinningTheNodeCertificateWorksWithoutACaFile() throws Exception {
        try (EsShipper shipper = EsShipper.connect(writer("pinned").caCertificate(null)
                .fingerprint(node.nodeCertificateFingerprint()).build())) {
            append(dir.resolve("events.ndjson"), List.of(
                    "{\"@timestamp\":\"2001-03-01T00:00:00.000001Z\",\"event\":{\"id\":\"pinned-1\"}}"));
            shipper.start(dir, false);
            assertTrue(shipper.drain(Duration.ofSeconds(60)).complete());
        }
        node.refresh("linewatch-events-2001.03");
        assertEquals(List.of("pinned-1"), node.ids("linewatch-events-2001.03", "{\"match_all\":{}}"));
    }

    @Test
    void aMappingConflictIsSetAsideWithTheReasonAndTheRestIsIndexed() throws Exception {
        try (EsShipper shipper = EsShipper.connect(writer("conflict").build())) {
            append(dir.resolve("events.ndjson"), List.of(
                    "{\"@timestamp\":\"2001-04-01T00:00:00.000001Z\",\"event\":{\"id\":\"ok-1\"},\"source\":{\"ip\":\"10.0.0.1\"}}",
                    "{\"@timestamp\":\"2001-04-01T00:00:00.000002Z\",\"event\":{\"id\":\"bad-1\"},\"source\":{\"ip\":\"not an address\"}}",
                    "{\"@timestamp\":\"2001-04-01T00:00:00.000003Z\",\"event\":{\"id\":\"ok-2\"}}"));
            shipper.start(dir, false);
            DrainResult r = shipper.drain(Duration.ofSeconds(60));
            assertTrue(r.complete());
            assertEquals(1, r.status().rejected());
        }
        List<Map<String, Object>> rejected = ShipperTestSupport.rejected(dir);
        assertEquals(1, rejected.size());
        assertEquals("bad-1", rejected.get(0).get("id"));
        assertEquals(400L, rejected.get(0).get("status"));
        assertTrue(rejected.get(0).get("reason").toString().contains("document_parsing_exception")
                || rejected.get(0).get("reason").toString().contains("mapper_parsing_exception"), rejected.toString());
        node.refresh("linewatch-events-2001.04");
        assertEquals(Set.of("ok-1", "ok-2"), new HashSet<>(node.ids("linewatch-events-2001.04", "{\"match_all\":{}}")));
    }

    /**
     * An open alert is journaled again, with the same id and a higher {@code linewatch.alert.count}, as it repeats:
     * the index holds the newest version, and an older line sent again (a cursor reset) does not overwrite it.
     */
    @Test
    void alertUpdatesLandAsTheNewestVersion() throws Exception {
        String v1 = "{\"@timestamp\":\"2001-05-01T00:00:00.000001Z\",\"event\":{\"id\":\"alert-1\",\"kind\":\"alert\"},"
                + "\"linewatch\":{\"alert\":{\"count\":1}}}";
        String v4 = v1.replace("\"count\":1", "\"count\":4");
        append(dir.resolve("alerts.ndjson"), List.of(v1, v4));
        try (EsShipper shipper = EsShipper.connect(writer("versions").build())) {
            shipper.start(dir, false);
            assertTrue(shipper.drain(Duration.ofSeconds(60)).complete());
        }
        append(dir.resolve("alerts.ndjson"), List.of(v1)); // the old version again
        try (EsShipper shipper = EsShipper.connect(writer("versions").build())) {
            shipper.start(dir, false);
            DrainResult r = shipper.drain(Duration.ofSeconds(60));
            assertTrue(r.complete());
            assertEquals(0, r.status().rejected());
        }
        node.refresh("linewatch-alerts-2001.05");
        assertEquals(List.of("alert-1"), node.ids("linewatch-alerts-2001.05", "{\"match_all\":{}}"));
        String hit = node.call("POST", "/linewatch-alerts-2001.05/_search", "{\"query\":{\"term\":{\"linewatch.alert.count\":4}}}");
        assertTrue(hit.contains("\"alert-1\""), hit);
    }

    /**
     * The node is killed twice while the journal keeps growing: once under a running shipper (which must
     * wait and carry on), once with the sensor stopped during the outage (a new shipper must resume from the
     * cursor). Every event ends up indexed exactly once.
     */
    @Test
    void everyEventIsIndexedExactlyOnceAcrossOutagesAndRestarts() throws Exception {
        String sensor = "outage";
        Path journal = dir.resolve("events.ndjson");
        List<String> all = new ArrayList<>();
        EsSettings settings = writer(sensor).bulkMaxDocuments(50).requestTimeout(Duration.ofSeconds(5)).build();

        EsShipper first = EsShipper.connect(settings);
        first.backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        first.start(dir, false);
        all.addAll(outageEvents(0, 500));
        append(journal, all);
        node.kill(); // mid-run: part of the first 500 may be in, the rest waits
        List<String> during = outageEvents(500, 800);
        append(journal, during);
        all.addAll(during);
        waitUntil(() -> first.status().retrying(), Duration.ofSeconds(30));
        assertTrue(first.status().documentsBehind() > 0, "the backlog is reported while the node is down");
        node.start();
        DrainResult afterFirst = first.drain(Duration.ofSeconds(60));
        assertTrue(afterFirst.complete(), afterFirst.status().summary());

        node.kill(); // second outage, and the sensor stops during it
        List<String> whileStopped = outageEvents(800, 1000);
        append(journal, whileStopped);
        all.addAll(whileStopped);
        waitUntil(() -> first.status().retrying(), Duration.ofSeconds(30));
        first.close();
        node.start();
        try (EsShipper second = EsShipper.connect(settings)) {
            second.start(dir, false);
            DrainResult r = second.drain(Duration.ofSeconds(60));
            assertTrue(r.complete(), r.status().summary());
            assertEquals(0, r.status().rejected());
        }

        node.refresh("linewatch-events-*");
        List<String> indexed = node.ids("linewatch-events-*", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}");
        List<String> expected = all.stream().map(l -> Json.readDoc(l).id()).toList();
        assertEquals(expected.size(), indexed.size(), "as many documents as journal lines: none lost, none doubled");
        assertEquals(new HashSet<>(expected), new HashSet<>(indexed));
    }

    /** Spread over two months, to show each document has exactly one home index. */
    private static List<String> outageEvents(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            EventDoc d = Json.readDoc(ShipperTestSupport.event(i));
            d.put("@timestamp", (i % 2 == 0 ? "2002-05-" : "2002-06-") + "01T00:00:00." + String.format("%06d", i) + "Z");
            d.put("event.id", "outage-" + i);
            out.add(Json.write(d));
        }
        return out;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + limit);
            }
            Thread.sleep(100);
        }
    }
}
