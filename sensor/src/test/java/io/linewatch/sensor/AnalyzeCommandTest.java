package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;


class AnalyzeCommandTest {
    @TempDir
    Path tmp;

    static Stream<Path> captures() throws IOException {
        try (Stream<Path> s = Files.walk(TestData.capture(""))) {
            return s.filter(p -> p.toString().matches(".*\\.pcap(ng)?$")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyTestCaptureIsAnalyzedWithValidOutputAndDeterministicIds(Path capture) throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TestData.Result r = TestData.run("analyze", capture.toString(), "--out", a.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("packets"), r.out());
        List<String> lines = Files.readAllLines(a.resolve("events.ndjson"));
        // every capture carries something recorded (the layer-2-only PROFINET DCP ones: DCP transactions)
        assertFalse(lines.isEmpty(), capture.toString());
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            EventDoc d = Json.readDoc(line);
            assertTrue(ids.add(d.id()), "duplicate id " + d.id());
            assertTrue(d.getString(Fields.TIMESTAMP).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
        }
        assertTrue(Json.read(Files.readString(a.resolve("assets.json"))) instanceof List);
        assertEquals(0, TestData.run("analyze", capture.toString(), "--out", b.toString(), "--quiet").exitCode());
        assertEquals(Files.readString(a.resolve("events.ndjson")), Files.readString(b.resolve("events.ndjson")));
        assertEquals(Files.readString(a.resolve("assets.json")), Files.readString(b.resolve("assets.json")));
    }

    /** The team's wider corpus, when it sits beside the repository (it is not needed to build or test). */
    static Stream<Path> sharedCaptures() throws IOException {
        Path shared = TestData.root().resolve("../shared/pcaps").normalize();
        if (!Files.isDirectory(shared)) {
            return Stream.of((Path) null); // one skipped case: a parameterized test may not have none
        }
        try (Stream<Path> s = Files.walk(shared)) {
            return s.filter(p -> p.toString().matches(".*\\.pcap(ng)?$")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sharedCaptures")
    void everySharedCaptureIsAnalyzedWithoutError(Path capture) {
        org.junit.jupiter.api.Assumptions.assumeTrue(capture != null, "no ../shared/pcaps beside the repository");
        TestData.Result r = TestData.run("analyze", capture.toString(), "--out", tmp.resolve("s").toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
    }

    @Test
    void severalFilesAreOneStreamInTimeOrder() throws IOException {
        Path out = tmp.resolve("o");
        Path modbus = TestData.capture("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap");
        Path s7 = TestData.capture("s7comm/cisa_snap7_s300_stop_upload_szl.pcap");
        TestData.Result r = TestData.run("analyze", s7.toString(), modbus.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("164 packets"), r.out());
        assertTrue(r.out().contains("analyze 2 files"), r.out());
    }

    @Test
    void threadsRunTheParallelPipelineAndTheSummarySaysSo() {
        Path out = tmp.resolve("t");
        Path capture = TestData.capture("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap");
        TestData.Result r = TestData.run("analyze", capture.toString(), "--out", out.toString(), "--quiet", "--threads", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("workers      3 flow threads  packets dropped at full queues 0"), r.out());
    }

    @Test
    void garbageFileIsOneClearErrorAndNonZeroExit() throws IOException {
        Path junk = tmp.resolve("junk.pcap");
        Files.writeString(junk, "GET / HTTP/1.1\r\n\r\n");
        TestData.Result r = TestData.run("analyze", junk.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("linewatch: "), r.err());
        assertTrue(r.err().contains("junk.pcap: not a pcap or pcapng file"), r.err());
    }

    @Test
    void missingFileIsOneClearError() {
        TestData.Result r = TestData.run("analyze", tmp.resolve("none.pcap").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("none.pcap: no such file"), r.err());
    }

    @Test
    void truncatedCaptureKeepsEverythingBeforeTheCut() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.capture("modbus/cisa_icsnpp_modbus_example_fc43_devid.pcap"));
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Path out = tmp.resolve("o");
        TestData.Result r = TestData.run("analyze", cut.toString(), "--out", out.toString(), "--quiet");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("cut.pcap: truncated capture"), r.err());
        assertFalse(Files.readAllLines(out.resolve("events.ndjson")).isEmpty(), "flows before the cut are kept");
        assertTrue(Files.exists(out.resolve("assets.json")));
    }

    @Test
    void unusableOutputDirectoryIsOneClearError() throws IOException {
        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        TestData.Result r = TestData.run("analyze", TestData.capture("enip/iti_cip_stop_plc_single.pcap").toString(),
                "--out", file.resolve("sub").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("cannot create output directory"), r.err());
    }

    @Test
    void fullDiskIsOneClearErrorAndWhatFitIsKept() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path small = tmp.resolve("small");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here");
        try {
            TestData.Result r = TestData.run("analyze", TestData.capture("modbus/iti_plant141_polling_fc1-2-4-15-16.pcap").toString(),
                    "--out", small.toString(), "--quiet");
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("No space left on device"), r.err());
            assertTrue(r.err().lines().allMatch(l -> l.startsWith("linewatch: ")), r.err());
            assertTrue(Files.size(small.resolve("events.ndjson")) > 0, "what fit before the disk filled is kept");
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void badRulesOrMaintenanceWindowsStopBeforeAnyPacket() throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("mine.drl"), "package x;\nrule \"r\" when then oops(\n");
        Path out = tmp.resolve("o");
        String capture = TestData.capture("enip/iti_cip_stop_plc_single.pcap").toString();
        TestData.Result r = TestData.run("analyze", capture, "--out", out.toString(), "--rules", rules.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("linewatch: rules do not compile: mine.drl line"), r.err());
        assertFalse(Files.exists(out), "nothing was started");

        Path windows = tmp.resolve("w.json");
        Files.writeString(windows, "[{\"name\": \"w\"}]");
        r = TestData.run("analyze", capture, "--out", out.toString(), "--maintenance", windows.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("w.json: window 1: 'start' is missing"), r.err());
    }

    @Test
    void theConfigurationTunesRulesAndDeclaresMaintenanceWindows() throws IOException {
        String capture = TestData.capture("enip/iti_cip_stop_plc_single.pcap").toString(); // a CIP Stop, 2016-03-30
        Path ics = tmp.resolve("plan.ics");
        Files.writeString(ics, String.join("\r\n", "BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Line 1 stop test",
                "DTSTART;TZID=Europe/Berlin:20160330T030000", "DTEND;TZID=Europe/Berlin:20160330T060000",
                "X-LINEWATCH-OPERATIONS:control", "END:VEVENT", "END:VCALENDAR", ""));
        Path config = tmp.resolve("linewatch.yaml");
        Files.writeString(config, "rules:\n  suppress_minutes: 5\nmaintenance:\n  file: plan.ics\n");
        Path out = tmp.resolve("windowed");
        TestData.Result r = TestData.run("analyze", capture, "--out", out.toString(), "--config", config.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", Files.readString(out.resolve("alerts.ndjson")), "the stop was declared: no alert");
        List<String> maintenance = Files.readAllLines(out.resolve("events.ndjson")).stream()
                .filter(l -> l.contains("\"linewatch.maintenance\"")).toList();
        assertEquals(2, maintenance.size(), maintenance.toString());
        assertTrue(maintenance.get(0).contains("\"action\":\"briefing\""), maintenance.get(0));
        assertTrue(maintenance.get(1).contains("\"action\":\"expected_change\""), maintenance.get(1));
        assertTrue(maintenance.get(1).contains("Line 1 stop test"), maintenance.get(1));

        Files.writeString(config, "rules:\n  disabled: [LW-ENG-001]\n  severty: {}\n");
        r = TestData.run("analyze", capture, "--out", tmp.resolve("bad").toString(), "--config", config.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("linewatch: unknown setting 'rules.severty'"), r.err());

        Files.writeString(config, "rules:\n  disabled: [LW-ENG-001]\n");
        out = tmp.resolve("disabled");
        r = TestData.run("analyze", capture, "--out", out.toString(), "--config", config.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", Files.readString(out.resolve("alerts.ndjson")));
    }

    @Test
    void missingArgumentsAreAUsageError() {
        TestData.Result r = TestData.run("analyze", "--out", tmp.toString());
        assertEquals(2, r.exitCode());
        assertEquals("linewatch: missing required parameter: FILE (see 'linewatch help analyze')\n", r.err());
    }
}
