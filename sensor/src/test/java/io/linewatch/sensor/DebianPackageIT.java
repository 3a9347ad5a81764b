package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package end to end: {@code packaging/build-deb} builds it from this build (after {@code package}, so a
 * failsafe test), it is unpacked into an empty root ({@code dpkg -x}), and the {@code linewatch} command there runs
 * with its own Java runtime: {@code --version}, and an {@code analyze} of a test capture with the installed
 * configuration and the installed example rule. Needs dpkg-deb, jlink and asciidoctor (scripts/install-deps).
 */
class DebianPackageIT {
    static final Path ROOT = TestData.root();
    static Path deb;
    static byte[] firstBuild;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void build() throws Exception {
        deb = Path.of(run(ROOT, "packaging/build-deb", tmp.resolve("deb").toString()).strip());
        firstBuild = Files.readAllBytes(deb);
    }

    @Test
    void installedCommandRunsWithItsOwnRuntime() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        run(ROOT, "dpkg", "-x", deb.toString(), root.toString());
        Path linewatch = root.resolve("usr/bin/linewatch");
        assertTrue(Files.isSymbolicLink(linewatch));
        String version = Files.readString(ROOT.resolve("sensor/target/classes/io/linewatch/sensor/version.properties"))
                .strip().substring("version=".length());
        // a clean environment: no JAVA_HOME, a PATH without the build's JDK
        assertEquals("linewatch " + version + "\n", run(root, linewatch.toString(), "--version"));

        Path out = tmp.resolve("out");
        String summary = run(root, linewatch.toString(), "analyze",
                TestData.capture("modbus/iti_plant141_polling_fc1-2-4-15-16.pcap").toString(), "--out", out.toString(),
                "--quiet", "--config", root.resolve("etc/linewatch/linewatch.yml").toString(),
                "--rules", root.resolve("usr/share/doc/linewatch/examples/rules").toString());
        assertTrue(summary.contains("15,387 packets"), summary);
        assertTrue(Files.readString(out.resolve("alerts.ndjson")).contains("\"SITE-001\""));
        assertTrue(Files.size(out.resolve("events.ndjson")) > 0);
    }

    @Test
    void unitRunsCaptureAsAnUnprivilegedUserWithOnlyCapNetRaw() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("unit"));
        run(ROOT, "dpkg", "-x", deb.toString(), root.toString());
        List<String> unit = joined(Files.readAllLines(root.resolve("lib/systemd/system/linewatch.service")));
        for (String line : List.of("User=linewatch", "AmbientCapabilities=CAP_NET_RAW", "CapabilityBoundingSet=CAP_NET_RAW",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/linewatch",
                "EnvironmentFile=-/etc/linewatch/linewatch.env", "WantedBy=multi-user.target")) {
            assertTrue(unit.contains(line), line + " in " + unit);
        }
        String exec = unit.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertTrue(exec.startsWith("ExecStart=/usr/bin/linewatch capture --iface ${LINEWATCH_IFACE} --out /var/lib/linewatch"
                + " --config /etc/linewatch/linewatch.yml"), exec);
        assertTrue(Files.isDirectory(root.resolve("var/lib/linewatch")));
        assertTrue(Files.isRegularFile(root.resolve("etc/linewatch/linewatch.env")));
    }

    @Test
    void controlFilesManPagesAndCompletion() throws Exception {
        Path control = Files.createDirectories(tmp.resolve("control"));
        run(ROOT, "dpkg-deb", "-e", deb.toString(), control.toString());
        assertEquals(List.of("/etc/linewatch/linewatch.yml", "/etc/linewatch/linewatch.env"),
                Files.readAllLines(control.resolve("conffiles")));
        String fields = Files.readString(control.resolve("control"));
        assertTrue(fields.contains("\nDepends: libpcap0.8"), fields);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            run(ROOT, "sh", "-n", control.resolve(script).toString());
        }
        assertTrue(Files.readString(control.resolve("postinst")).contains("useradd --system"));

        Path root = Files.createDirectories(tmp.resolve("docs"));
        run(ROOT, "dpkg", "-x", deb.toString(), root.toString());
        for (String cmd : List.of("linewatch", "linewatch-analyze", "linewatch-capture", "linewatch-help")) {
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(root.resolve("usr/share/man/man1/" + cmd + ".1.gz")))) {
                String roff = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(roff.contains(".TH \"" + cmd.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + "\" \"1\""), roff);
            }
        }
        Path completion = root.resolve("usr/share/bash-completion/completions/linewatch");
        run(ROOT, "bash", "-n", completion.toString());
        String words = run(ROOT, "bash", "-c", "source " + completion + "; COMP_WORDS=(linewatch capture --met); "
                + "COMP_CWORD=2; COMP_LINE='linewatch capture --met'; COMP_POINT=${#COMP_LINE}; "
                + "_complete_linewatch linewatch --met capture 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
        assertEquals(List.of("--metrics", "--metrics-address"), words.lines().map(String::strip).toList());
    }

    @Test
    void aSecondBuildGivesTheSamePackage() throws Exception {
        Path again = Path.of(run(ROOT, "packaging/build-deb", tmp.resolve("again").toString()).strip());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha.digest(firstBuild), MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(again)),
                "reproducible");
    }

    /** Continuation lines joined, comments dropped. */
    private static List<String> joined(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String l : lines) {
            if (l.startsWith("#")) {
                continue;
            }
            if (l.endsWith("\\")) {
                cur.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            out.add(cur.append(l).toString().replaceAll("\\s+", " ").strip());
            cur.setLength(0);
        }
        return out;
    }

    /** Runs a command with a minimal environment; its standard output, or an assertion error with everything. */
    static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Path err = Files.createTempFile("linewatch-it", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(Arrays.toString(cmd) + " timed out");
        }
        String stderr = Files.readString(err);
        Files.delete(err);
        if (p.exitValue() != 0) {
            throw new AssertionError(Arrays.toString(cmd) + " exited " + p.exitValue() + "\n" + out + stderr);
        }
        return out;
    }
}
