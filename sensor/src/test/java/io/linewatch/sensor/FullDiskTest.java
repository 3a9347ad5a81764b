package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a full disk is one line naming the file and the reason, exit status 1, never a crash, never a confusing
 * follow-on error, and never blamed on a dissector. A 256 KiB tmpfs (needs root) fills during an analysis.
 */
class FullDiskTest {
    @TempDir
    Path tmp;

    @Test
    void aFullDiskIsOneLineAndExitOne() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small file system needs root");
        Path disk = tmp.resolve("disk");
        Files.createDirectories(disk);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString()) == 0, "cannot mount a tmpfs");
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream savedErr = System.err;
            PrintStream savedOut = System.out;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int rc;
            try {
                rc = Main.run("analyze", TestData.capture("modbus/iti_plant141_polling_fc1-2-4-15-16.pcap").toString(),
                        "--out", disk.resolve("out").toString(), "--quiet", "--transactions", "all");
            } finally {
                System.setErr(savedErr);
                System.setOut(savedOut);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, rc, text);
            assertEquals(List.of("linewatch: cannot write " + disk.resolve("out").resolve("events.ndjson")
                    + ": No space left on device"), text.lines().toList());
            assertFalse(out.toString(StandardCharsets.UTF_8).contains("dissector_errors"), out.toString(StandardCharsets.UTF_8));
        } finally {
            run("umount", disk.toString());
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
