package io.linewatch.sensor;

import static io.linewatch.testkit.VethPair.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.linewatch.model.Json;
import io.linewatch.testkit.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture command as a service runs it (issue 16): a separate process on a veth pair whose peer lives in
 * a network namespace this test creates, stopped with SIGTERM and started again into the same directory.
 * Needs root, iproute2 and tcpreplay, like {@link LiveCaptureTest}.
 */
class CaptureServiceTest {
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final String namespace = "lws" + suffix;
    private final String ours = "lwc" + suffix;
    private final String peer = "lwd" + suffix;

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

    /**
     * Defect 8: SIGTERM ends the capture with status 0 and everything flushed (systemd records no failure);
     * and the passive guarantee: the sensor's interface transmitted nothing meanwhile.
     */
    @Test
    void sigtermIsACleanStopAndNothingIsTransmitted() throws Exception {
        Path out = tmp.resolve("out");
        long txBefore = txPackets();
        Process p = startCapture(out);
        replay("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap");
        waitForEvents(out);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
        String stdout = Files.readString(tmp.resolve("stdout"));
        String stderr = Files.readString(tmp.resolve("stderr"));
        assertEquals(0, p.exitValue(), stdout + stderr);
        assertTrue(stdout.contains("capture " + ours + ": "), stdout);
        assertTrue(Files.size(out.resolve("assets.json")) > 2, "assets written at the stop");
        for (String line : Files.readAllLines(out.resolve("events.ndjson"))) {
            Json.readDoc(line);
        }
        assertEquals(txBefore, txPackets(), "the sensor's interface sent frames");
    }

    /**
     * Defect 2: a restarted capture into the same directory keeps the asset inventory (first seen, identity,
     * history, peers), even when nothing is captured after the restart.
     */
    @Test
    void aRestartedCaptureKeepsTheAssets() throws Exception {
        Path out = tmp.resolve("out");
        Process p = startCapture(out);
        replay("s7comm/cisa_snap7_s300_stop_upload_szl.pcap");
        replay("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap");
        waitForEvents(out);
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("stderr")));
        String first = Files.readString(out.resolve("assets.json"));
        int assets = ((List<?>) Json.read(first)).size();
        assertTrue(assets >= 3, first);

        Process again = startCapture(out, "--duration", "2");
        assertTrue(again.waitFor(60, TimeUnit.SECONDS));
        String stdout = Files.readString(tmp.resolve("stdout"));
        assertEquals(0, again.exitValue(), Files.readString(tmp.resolve("stderr")));
        assertTrue(stdout.contains("assets       " + assets), stdout);
        assertEquals(first, Files.readString(out.resolve("assets.json")), "the same assets after a restart");
    }

    /** Defect 2 after kill -9: the periodic checkpoint left the inventory, and the next start reloads it. */
    @Test
    void killNineLosesNoMoreThanOneCheckpointOfTheInventory() throws Exception {
        Path out = tmp.resolve("out");
        Process p = startCapture(out, "--checkpoint-interval", "1");
        replay("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap");
        waitForEvents(out);
        Thread.sleep(2500); // a checkpoint is due every second while the inventory changes
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Path assets = out.resolve("assets.json");
        assertTrue(Files.exists(assets), "no checkpoint before the kill");
        int n = ((List<?>) Json.read(Files.readString(assets))).size();
        assertTrue(n >= 2, Files.readString(assets));
        Process again = startCapture(out, "--duration", "1");
        assertTrue(again.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), Files.readString(tmp.resolve("stderr")));
        assertTrue(Files.readString(tmp.resolve("stdout")).contains("assets       " + n), Files.readString(tmp.resolve("stdout")));
        for (String line : Files.readAllLines(out.resolve("events.ndjson"))) {
            Json.readDoc(line); // a torn line was set aside at the restart
        }
    }

    private Process startCapture(Path out, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "capture", "--iface", ours, "--out", out.toString()));
        cmd.addAll(List.of(extra));
        // to files: Process.destroy() closes the pipes
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr").toFile())
                .redirectOutput(tmp.resolve("stdout").toFile()).start();
        p.getOutputStream().close();
        waitUntilListening(p);
        return p;
    }

    private void replay(String capture) throws Exception {
        sh("ip", "netns", "exec", namespace, "tcpreplay", "-q", "-i", peer, "--topspeed", TestData.capture(capture).toString());
    }

    /**
     * The journal is synced every second: wait until the replayed traffic is on disk, i.e. the journal has stopped
     * growing for three syncs (a loaded machine reads the replay well after tcpreplay has sent it).
     */
    private static void waitForEvents(Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path events = out.resolve("events.ndjson");
        long size = -1;
        int unchanged = 0;
        while (System.nanoTime() < deadline) {
            long now = Files.exists(events) ? Files.size(events) : 0;
            unchanged = now > 0 && now == size ? unchanged + 1 : 0;
            if (unchanged >= 3) {
                return;
            }
            size = now;
            Thread.sleep(1000);
        }
        throw new AssertionError(size > 0 ? "the journal kept growing" : "no events journaled");
    }

    private long txPackets() throws Exception {
        return Long.parseLong(Files.readString(Path.of("/sys/class/net", ours, "statistics", "tx_packets")).strip());
    }

    private void waitUntilListening(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String index = Files.readString(Path.of("/sys/class/net", ours, "ifindex")).strip();
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "capture exited early");
            for (String line : Files.readAllLines(Path.of("/proc/net/packet"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 4 && f[4].equals(index)) {
                    Thread.sleep(300);
                    return;
                }
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("capture did not start listening on " + ours);
    }
}
