package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, defect 8: bad settings and broken surroundings give one line with the reason, never a stack trace. */
class CommandLineErrorsTest {
    @TempDir
    Path tmp;

    private static final String CAPTURE = "modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap";

    @Test
    void absurdThreadCountIsOneLine() {
        TestData.Result r = TestData.run("analyze", TestData.capture(CAPTURE).toString(), "--out", tmp.resolve("o").toString(),
                "--threads", "100000", "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("linewatch: --threads must be between 1 and "), r.err());
        TestData.Result c = TestData.run("capture", "--iface", "nosuch0", "--out", tmp.resolve("c").toString(), "--threads", "100000");
        assertEquals(1, c.exitCode(), c.err());
        assertTrue(c.err().startsWith("linewatch: --threads must be between 1 and "), c.err());
    }

    @Test
    void negativeDurationIsAUsageError() {
        TestData.Result r = TestData.run("capture", "--iface", "nosuch0", "--out", tmp.resolve("c").toString(), "--duration", "-5");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--duration must be positive"), r.err());
        assertFalse(Files.exists(tmp.resolve("c")), "nothing started");
        TestData.Result n = TestData.run("capture", "--iface", "nosuch0", "--out", tmp.resolve("c").toString(), "--count", "-1");
        assertEquals(2, n.exitCode(), n.err());
    }

    @Test
    void outputDirectoryThatIsAFileKeepsTheReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        TestData.Result r = TestData.run("analyze", TestData.capture(CAPTURE).toString(), "--out", file.toString(), "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        String expected = "linewatch: cannot create output directory " + file + ": ";
        assertTrue(r.err().startsWith(expected), r.err());
        String reason = r.err().strip().substring(expected.length());
        assertFalse(reason.contains(file.toString()), "the reason, not the path again: " + r.err());
    }

    @Test
    void unreadableCaptureFileKeepsTheReason() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-directory.pcap"));
        TestData.Result r = TestData.run("analyze", dir.toString(), "--out", tmp.resolve("o").toString(), "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("linewatch: cannot open " + dir + ": "), r.err());
    }

    @Test
    void wrongTypedConfigValueIsAnErrorWithoutElasticsearchToo() throws Exception {
        Path config = Files.writeString(tmp.resolve("linewatch.yaml"), "elasticsearch:\n  bulk_max_documents: many\n");
        TestData.Result r = TestData.run("analyze", TestData.capture(CAPTURE).toString(), "--out", tmp.resolve("o").toString(),
                "--quiet", "--config", config.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("bulk_max_documents must be a number"), r.err());
    }

    @Test
    void journalFilesAreNotWorldReadable() throws Exception {
        Path out = tmp.resolve("o");
        TestData.Result r = TestData.run("analyze", TestData.capture(CAPTURE).toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        for (String f : new String[] {"events.ndjson", "alerts.ndjson", "assets.json"}) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(out.resolve(f));
            assertFalse(perms.contains(PosixFilePermission.OTHERS_READ), f + " " + perms);
            assertFalse(perms.contains(PosixFilePermission.GROUP_WRITE), f + " " + perms);
            assertTrue(perms.contains(PosixFilePermission.OWNER_WRITE), f + " " + perms);
        }
    }
}
