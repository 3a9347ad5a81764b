package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.linewatch.model.JournalSegments;
import io.linewatch.model.Json;
import io.linewatch.testkit.ElasticsearchNode;
import io.linewatch.testkit.VethPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, the crash test: {@code capture --es} on a veth pair while traffic is replayed without pause, killed with
 * SIGKILL at a random moment (0-3 s after the run first journals) and started again into the same directory, several
 * times. Checked after every restart:
 * the journal still begins with every complete line it held at the kill (nothing accepted is lost; only a torn tail
 * is set aside). At the end: every line is valid JSON, no event id appears twice, the inventory is there, and
 * Elasticsearch holds each journaled event exactly once. The journal is sealed into small segments
 * ({@code --segment-size 8KiB}), so kills also land around seals and the shipper's cursor crosses segments; the
 * stream is read back whole through {@link JournalSegments}. The seed is printed, so a failure can be replayed
 * ({@code -Dcrash.seed=N}). Needs root, iproute2 and tcpreplay, like {@link CaptureServiceTest}.
 */
class CrashLoopIT {
    private static final int KILLS = 4;
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final String namespace = "lwk" + suffix;
    private final String ours = "lwq" + suffix;
    private final String peer = "lwr" + suffix;

    @TempDir
    Path tmp;

    private Process replayer;

    @BeforeEach
    void createVethPair() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "live capture needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpreplay")), "tcpreplay is not installed");
        VethPair.create(namespace, ours, peer);
    }

    @AfterEach
    void deleteVethPair() throws Exception {
        if (replayer != null) {
            replayer.destroyForcibly();
        }
        if ("root".equals(System.getProperty("user.name"))) {
            VethPair.delete(namespace, ours);
        }
    }

    @Test
    void killNineAtRandomMomentsLosesAndDoublesNothingAccepted() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashLoopIT seed " + seed);
        Random random = new Random(seed);
        ElasticsearchNode node = ElasticsearchNode.shared();
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, node.writerPassword());
        String sensor = "crash-loop-" + suffix;
        Path out = tmp.resolve("out");
        List<String> es = List.of("--es", node.url().toString(), "--es-ca", node.caFile().toString(),
                "--es-user", ElasticsearchNode.WRITER, "--es-password-file", pw.toString(), "--sensor-name", sensor);

        // the plant's polling, looped without end at a steady pace
        replayer = new ProcessBuilder("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--pps", "2000",
                "--loop", "0", TestData.capture("modbus/iti_plant141_polling_fc1-2-4-15-16.pcap").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("tcpreplay.log").toFile()).start();

        byte[] before = new byte[0];
        int restartsChecked = 0;
        int assetsAtKill = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process p = startCapture(out, es);
            byte[] now = journal(out);
            assertTrue(startsWith(now, before), "round " + kill + ": the restart lost journaled lines (seed " + seed + ")");
            if (before.length > 0) {
                restartsChecked++;
            }
            // once this run has journaled something (so a restart has lines to keep), kill it 0-3 s later
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (JournalSegments.size(out, "events.ndjson") <= now.length && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(random.nextInt(3000));
            String rss = ManySensorsOneClusterIT.peakRss(p);
            p.destroyForcibly(); // SIGKILL, wherever it is: mid-write, mid-batch, mid-checkpoint
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            byte[] atKill = journal(out);
            before = Arrays.copyOf(atKill, lastNewline(atKill) + 1); // the complete lines: accepted
            assetsAtKill = assets(out);
            System.out.printf("CrashLoopIT: kill %d: %d journal bytes, %d assets checkpointed, peak RSS %s%n", kill,
                    atKill.length, assetsAtKill, rss);
        }
        replayer.destroyForcibly();
        replayer.waitFor(10, TimeUnit.SECONDS);

        List<String> last = new ArrayList<>(List.of("--duration", "3"));
        last.addAll(es);
        Process p = startCapture(out, last);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the last run did not end");
        String stderr = Files.readString(tmp.resolve("stderr"));
        assertEquals(0, p.exitValue(), stderr);
        byte[] end = journal(out);
        int sealed = JournalSegments.sealed(out, "events.ndjson").size();
        assertTrue(sealed >= 1, "the journal was sealed into segments: " + sealed);
        assertTrue(startsWith(end, before), "the last restart lost journaled lines (seed " + seed + ")");
        assertTrue(restartsChecked >= KILLS - 1, "restarts with a journal to keep: " + restartsChecked);

        List<String> ids = new ArrayList<>();
        for (String line : new String(end, StandardCharsets.UTF_8).split("\n")) {
            ids.add(Json.readDoc(line).id()); // every line valid: torn tails were set aside
        }
        Set<String> distinct = new HashSet<>(ids);
        assertEquals(ids.size(), distinct.size(), "an event id journaled twice (seed " + seed + ")");
        assertTrue(ids.size() >= KILLS, "events journaled: " + ids.size());
        System.out.printf("CrashLoopIT: %d kills survived, %d events journaled in %d sealed segments and the active "
                + "file, %d bytes set aside as torn tails%n", KILLS, ids.size(), sealed, tornBytes(out));
        int assetsAtEnd = assets(out);
        // on a loaded machine a run may be killed before its first checkpoint: what was checkpointed must stay
        assertTrue(assetsAtEnd >= assetsAtKill,
                "inventory kept: " + assetsAtKill + " assets checkpointed before the last kill, " + assetsAtEnd + " at the end");

        node.refresh("linewatch-*");
        List<String> indexed = node.ids("linewatch-events-*", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}");
        assertEquals(distinct.size(), indexed.size(), "Elasticsearch holds each event once (seed " + seed + ")");
        assertEquals(distinct, new HashSet<>(indexed));
        // the shared node serves EveryCaptureIT next, which expects each capture's ids under its own sensor name
        node.delete("linewatch-*", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}");
    }

    /** The events stream, every segment in order. */
    private static byte[] journal(Path out) throws java.io.IOException {
        try (var in = JournalSegments.read(out, "events.ndjson")) {
            return in.readAllBytes();
        }
    }

    private static int assets(Path out) throws java.io.IOException {
        Path f = out.resolve("assets.json");
        return Files.exists(f) ? ((List<?>) Json.read(Files.readString(f))).size() : 0;
    }

    private static long tornBytes(Path out) throws java.io.IOException {
        long n = 0;
        try (var files = Files.list(out)) {
            for (Path f : files.filter(f -> f.getFileName().toString().contains(".torn-")).toList()) {
                n += Files.size(f);
            }
        }
        return n;
    }

    private static boolean startsWith(byte[] all, byte[] prefix) {
        return all.length >= prefix.length && Arrays.equals(all, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private Process startCapture(Path out, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "capture", "--iface", ours, "--out", out.toString(), "--transactions", "all", "--checkpoint-interval", "1",
                "--quiet", "--segment-size", "8KiB"));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr").toFile())
                .redirectOutput(tmp.resolve("stdout").toFile()).start();
        p.getOutputStream().close();
        waitUntilListening(p);
        return p;
    }

    private void waitUntilListening(Process p) throws Exception {
        // a start compiles the rule pack and connects to Elasticsearch: slow on a loaded machine
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(120);
        String index = Files.readString(Path.of("/sys/class/net", ours, "ifindex")).strip();
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "capture exited early: " + Files.readString(tmp.resolve("stderr")));
            for (String line : Files.readAllLines(Path.of("/proc/net/packet"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 4 && f[4].equals(index)) {
                    System.out.printf("CrashLoopIT: capture listening after %d ms%n", (System.nanoTime() - started) / 1_000_000);
                    return;
                }
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("capture did not start listening on " + ours);
    }
}
