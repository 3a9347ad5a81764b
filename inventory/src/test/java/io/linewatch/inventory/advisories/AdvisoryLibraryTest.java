package io.linewatch.inventory.advisories;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.inventory.AssetFields;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSAF 2.0 reading and matching over the real CISA advisories shipped in testdata/advisories. */
class AdvisoryLibraryTest {
    static Path samples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata/advisories");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("testdata/advisories not found");
    }

    private static EventDoc asset(String vendor, String model, String orderNumber, String firmware) {
        EventDoc d = new EventDoc();
        d.put(Fields.ASSET_ID, "a");
        d.put(Fields.DEVICE_MANUFACTURER, vendor);
        d.put(Fields.DEVICE_MODEL_NAME, model);
        d.put(Fields.DEVICE_MODEL_IDENTIFIER, orderNumber);
        d.put(Fields.DEVICE_FIRMWARE_VERSION, firmware);
        return d;
    }

    @Test
    void parsesTheRealSamples() throws Exception {
        CsafAdvisory rockwell = CsafParser.parse(samples().resolve("icsa-18-310-02.json"));
        assertEquals("ICSA-18-310-02", rockwell.id());
        assertEquals(18, rockwell.products().size());
        CsafAdvisory.Product enbt = rockwell.products().stream().filter(p -> p.productId().equals("CSAFPID-0007")).findFirst().orElseThrow();
        assertEquals("Rockwell Automation", enbt.vendor());
        assertEquals("1756 ControlLogix EtherNet/IP Communications Modules 1756-ENBT", enbt.productName());
        assertEquals("vers:all/*", enbt.version());
        assertEquals("CVE-2018-17924", rockwell.vulnerabilities().get(0).cve());
        assertEquals(8.6, rockwell.vulnerabilities().get(0).scores().get("CSAFPID-0007"));
        CsafAdvisory siemens = CsafParser.parse(samples().resolve("icsa-20-042-05.json"));
        CsafAdvisory.Product cpu315 = siemens.products().stream().filter(p -> p.productId().equals("CSAFPID-0008")).findFirst().orElseThrow();
        assertEquals(List.of("6ES7315-2EH14-0AB0"), cpu315.modelNumbers());
        assertEquals("< V3.X.17", cpu315.versionRange());
    }

    @Test
    @SuppressWarnings("unchecked")
    void enbtFromListIdentityMatchesTheRockwellAdvisory() throws Exception {
        AdvisoryLibrary lib = AdvisoryLibrary.load(samples());
        assertEquals(List.of(), lib.errors());
        // as tshark shows the ListIdentity reply of testdata/pcaps/enip/iti_enip_listidentity_1756-ENBT.pcap
        List<Map<String, Object>> m = lib.matches(asset("Rockwell Automation/Allen-Bradley", "1756-ENBT/A", null, "4.03"));
        assertEquals(1, m.size());
        Map<String, Object> a = m.get(0);
        assertEquals("ICSA-18-310-02", a.get(AssetFields.ADVISORY_ID));
        assertEquals(List.of("CVE-2018-17924"), a.get(AssetFields.ADVISORY_CVES));
        assertEquals(8.6, a.get(AssetFields.ADVISORY_CVSS));
        assertEquals(AdvisoryLibrary.FIRMWARE_ALL_VERSIONS, a.get(AssetFields.ADVISORY_FIRMWARE_MATCH));
        assertEquals("https://www.cisa.gov/news-events/ics-advisories/icsa-18-310-02", a.get(AssetFields.ADVISORY_URL));
    }

    @Test
    void seriesAndFirmwareRangesDecide() throws Exception {
        AdvisoryLibrary lib = AdvisoryLibrary.load(samples());
        // 1756-EN2T series D is affected up to 10.10 only
        assertEquals(1, lib.matches(asset("Rockwell Automation", "1756-EN2T/D", null, "10.07")).size());
        assertEquals(0, lib.matches(asset("Rockwell Automation", "1756-EN2T/D", null, "11.001")).size());
        // another vendor's device with the same catalogue-like name is not matched
        assertEquals(0, lib.matches(asset("Acme Controls", "1756-ENBT/A", null, "4.03")).size());
        // a bare family word is not distinctive enough to match anything
        assertEquals(0, lib.matches(asset("Siemens AG", "CPU", null, "V3.2.8")).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void siemensCpuMatchesByOrderNumberAndFirmwareRange() throws Exception {
        AdvisoryLibrary lib = AdvisoryLibrary.load(samples());
        // SZL 0x0011 of testdata/pcaps/s7comm/cisa_snap7_s300_stop_upload_szl.pcap: 6ES7 315-2EH14-0AB0
        Map<String, Object> hit = lib.matches(asset("Siemens AG", "CPU 315-2 PN/DP", "6ES7 315-2EH14-0AB0", "V3.2.8")).get(0);
        assertEquals("ICSA-20-042-05", hit.get(AssetFields.ADVISORY_ID));
        assertEquals(AdvisoryLibrary.FIRMWARE_AFFECTED, hit.get(AssetFields.ADVISORY_FIRMWARE_MATCH));
        assertEquals(5.3, hit.get(AssetFields.ADVISORY_CVSS));
        assertEquals(0, lib.matches(asset("Siemens AG", "CPU 315-2 PN/DP", "6ES7 315-2EH14-0AB0", "V3.3.17")).size());
        Map<String, Object> unknown = lib.matches(asset("Siemens", "CPU 315-2 PN/DP", "6ES7 315-2EH14-0AB0", null)).get(0);
        assertEquals(AdvisoryLibrary.FIRMWARE_UNKNOWN, unknown.get(AssetFields.ADVISORY_FIRMWARE_MATCH));
    }

    @Test
    void malformedAdvisoryIsNamedAndTheOthersStillUsed(@TempDir Path dir) throws Exception {
        Files.copy(samples().resolve("icsa-18-310-02.json"), dir.resolve("good.json"));
        Files.writeString(dir.resolve("broken.json"), "{\"document\": {\"csaf_version\": \"2.0\", ");
        Files.writeString(dir.resolve("wrong-version.json"), "{\"document\": {\"csaf_version\": \"1.2\"}}");
        Files.writeString(dir.resolve("no-tracking.json"), "{\"document\": {\"csaf_version\": \"2.0\", \"title\": \"x\"}}");
        Files.writeString(dir.resolve("bad-score.json"), Files.readString(dir.resolve("good.json")).replace("\"baseScore\": 8.6", "\"baseScore\": \"high\""));
        Files.writeString(dir.resolve("notes.txt"), "not an advisory, not read");
        AdvisoryLibrary lib = AdvisoryLibrary.load(dir);
        assertEquals(1, lib.advisories().size());
        List<String> errors = lib.errors();
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("bad-score.json") && errors.get(0).contains("baseScore"), errors.get(0));
        assertTrue(errors.get(1).contains("broken.json") && errors.get(1).contains("not valid JSON"), errors.get(1));
        assertTrue(errors.get(2).contains("no-tracking.json") && errors.get(2).contains("document.tracking is missing"), errors.get(2));
        assertTrue(errors.get(3).contains("wrong-version.json") && errors.get(3).contains("expected 2.0"), errors.get(3));
    }

    @Test
    void missingFolderIsAClearError(@TempDir Path dir) {
        AdvisoryException e = assertThrows(AdvisoryException.class, () -> AdvisoryLibrary.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope: not a folder of CSAF advisories"), e.getMessage());
    }
}
