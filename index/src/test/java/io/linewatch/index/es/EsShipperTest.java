package io.linewatch.index.es;

import static io.linewatch.index.es.ShipperTestSupport.append;
import static io.linewatch.index.es.ShipperTestSupport.events;
import static io.linewatch.index.es.ShipperTestSupport.rejected;
import static io.linewatch.index.es.ShipperTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsShipperTest {
    @TempDir
    Path dir;

    private EsShipper shipper(FakeCluster cluster, int bulkDocs) {
        EsShipper s = new EsShipper(settings(bulkDocs), cluster, () -> { });
        s.backoff(Duration.ofMillis(1), Duration.ofMillis(5));
        return s;
    }

    private static void shipAll(EsShipper s) throws IOException {
        while (s.shipOnce()) {
            // until nothing new
        }
    }

    @Test
    void sendsEveryLineOnceWithIdIndexAndSensorName() throws Exception {
        append(dir.resolve("events.ndjson"), events(0, 25));
        FakeCluster cluster = new FakeCluster();
        EsShipper s = shipper(cluster, 10);
        s.open(dir, false);
        shipAll(s);

        assertEquals(25, cluster.stored.size());
        assertEquals(List.of(10, 10, 5), cluster.batchSizes, "bulk requests are cut by document count");
        EventDoc doc = Json.readDoc(cluster.stored.get("linewatch-events-2012.11/ev7"));
        assertEquals("test-sensor", doc.getString("observer.name"));
        assertEquals(1007L, doc.getLong("source.port"), "numbers stay numbers");
        ShipperStatus st = s.status();
        assertEquals(25, st.streams().get("events").stored());
        assertEquals(0, st.documentsBehind());
        assertEquals(0, st.bytesBehind());
    }

    @Test
    void outageIsRetriedAndNothingIsLostOrDuplicated() throws Exception {
        append(dir.resolve("events.ndjson"), events(0, 30));
        FakeCluster cluster = new FakeCluster();
        cluster.outageRequests = 4;
        EsShipper s = shipper(cluster, 8);
        s.open(dir, false);
        shipAll(s);
        assertEquals(30, cluster.stored.size());
        cluster.createAttempts.values().forEach(n -> assertEquals(1, n, "each document stored exactly once"));
        assertFalse(s.status().retrying());
    }

    @Test
    void restartResumesFromTheCursorAndResendsOnlyTheUnsettledBatch() throws Exception {
        append(dir.resolve("events.ndjson"), events(0, 20));
        FakeCluster cluster = new FakeCluster();
        EsShipper first = shipper(cluster, 10);
        first.open(dir, false);
        assertTrue(first.shipOnce()); // events 0-9 settled, cursor moved
        first.close();

        append(dir.resolve("events.ndjson"), events(20, 25)); // the sensor kept journaling meanwhile
        EsShipper second = shipper(cluster, 10);
        second.open(dir, false);
        assertEquals(15, second.status().streams().get("events").documentsBehind());
        shipAll(second);
        assertEquals(25, cluster.stored.size());
        assertEquals(0, second.status().streams().get("events").alreadyPresent(),
                "the cursor was committed, so nothing was sent twice");
    }

    @Test
    void aResendAfterALostAnswerIsRecognisedAsAlreadyPresent() throws Exception {
        append(dir.resolve("events.ndjson"), events(0, 5));
        FakeCluster cluster = new FakeCluster();
        // the documents got in, but the answer was lost (timeout): the cursor did not move
        for (String line : events(0, 5)) {
            EventDoc d = Json.readDoc(line);
            cluster.stored.put("linewatch-events-2012.11/" + d.id(), line);
        }
        EsShipper s = shipper(cluster, 10);
        s.open(dir, false);
        shipAll(s);
        assertEquals(5, cluster.stored.size());
        assertEquals(5, s.status().streams().get("events").alreadyPresent());
    }

    @Test
    void perItemFailuresAreRetriedOrSetAsideWithTheReason() throws Exception {
        List<String> lines = new ArrayList<>(events(0, 6));
        lines.add("{not json");
        append(dir.resolve("events.ndjson"), lines);
        FakeCluster cluster = new FakeCluster();
        cluster.scripted.put("ev1", new ArrayList<>(List.of(429, 429)));          // overloaded twice, then fine
        cluster.scripted.put("ev2", new ArrayList<>(List.of(503)));               // shard unavailable once
        cluster.rejectIds.add("ev3");                                             // mapping conflict: forever
        List<Integer> alwaysFailing = new ArrayList<>();
        for (int i = 0; i < EsShipper.MAX_SERVER_ERROR_ATTEMPTS; i++) {
            alwaysFailing.add(500);
        }
        cluster.scripted.put("ev4", alwaysFailing);                               // server error every time
        EsShipper s = shipper(cluster, 100);
        s.open(dir, false);
        shipAll(s);

        assertTrue(cluster.stored.containsKey("linewatch-events-2012.11/ev1"));
        assertTrue(cluster.stored.containsKey("linewatch-events-2012.11/ev2"));
        List<Map<String, Object>> rejected = rejected(dir);
        assertEquals(3, rejected.size());
        assertEquals("ev3", rejected.get(0).get("id"));
        assertEquals(400L, rejected.get(0).get("status"));
        assertTrue(rejected.get(0).get("reason").toString().contains("mapper_parsing_exception"));
        assertEquals(ShipperTestSupport.event(3), rejected.get(0).get("document"), "original line kept verbatim");
        assertEquals("ev4", rejected.get(1).get("id"));
        assertTrue(rejected.get(1).get("reason").toString().startsWith("still failing after"));
        assertTrue(rejected.get(2).get("reason").toString().startsWith("journal line is not a JSON object"));
        assertEquals("{not json", rejected.get(2).get("document"));
        assertEquals(4, cluster.stored.size());
        assertEquals(3, s.status().rejected());
        assertEquals(0, s.status().documentsBehind(), "set-aside documents count as settled");
    }

    @Test
    void aPartialLastLineWaitsForItsNewline() throws Exception {
        Path f = dir.resolve("events.ndjson");
        append(f, events(0, 2));
        String third = ShipperTestSupport.event(2);
        Files.writeString(f, third.substring(0, 20), java.nio.file.StandardOpenOption.APPEND);
        FakeCluster cluster = new FakeCluster();
        EsShipper s = shipper(cluster, 100);
        s.open(dir, false);
        shipAll(s);
        assertEquals(2, cluster.stored.size());
        Files.writeString(f, third.substring(20) + "\n", java.nio.file.StandardOpenOption.APPEND);
        shipAll(s);
        assertEquals(3, cluster.stored.size());
        assertTrue(cluster.stored.containsKey("linewatch-events-2012.11/ev2"));
    }

    @Test
    void rewrittenJournalIsSentAgainWithoutDuplicates() throws Exception {
        Path f = dir.resolve("events.ndjson");
        append(f, events(0, 10));
        FakeCluster cluster = new FakeCluster();
        EsShipper s = shipper(cluster, 100);
        s.open(dir, false);
        shipAll(s);
        s.close();
        // a new offline analysis rewrites the journal: same content, so same ids
        Files.delete(f);
        append(f, events(0, 3));
        EsShipper again = shipper(cluster, 100);
        again.open(dir, false);
        shipAll(again);
        assertEquals(10, cluster.stored.size());
        assertEquals(3, again.status().streams().get("events").alreadyPresent());
    }

    @Test
    void assetsAreUpsertedPerSensorOnlyWhenTheFileChanges() throws Exception {
        Files.writeString(dir.resolve("assets.json"),
                "[{\"asset\":{\"id\":\"00:01:02:03:04:05\"},\"host\":{\"ip\":[\"10.0.0.1\"]}},"
                        + "{\"asset\":{\"id\":\"10.0.0.2\"}},{\"host\":{\"ip\":[\"10.0.0.3\"]}}]");
        FakeCluster cluster = new FakeCluster();
        EsShipper s = shipper(cluster, 100);
        s.open(dir, false);
        shipAll(s);
        assertEquals(2, cluster.stored.size());
        String doc = cluster.stored.get("linewatch-assets/test-sensor:00:01:02:03:04:05");
        assertEquals("test-sensor", Json.readDoc(doc).getString("observer.name"));
        assertEquals(1, rejected(dir).size(), "the asset without an id is set aside");
        int requests = cluster.requests;
        assertFalse(s.shipOnce(), "unchanged assets.json is not sent again");
        assertEquals(requests, cluster.requests);
    }

    @Test
    void drainWaitsForTheBackgroundThreadAndReportsWhatIsLeftOnTimeout() throws Exception {
        append(dir.resolve("events.ndjson"), events(0, 40));
        FakeCluster cluster = new FakeCluster();
        EsShipper s = shipper(cluster, 10);
        s.start(dir, false);
        DrainResult done = s.drain(Duration.ofSeconds(10));
        assertTrue(done.complete());
        assertEquals(40, cluster.stored.size());

        cluster.outageRequests = Integer.MAX_VALUE; // the cluster goes away for good
        append(dir.resolve("events.ndjson"), events(40, 45));
        DrainResult stuck = s.drain(Duration.ofMillis(300));
        assertFalse(stuck.complete());
        assertEquals(5, stuck.status().documentsBehind());
        assertTrue(stuck.status().retrying());
        assertTrue(stuck.status().lastError().contains("simulated"));
        s.close();
    }
}
