package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.linewatch.model.Json;
import io.linewatch.testkit.ElasticsearchCluster;
import io.linewatch.testkit.ElasticsearchProvider;
import io.linewatch.testkit.VethPair;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, many sensors, one cluster: two sensors, each a {@code linewatch capture --es URL1,URL2} process on its
 * own interface (a veth pair each, its plant traffic replayed without pause) as a plant runs them, ship into one
 * two-node Elasticsearch cluster. Once both have documents in the cluster and every shard has its copy on both
 * nodes, one node is killed with SIGKILL; the sensors keep shipping into the other. At the end every event and
 * alert each sensor journaled is in the cluster exactly once, under that sensor's name, and nothing else is.
 *
 * <p>The cluster comes from {@link ElasticsearchProvider#forThisMachine()}: the distribution the build unpacks, run on
 * loopback (these machines), or Elastic's official image through Testcontainers where a Docker engine answers
 * (developer laptops). The build machines have no Docker engine, so only the distribution path has run here.
 * The node killed is the one a two-node cluster can lose ({@link ElasticsearchCluster#expendableNode()}). Needs root,
 * iproute2 and tcpreplay, like {@link CrashLoopIT}.
 */
class ManySensorsOneClusterIT {
    private static final List<String> CAPTURES = List.of("modbus/iti_plant141_polling_fc1-2-4-15-16.pcap",
            "enip/iti_plant141_cip_multiservice_polling.pcap");
    private static final String DOCUMENTS = "linewatch-events-*,linewatch-alerts-*";

    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

    private String namespace(int sensor) {
        return "lwm" + sensor + suffix;
    }

    private String ours(int sensor) {
        return "lwc" + sensor + suffix;
    }

    private String peer(int sensor) {
        return "lwd" + sensor + suffix;
    }

    @BeforeEach
    void createVethPairs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "live capture needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpreplay")), "tcpreplay is not installed");
        for (int i = 0; i < CAPTURES.size(); i++) {
            VethPair.create(namespace(i), ours(i), peer(i));
        }
    }

    @AfterEach
    void deleteVethPairs() throws Exception {
        processes.forEach(Process::destroyForcibly);
        if ("root".equals(System.getProperty("user.name"))) {
            for (int i = 0; i < CAPTURES.size(); i++) {
                VethPair.delete(namespace(i), ours(i));
            }
        }
    }

    @Test
    void twoSensorsShipIntoATwoNodeClusterThatLosesANodeAndEveryDocumentIsIndexedOnceUnderItsSensor() throws Exception {
        try (ElasticsearchCluster cluster = ElasticsearchProvider.forThisMachine().start(2)) {
            List<String> es = cluster.sensorOptions(tmp);
            int victim = cluster.expendableNode();
            List<String> names = new ArrayList<>();
            List<Path> outs = new ArrayList<>();
            List<Process> sensors = new ArrayList<>();
            for (int i = 0; i < CAPTURES.size(); i++) {
                names.add("line" + (i + 1) + "-" + suffix);
                outs.add(tmp.resolve("sensor" + (i + 1)));
                sensors.add(startCapture(i, outs.get(i), names.get(i), es));
            }
            List<Process> replayers = new ArrayList<>();
            for (int i = 0; i < CAPTURES.size(); i++) {
                replayers.add(replay(i));
            }

            // mid-run: both sensors have documents in the cluster, and every shard a copy on both nodes
            long[] atKill = new long[CAPTURES.size()];
            for (int i = 0; i < CAPTURES.size(); i++) {
                atKill[i] = awaitCountAbove(cluster, names.get(i), 0, sensors.get(i), outs.get(i));
            }
            cluster.call("GET", "/_cluster/health/linewatch-*?wait_for_status=green&timeout=90s", null);
            String health = cluster.call("GET", "/_cluster/health/linewatch-*", null);
            assertEquals("green", ((Map<?, ?>) Json.read(health)).get("status"), health);
            for (int i = 0; i < CAPTURES.size(); i++) {
                atKill[i] = count(cluster, names.get(i));
            }
            cluster.kill(victim);
            System.out.printf("ManySensorsOneClusterIT: killed node %d of 2 with %d and %d documents indexed%n", victim + 1,
                    atKill[0], atKill[1]);
            // the sensors go on shipping into the node that is left
            for (int i = 0; i < CAPTURES.size(); i++) {
                awaitCountAbove(cluster, names.get(i), atKill[i], sensors.get(i), outs.get(i));
            }

            for (Process r : replayers) {
                r.destroyForcibly();
                r.waitFor(10, TimeUnit.SECONDS);
            }
            for (int i = 0; i < CAPTURES.size(); i++) {
                System.out.printf("ManySensorsOneClusterIT: %s peak RSS %s%n", names.get(i), peakRss(sensors.get(i)));
                sensors.get(i).destroy(); // SIGTERM: a clean stop (it sends what it can within its shutdown drain)
            }
            for (int i = 0; i < CAPTURES.size(); i++) {
                assertTrue(sensors.get(i).waitFor(120, TimeUnit.SECONDS), "sensor " + names.get(i) + " did not stop");
                assertEquals(0, sensors.get(i).exitValue(), Files.readString(outs.get(i).resolveSibling("stderr-" + i)));
            }
            // whatever a sensor had not sent when it stopped goes as after any stop: `linewatch ship` from its cursor
            for (int i = 0; i < CAPTURES.size(); i++) {
                List<String> ship = new ArrayList<>(List.of("ship", "--out", outs.get(i).toString(),
                        "--sensor-name", names.get(i)));
                ship.addAll(es);
                TestData.Result r = TestData.run(ship.toArray(String[]::new));
                assertEquals(0, r.exitCode(), r.err());
            }

            cluster.refresh("linewatch-*");
            int journaledByBoth = 0;
            for (int i = 0; i < CAPTURES.size(); i++) {
                Set<String> journaled = journalIds(outs.get(i));
                List<String> indexed = cluster.ids(DOCUMENTS, "{\"term\":{\"observer.name\":\"" + names.get(i) + "\"}}");
                assertEquals(journaled.size(), indexed.size(), names.get(i) + ": documents in the cluster (each once)");
                assertEquals(journaled, new HashSet<>(indexed), names.get(i) + ": the journal's documents under its name");
                journaledByBoth += journaled.size();
                System.out.printf("ManySensorsOneClusterIT: %s journaled %d events and alerts, each indexed once%n",
                        names.get(i), journaled.size());
            }
            assertTrue(journaledByBoth > atKill[0] + atKill[1], "documents were shipped after the kill");
            assertEquals(journaledByBoth, cluster.ids(DOCUMENTS, "{\"match_all\":{}}").size(),
                    "the cluster holds nothing but the sensors' documents");
        }
    }

    private Process startCapture(int sensor, Path out, String name, List<String> es) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "capture", "--iface", ours(sensor), "--out", out.toString(), "--transactions", "all", "--quiet",
                "--sensor-name", name));
        cmd.addAll(es);
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr-" + sensor).toFile())
                .redirectOutput(tmp.resolve("stdout-" + sensor).toFile()).start();
        processes.add(p);
        p.getOutputStream().close();
        awaitListening(p, sensor);
        return p;
    }

    /** Each sensor's plant: its capture looped without end at a steady pace into the far end of its veth pair. */
    private Process replay(int sensor) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", namespace(sensor), "tcpreplay", "-q", "-i", peer(sensor),
                "--pps", "1000", "--loop", "0", TestData.capture(CAPTURES.get(sensor)).toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("tcpreplay-" + sensor + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private void awaitListening(Process p, int sensor) throws Exception {
        // a start compiles the rule pack and checks the cluster: slow on a loaded machine
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String index = Files.readString(Path.of("/sys/class/net", ours(sensor), "ifindex")).strip();
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "capture exited early: " + Files.readString(tmp.resolve("stderr-" + sensor)));
            for (String line : Files.readAllLines(Path.of("/proc/net/packet"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 4 && f[4].equals(index)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("capture did not start listening on " + ours(sensor));
    }

    /** Waits until the cluster holds more than {@code floor} of a sensor's documents; returns how many. */
    private long awaitCountAbove(ElasticsearchCluster cluster, String name, long floor, Process sensor, Path out)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(sensor.isAlive(), name + " exited");
            cluster.refresh("linewatch-*");
            HttpResponse<String> r = cluster.request("POST", countPath(), countQuery(name));
            // 503: an index the first bulk just created, its shards not yet allocated: not yet, as a count of 0
            if (r.statusCode() != 503) {
                long n = count(r);
                if (n > floor) {
                    return n;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " shipped nothing past " + floor + " documents within 90 s; journal: "
                + (Files.exists(out.resolve("events.ndjson")) ? Files.size(out.resolve("events.ndjson")) : 0) + " bytes");
    }

    /** The process's peak resident set size (VmHWM), as the kernel reports it. */
    static String peakRss(Process p) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring("VmHWM:".length()).strip();
            }
        }
        return "?";
    }

    private static long count(ElasticsearchCluster cluster, String name) throws IOException {
        return count(cluster.request("POST", countPath(), countQuery(name)));
    }

    private static long count(HttpResponse<String> r) throws IOException {
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + countPath() + " -> " + r.statusCode() + " " + r.body());
        }
        return ((Number) ((Map<?, ?>) Json.read(r.body())).get("count")).longValue();
    }

    private static String countPath() {
        return "/" + DOCUMENTS + "/_count?ignore_unavailable=true&allow_no_indices=true";
    }

    private static String countQuery(String sensorName) {
        return "{\"query\":{\"term\":{\"observer.name\":\"" + sensorName + "\"}}}";
    }

    /** The id of every line of the sensor's event and alert journals (every line valid JSON). */
    private static Set<String> journalIds(Path out) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String file : List.of("events.ndjson", "alerts.ndjson")) {
            Path f = out.resolve(file);
            if (Files.exists(f)) {
                for (String line : Files.readAllLines(f)) {
                    assertTrue(ids.add(Json.readDoc(line).id()), "an id journaled twice in " + f);
                }
            }
        }
        return ids;
    }
}
