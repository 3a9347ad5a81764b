package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.inventory.report.FindingKind;
import io.linewatch.inventory.report.FoundationReport;
import io.linewatch.inventory.report.FoundationReport.Finding;
import io.linewatch.inventory.report.FoundationReport.Row;
import io.linewatch.inventory.report.FoundationReport.Section;
import io.linewatch.inventory.report.FoundationReport.Table;
import io.linewatch.inventory.report.ReportOptions;
import io.linewatch.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation report over generated plant captures (PlantCaptures), through the real pipeline: a flat segment,
 * cleartext access to a PLC and an unidentified controller give exactly those three findings; a clean capture
 * gives none; the previous-report comparison, zones, signing and bad input.
 */
class ReportCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        stdout.reset();
        stderr.reset();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path analyze(String name, Path... captures) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("analyze", "--quiet", "--out", out.toString()));
        for (Path c : captures) {
            args.add(c.toString());
        }
        assertEquals(0, run(args.toArray(String[]::new)), stderr.toString());
        return out;
    }

    /** Scenarios (a) flat segment, (b) cleartext access, (c) unidentified controller, analyzed together. */
    static Path plant(Path dir) throws Exception {
        Path out = dir.resolve("plant");
        if (Files.exists(out.resolve("assets.json"))) {
            return out;
        }
        Path a = PlantCaptures.flatSegment(dir.resolve("a-flat.pcap"));
        Path b = PlantCaptures.cleartext(dir.resolve("b-cleartext.pcap"));
        Path c = PlantCaptures.unidentified(dir.resolve("c-unidentified.pcap"), false);
        assertEquals(0, Main.run("analyze", "--quiet", "--out", out.toString(), a.toString(), b.toString(), c.toString()));
        return out;
    }

    private static Set<FindingKind> kinds(FoundationReport r) {
        return r.findings().stream().map(Finding::kind).collect(Collectors.toSet());
    }

    private static Finding only(FoundationReport r, FindingKind kind) {
        List<Finding> f = r.findings().stream().filter(x -> x.kind() == kind).toList();
        assertEquals(1, f.size(), kind + " in " + r.findings());
        return f.get(0);
    }

    private static Map<String, Row> rows(FoundationReport r) {
        Map<String, Row> all = new java.util.HashMap<>();
        for (Section s : r.sections()) {
            for (Table t : s.tables()) {
                for (Row row : t.rows()) {
                    assertTrue(all.put(row.id(), row) == null, "duplicate row id " + row.id());
                }
            }
        }
        return all;
    }

    private static String text(Row row) {
        return row.cells().stream().map(String::valueOf).collect(Collectors.joining(" | "));
    }

    @Test
    void flatSegmentCleartextAndUnidentifiedControllerAreExactlyTheThreeFindings() throws Exception {
        FoundationReport r = FoundationReport.build(plant(dir));
        assertEquals(Set.of(FindingKind.FLAT_SEGMENT, FindingKind.CLEARTEXT_ACCESS, FindingKind.UNIDENTIFIED_CONTROLLER),
                kinds(r), r.findings().toString());
        assertEquals(3, r.findings().size(), r.findings().toString());
        Map<String, Row> rows = rows(r);

        Finding flat = only(r, FindingKind.FLAT_SEGMENT);
        assertEquals("FR-SEG-1:10.1.1.0/24", flat.key());
        assertEquals(List.of(PlantCaptures.PLC, PlantCaptures.LEGACY_PLC, PlantCaptures.WORKSTATION, PlantCaptures.PRINTER),
                flat.devices());
        Set<String> flatEvidence = new TreeSet<>();
        flat.evidence().forEach(e -> flatEvidence.add(text(rows.get(e.ref()))));
        assertTrue(flatEvidence.stream().anyMatch(t -> t.contains("jetdirect") && t.contains(PlantCaptures.PRINTER)), flatEvidence.toString());

        Finding cleartext = only(r, FindingKind.CLEARTEXT_ACCESS);
        assertEquals(List.of(PlantCaptures.PLC), cleartext.devices());
        Set<String> services = new TreeSet<>();
        for (var e : cleartext.evidence()) {
            Row row = rows.get(e.ref());
            assertEquals(PlantCaptures.WORKSTATION, String.valueOf(row.cells().get(0)));
            services.add(String.valueOf(row.cells().get(3)));
        }
        assertEquals(Set.of("HTTP", "Telnet"), services);

        Finding unidentified = only(r, FindingKind.UNIDENTIFIED_CONTROLLER);
        assertEquals(List.of(PlantCaptures.LEGACY_PLC), unidentified.devices());
        // its evidence: the identity row that is empty, and the polls it answered
        assertTrue(unidentified.evidence().stream().anyMatch(e -> text(rows.get(e.ref())).contains(PlantCaptures.HMI)
                && text(rows.get(e.ref())).contains("read_holding_registers ×" + PlantCaptures.POLLS)), unidentified.evidence().toString());

        for (Finding f : r.findings()) {
            assertFalse(f.evidence().isEmpty(), f.id());
            f.evidence().forEach(e -> assertTrue(rows.containsKey(e.ref()), f.id() + " points at missing row " + e.ref()));
        }
        assertEquals(r.findings().subList(0, 3), r.top());
        Map<String, Object> o = r.overview();
        assertEquals(5L, o.get("devices"));
        assertEquals(2L, o.get("controllers"));
        assertEquals(50.0, o.get("controller_identity_coverage_percent"));
    }

    @Test
    void eachScenarioOnItsOwnGivesItsOwnFinding() throws Exception {
        Path a = PlantCaptures.flatSegment(dir.resolve("a.pcap"));
        assertEquals(Set.of(FindingKind.FLAT_SEGMENT), kinds(FoundationReport.build(analyze("a", a))));
        Path c = PlantCaptures.unidentified(dir.resolve("c.pcap"), false);
        assertEquals(Set.of(FindingKind.UNIDENTIFIED_CONTROLLER), kinds(FoundationReport.build(analyze("c", c))));
    }

    @Test
    void aCleanCaptureHasNoFindings() throws Exception {
        Path out = analyze("clean", PlantCaptures.clean(dir.resolve("clean.pcap")));
        FoundationReport r = FoundationReport.build(out);
        assertEquals(List.of(), r.findings());
        assertEquals(100.0, r.overview().get("controller_identity_coverage_percent"));
        assertEquals(2L, r.overview().get("devices"));
        String html = r.toHtml();
        assertTrue(html.contains("id=\"no-findings\""), "the summary says there is nothing");
        assertTrue(html.contains("BMX P34 2020"), "the identity the PLC told is shown");
    }

    @Test
    void againstThePreviousReportTheFixedFindingsAreResolved() throws Exception {
        Path before = plant(dir);
        // the workstation no longer opens Telnet/HTTP and the legacy PLC now answers Read Device Identification
        Path after = analyze("after", PlantCaptures.flatSegment(dir.resolve("a2.pcap")),
                PlantCaptures.unidentified(dir.resolve("c2.pcap"), true));
        FoundationReport r = FoundationReport.build(after, ReportOptions.defaults().withPrevious(before));
        assertEquals(Set.of(FindingKind.FLAT_SEGMENT), kinds(r));
        Section prev = r.sections().stream().filter(s -> s.id().equals("previous")).findFirst().orElseThrow();
        assertEquals(2, prev.measures().get("findings_resolved"));
        assertEquals(1, prev.measures().get("findings_unchanged"));
        assertEquals(0, prev.measures().get("findings_new"));
        Map<String, String> status = new java.util.HashMap<>();
        for (Row row : prev.tables().get(0).rows()) {
            status.put(String.valueOf(row.cells().get(0)), String.valueOf(row.cells().get(2)));
        }
        assertEquals(Map.of("FR-SEG-1", "unchanged", "FR-EXP-1", "resolved", "FR-ID-1", "resolved"), status);
        // identity coverage of the segment went from 50 to 100 percent
        assertTrue(prev.tables().get(1).rows().stream().map(ReportCommandTest::text)
                .anyMatch(t -> t.contains("controllers identified percent | 50.0 | 100.0 | improved")), prev.tables().get(1).rows().toString());
    }

    @Test
    void zonesSeparateTheOfficeFromTheCell() throws Exception {
        Path zones = dir.resolve("zones.yaml");
        Files.writeString(zones, String.join("\n",
                "zones:",
                "  - name: Line 1 cell",
                "    cidrs: [10.1.1.0/27]",
                "    level: 1",
                "  - name: Office",
                "    cidrs: [10.1.1.48/28]",
                "    level: 4",
                ""));
        Path out = plant(dir);
        Path json = dir.resolve("zoned.json");
        assertEquals(0, run("report", "--from", out.toString(), "--zones", zones.toString(), "--format", "json", "--no-sign",
                "--out", json.toString()), stderr.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) Json.read(Files.readString(json));
        Set<String> codes = new HashSet<>();
        for (Object f : (List<?>) doc.get("findings")) {
            codes.add(String.valueOf(((Map<?, ?>) f).get("code")));
        }
        assertEquals(Set.of("FR-EXP-1", "FR-ID-1"), codes, "office and cell are apart: no flat segment");
        String text = Files.readString(json);
        assertTrue(text.contains("\"Line 1 cell\"") && text.contains("\"Office\""), "segments are the zones");

        Files.writeString(zones, "zones:\n  - name: X\n    cidrs: [10.1.1.0/33]\n");
        assertEquals(1, run("report", "--from", out.toString(), "--zones", zones.toString(), "--out", json.toString(), "--no-sign"));
        assertTrue(stderr.toString().startsWith("linewatch: ") && stderr.toString().contains("prefix outside 0-32"), stderr.toString());
    }

    @Test
    void theHtmlIsSignedAndSelfContained() throws Exception {
        Path out = plant(dir);
        Path html = dir.resolve("report.html");
        Path keys = dir.resolve("keys");
        assertEquals(0, run("report", "--from", out.toString(), "--out", html.toString(), "--key", keys.toString()), stderr.toString());
        assertTrue(stdout.toString().contains("openssl pkeyutl -verify -pubin -inkey"), stdout.toString());
        assertTrue(stdout.toString().contains("3 findings"), stdout.toString());
        assertEquals(0, run("inventory", "verify", "--key", keys.toString(), html.toString()), stdout.toString());

        String page = Files.readString(html);
        assertTrue(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"));
        assertFalse(page.contains("<script"), "no script");
        assertFalse(page.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external resource");
        assertTrue(page.contains("@media print"), "a print style");
        assertTrue(page.contains("openssl pkeyutl -verify -pubin -inkey linewatch-ed25519.pub.pem -rawin -in report.html"));

        // the same directory gives the same bytes, so the signature is reproducible
        Path again = dir.resolve("again.html");
        assertEquals(0, run("report", "--from", out.toString(), "--out", again.toString(), "--key", keys.toString()));
        assertEquals(page.replace("report.html", "again.html"), Files.readString(again));

        byte[] b = Files.readAllBytes(html);
        b[b.length / 2] ^= 0x20;
        Files.write(html, b);
        assertEquals(InventoryCommand.SIGNATURE_MISMATCH, run("inventory", "verify", "--key", keys.toString(), html.toString()));
    }

    @Test
    void realS7CapturesShowEngineeringWithoutIntegrityAndAdvisories() throws Exception {
        Path out = dir.resolve("s7");
        List<String> args = new ArrayList<>(List.of("analyze", "--quiet", "--advisories",
                TestData.root().resolve("testdata/advisories").toString(), "--out", out.toString()));
        try (var files = Files.list(TestData.root().resolve("testdata/pcaps/s7comm"))) {
            files.sorted().forEach(p -> args.add(p.toString()));
        }
        assertEquals(0, run(args.toArray(String[]::new)), stderr.toString());
        FoundationReport r = FoundationReport.build(out);
        Finding eng = only(r, FindingKind.UNPROTECTED_ENGINEERING);
        Map<String, Row> rows = rows(r);
        // classic S7comm: plc_stop from the snap7 capture is in the evidence
        assertTrue(eng.evidence().stream().anyMatch(e -> text(rows.get(e.ref())).contains("plc_stop")), eng.evidence().toString());
        // S7comm-plus is listed as protected, and is no finding's evidence
        Table integrity = r.sections().stream().flatMap(s -> s.tables().stream()).filter(t -> t.id().equals("integrity"))
                .findFirst().orElseThrow();
        List<String> plus = integrity.rows().stream().filter(x -> "s7comm_plus".equals(x.cells().get(2))).map(Row::id).toList();
        assertFalse(plus.isEmpty(), "an S7comm-plus program upload is in the table");
        for (Finding f : r.findings()) {
            f.evidence().forEach(e -> assertFalse(plus.contains(e.ref()), f.id() + " cites an integrity-protected channel"));
        }
        Finding adv = only(r, FindingKind.KNOWN_ADVISORIES);
        assertTrue(adv.evidence().stream().anyMatch(e -> e.label().startsWith("ICSA-")), adv.evidence().toString());
    }

    @Test
    void badInputGetsAClearError() throws Exception {
        assertEquals(1, run("report", "--from", dir.resolve("nothing").toString(), "--out", dir.resolve("r.html").toString(), "--no-sign"));
        assertTrue(stderr.toString().startsWith("linewatch: ") && stderr.toString().contains("is not a directory"), stderr.toString());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(1, run("report", "--from", empty.toString(), "--out", dir.resolve("r.html").toString(), "--no-sign"));
        assertTrue(stderr.toString().contains("holds no assets.json"), stderr.toString());

        // torn and foreign lines in events.ndjson are counted, not fatal
        Path out = dir.resolve("torn");
        Files.createDirectories(out);
        Path plant = plant(dir);
        Files.copy(plant.resolve("assets.json"), out.resolve("assets.json"));
        Files.writeString(out.resolve("events.ndjson"), Files.readString(plant.resolve("events.ndjson")) + "{\"event\":\n[1,2]\nnot json\n");
        assertEquals(0, run("report", "--from", out.toString(), "--out", dir.resolve("t.json").toString(), "--format", "json", "--no-sign"),
                stderr.toString());
        String json = Files.readString(dir.resolve("t.json"));
        assertTrue(json.contains("events.ndjson: lines that are not JSON objects\" : 3"), json);
        assertEquals(1, run("report", "--from", plant.toString(), "--out", dir.resolve("x").toString(), "--format", "pdf"));
        assertTrue(stderr.toString().contains("unknown format 'pdf'"), stderr.toString());
    }
}
