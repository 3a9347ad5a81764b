package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.testkit.ElasticsearchNode;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code linewatch analyze --es} over every capture under {@code linewatch.captures}
 * (../shared/pcaps when present beside the repository, else testdata/pcaps; or -Dlinewatch.captures=DIR), then the
 * documents in Elasticsearch must equal the lines of the NDJSON files: counted and compared by id, per
 * capture and per stream (an open alert is journaled again with the same id as it repeats: Elasticsearch holds one
 * document per alert id, its newest version), plus one asset document per asset and sensor (each capture gets its own sensor
 * name). Events are looked up by id, not by sensor name: the same traffic in two captures (the corpus has
 * such pairs) is the same transaction with the same id, stored once under the sensor that sent it first.
 * Across all captures, the number of documents equals the number of distinct ids: nothing doubled.
 */
class EveryCaptureIT {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void documentsInElasticsearchEqualTheNdjsonLines() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        // the team's whole corpus when it sits beside the repository (a superset of testdata), else testdata
        Path shared = Path.of("../../shared/pcaps");
        Path root = Path.of(System.getProperty("linewatch.captures",
                Files.isDirectory(shared) ? shared.toString() : "../testdata/pcaps"));
        List<Path> captures;
        try (Stream<Path> files = Files.walk(root)) {
            captures = files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().toList();
        }
        assertFalse(captures.isEmpty(), "no captures under " + root);
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, node.writerPassword());

        List<String> mismatches = new ArrayList<>();
        long totalEvents = 0;
        java.util.Set<String> distinctIds = new java.util.HashSet<>();
        for (int i = 0; i < captures.size(); i++) {
            Path capture = captures.get(i);
            Path out = tmp.resolve("run-" + i);
            String sensor = "capture-" + i;
            int rc = Main.run("analyze", capture.toString(), "--out", out.toString(), "--quiet",
                    "--es", node.url().toString(), "--es-ca", node.caFile().toString(),
                    "--es-user", ElasticsearchNode.WRITER, "--es-password-file", pw.toString(), "--sensor-name", sensor);
            assertTrue(rc == 0 || Files.exists(out.resolve("events.ndjson")), capture + ": analyze exit " + rc);
            node.refresh("linewatch-*");
            String bySensor = "{\"term\":{\"observer.name\":\"" + sensor + "\"}}";
            for (String stream : List.of("events", "alerts")) {
                java.util.Set<String> ids = new java.util.LinkedHashSet<>();
                Map<String, Long> newestCount = new java.util.HashMap<>();
                for (String line : Files.readAllLines(out.resolve(stream + ".ndjson"))) {
                    EventDoc doc = Json.readDoc(line);
                    ids.add(doc.id());
                    Long count = doc.getLong("linewatch.alert.count");
                    if (count != null) {
                        newestCount.merge(doc.id(), count, Math::max);
                    }
                }
                List<String> expected = new ArrayList<>(ids);
                if (!newestCount.isEmpty()) {
                    Map<String, Object> found = (Map<String, Object>) Json.read(node.call("POST", "/linewatch-alerts-*/_search",
                            "{\"size\":1000,\"query\":{\"ids\":{\"values\":" + Json.writeValue(expected) + "}},"
                                    + "\"_source\":[\"linewatch.alert.count\"]}"));
                    for (Object h : (List<Object>) ((Map<String, Object>) found.get("hits")).get("hits")) {
                        Map<String, Object> hit = (Map<String, Object>) h;
                        Long indexedCount = EventDoc.of((Map<String, Object>) hit.get("_source")).getLong("linewatch.alert.count");
                        if (!newestCount.get(String.valueOf(hit.get("_id"))).equals(indexedCount)) {
                            mismatches.add(capture.getFileName() + " alert " + hit.get("_id") + ": count " + indexedCount
                                    + " in elasticsearch, newest " + newestCount.get(String.valueOf(hit.get("_id"))));
                        }
                    }
                }
                distinctIds.addAll(expected);
                List<String> indexed = expected.isEmpty() ? new ArrayList<>() : new ArrayList<>(node.ids(
                        "linewatch-" + stream + "-*", "{\"ids\":{\"values\":" + Json.writeValue(expected) + "}}"));
                totalEvents += stream.equals("events") ? expected.size() : 0;
                expected.sort(null);
                indexed.sort(null);
                if (!expected.equals(indexed)) {
                    mismatches.add(capture.getFileName() + " " + stream + ": ndjson " + expected.size()
                            + " lines, elasticsearch " + indexed.size() + " documents");
                }
            }
            List<String> assetIds = new ArrayList<>();
            for (Object a : (List<Object>) Json.read(Files.readString(out.resolve("assets.json")))) {
                assetIds.add(sensor + ":" + EventDoc.of((Map<String, Object>) a).getString("asset.id"));
            }
            List<String> indexedAssets = new ArrayList<>(node.ids("linewatch-assets", bySensor));
            assetIds.sort(null);
            indexedAssets.sort(null);
            if (!assetIds.equals(indexedAssets)) {
                mismatches.add(capture.getFileName() + " assets: " + assetIds.size() + " in assets.json, "
                        + indexedAssets.size() + " in elasticsearch");
            }
            assertFalse(Files.exists(out.resolve("rejected.ndjson")), capture + ": documents were rejected: "
                    + readOrEmpty(out.resolve("rejected.ndjson")));
        }
        System.out.printf("EveryCaptureIT: %d captures, %d events compared by id%n", captures.size(), totalEvents);
        assertEquals(List.of(), mismatches);
        List<String> everything = node.ids("linewatch-events-*,linewatch-alerts-*",
                "{\"prefix\":{\"observer.name\":\"capture-\"}}");
        assertEquals(distinctIds.size(), everything.size(), "one document per distinct id, none doubled");
        assertEquals(distinctIds, new java.util.HashSet<>(everything));
    }

    private static String readOrEmpty(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }
}
