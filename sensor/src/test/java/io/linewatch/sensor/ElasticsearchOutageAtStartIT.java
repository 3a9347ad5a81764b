package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.Json;
import io.linewatch.testkit.ElasticsearchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, defect 5: a sensor started while its Elasticsearch cluster is down records anyway (the journal), and
 * once the node answers every journaled document arrives, exactly once. The real node of the test run is
 * killed, {@code analyze --es} starts, the node starts again only after the sensor has journaled.
 */
class ElasticsearchOutageAtStartIT {
    @TempDir
    Path tmp;

    @Test
    void aSensorStartedDuringAnOutageShipsEverythingOnceWhenTheClusterReturns() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, node.writerPassword());
        Path out = tmp.resolve("out");
        String sensor = "started-during-outage";
        node.kill();
        AtomicInteger rc = new AtomicInteger(-1);
        Thread analyze;
        try {
            analyze = new Thread(() -> rc.set(Main.run("analyze",
                    TestData.capture("modbus/iti_plant141_polling_fc1-2-4-15-16.pcap").toString(),
                    "--out", out.toString(), "--quiet", "--transactions", "all",
                    "--es", node.url().toString(), "--es-ca", node.caFile().toString(),
                    "--es-user", ElasticsearchNode.WRITER, "--es-password-file", pw.toString(),
                    "--sensor-name", sensor)), "analyze-during-outage");
            analyze.start();
            Path events = out.resolve("events.ndjson");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(events) && Files.size(events) > 0)) {
                assertTrue(analyze.isAlive() || rc.get() == 0, "analyze ended with " + rc.get() + " while the node was down");
                assertTrue(System.nanoTime() < deadline, "nothing journaled while Elasticsearch was down");
                Thread.sleep(100);
            }
            Thread.sleep(1000); // let it try (and fail) to ship a few times
        } finally {
            node.start();
        }
        analyze.join(180_000);
        assertEquals(0, rc.get(), "analyze exit status");

        node.refresh("linewatch-*");
        List<String> lines = Files.readAllLines(out.resolve("events.ndjson"));
        Set<String> journaled = new HashSet<>();
        for (String line : lines) {
            journaled.add(Json.readDoc(line).id());
        }
        List<String> indexed = node.ids("linewatch-events-*", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}");
        assertTrue(journaled.size() > 100, "a real capture: " + journaled.size());
        assertEquals(journaled.size(), indexed.size(), "every document once: none lost, none doubled");
        assertEquals(journaled, new HashSet<>(indexed));
        // the shared node serves EveryCaptureIT next, which expects each capture's ids under its own sensor name
        node.delete("linewatch-*", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}");
    }
}
