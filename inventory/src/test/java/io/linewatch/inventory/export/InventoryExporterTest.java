package io.linewatch.inventory.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryExporterTest {
    private static EventDoc plc() {
        EventDoc d = new EventDoc();
        d.put(Fields.ASSET_ID, "00:0e:8c:aa:bb:cc");
        d.put(Fields.HOST_IP, List.of("10.0.0.5"));
        d.put(Fields.HOST_MAC, List.of("00:0e:8c:aa:bb:cc"));
        d.put(Fields.ASSET_ROLE, "plc");
        d.put(Fields.DEVICE_MANUFACTURER, "Siemens AG");
        d.put(Fields.DEVICE_MODEL_NAME, "=HYPERLINK(\"http://x\",\"CPU, 315\")"); // from the wire: hostile
        d.put(Fields.ASSET_PROTOCOLS, List.of(Map.of("protocol", "s7comm", "as", "server")));
        d.put("linewatch.advisories", List.of(Map.of("id", "ICSA-20-042-05", "cves", List.of("CVE-2019-13940"),
                "cvss_base_score", 5.3, "firmware_match", "affected")));
        return d;
    }

    /** An HMI that polls the PLC, with the peers the inventory records. */
    private static EventDoc hmi() {
        EventDoc d = new EventDoc();
        d.put(Fields.ASSET_ID, "10.0.0.9");
        d.put(Fields.HOST_IP, List.of("10.0.0.9"));
        d.put(Fields.ASSET_ROLE, "engineering_workstation");
        d.put(Fields.ASSET_FIRST_SEEN, "2020-01-01T00:00:00.000000Z");
        d.put(Fields.ASSET_LAST_SEEN, "2020-01-01T00:10:00.000000Z");
        d.put("asset.peers", List.of(Map.of("ip", "10.0.0.5", "protocol", "s7comm", "as", "client", "transactions", 7L,
                "flows", 1L, "functions", List.of("plc_stop", "read_var"), "first_seen", "2020-01-01T00:00:00.000000Z",
                "last_seen", "2020-01-01T00:10:00.000000Z")));
        return d;
    }

    static final RunInfo RUN = new RunInfo("plant1-span3", "analyze",
            List.of(new RunInfo.Input("cell <4>.pcap", 1234, "ab".repeat(32))), "2020-01-01T00:00:00.000000Z",
            "2020-01-01T00:10:00.000000Z", 99, "2024-05-01T10:00:00Z", "0.1.0");
    static final ExportMetadata META = new ExportMetadata("Plant <A>", "2024-05-02T08:00:00Z", RUN, "inventory.html",
            "f".repeat(64), "linewatch-ed25519.pub.pem");

    private static String export(ExportFormat f) throws Exception {
        StringWriter w = new StringWriter();
        InventoryExporter.write(List.of(plc(), hmi()), f, META, w);
        return w.toString();
    }

    @Test
    void csvQuotesAndDefusesFormulas() throws Exception {
        String[] all = export(ExportFormat.CSV).split("\r\n");
        // the preamble: the run's metadata as '#' lines
        assertEquals("# title: Plant <A>", all[0]);
        assertTrue(List.of(all).contains("# sensor_name: plant1-span3"));
        assertTrue(List.of(all).contains("# observation_start: 2020-01-01T00:00:00.000000Z"));
        assertTrue(List.of(all).contains("# input: cell <4>.pcap (1234 bytes, sha256 " + "ab".repeat(32) + ")"));
        String[] lines = java.util.Arrays.stream(all).filter(l -> !l.startsWith("#")).toArray(String[]::new);
        assertEquals("asset_id,ip,mac,vlan,role,manufacturer,model_name,model_identifier,firmware_version,serial_number,"
                + "identity_sources,protocols,peers,first_seen,last_seen,identity_changes,advisories,"
                + "role_name,product_code,host_name,station_name,behind_module", lines[0]);
        assertEquals("00:0e:8c:aa:bb:cc,10.0.0.5,00:0e:8c:aa:bb:cc,,plc,Siemens AG,"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"CPU, 315\"\")\",,,,,s7comm/server,,,,0,"
                + "ICSA-20-042-05 (CVE-2019-13940; CVSS 5.3; affected),PLC / controller,,,,", lines[1]);
        assertEquals("'#1", InventoryExporter.csvCell("#1"), "a cell must not read as a comment line");
        assertEquals("'-1", InventoryExporter.csvCell("-1"));
        assertEquals("plain", InventoryExporter.csvCell("plain"));
    }

    @Test
    void htmlEscapesEverythingFromTheWire() throws Exception {
        String html = export(ExportFormat.HTML);
        assertTrue(html.contains("<title>Plant &lt;A&gt;</title>"));
        assertTrue(html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;CPU, 315&quot;)"));
        assertFalse(html.contains("\"http://x\""));
        assertTrue(html.contains("<td class=\"vuln\">1</td>"));
        // a policy forbids anything loaded or run; there is no script at all
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"));
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("http://") && html.replace("http://x", "").replace("http://www.w3.org/2000/svg", "").contains("http://"));
    }

    @Test
    void htmlHasTheCoverSummaryAndReadableRoles() throws Exception {
        String html = export(ExportFormat.HTML);
        assertTrue(html.contains("<td id=\"cover-sensor\">plant1-span3</td>"), html);
        assertTrue(html.contains("<td id=\"cover-generated\">2024-05-02T08:00:00Z</td>"));
        assertTrue(html.contains("2020-01-01T00:00:00.000000Z to 2020-01-01T00:10:00.000000Z"));
        assertTrue(html.contains("cell &lt;4&gt;.pcap (1234 bytes, SHA-256 " + "ab".repeat(32) + ")"));
        assertTrue(html.contains("openssl pkeyutl -verify -pubin -inkey linewatch-ed25519.pub.pem -rawin -in inventory.html "
                + "-sigfile inventory.html.sig"));
        assertTrue(html.contains("fingerprint " + "f".repeat(64)));
        assertTrue(html.contains("<td>Engineering workstation</td>"));
        assertFalse(html.contains(">engineering_workstation<"));
        assertTrue(html.contains("<td>2020-01-01T00:10:00.000000Z</td>"), "last seen in the main table");
        assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(html.contains("id=\"legend\""));
        assertEquals(Map.of("PLC / controller", 1L, "Engineering workstation", 1L),
                InventoryExporter.summary(List.of(plc(), hmi())).get("role"));
        assertEquals(Map.of("untagged", 2L), InventoryExporter.summary(List.of(plc(), hmi())).get("vlan"));
    }

    @Test
    void productCodeIsShownAsOneWhenThereIsNoCatalogNumber() {
        EventDoc d = plc();
        d.put(Fields.DEVICE_PRODUCT_CODE, "58");
        assertEquals("product code 58", AssetView.modelIdentifier(d));
        d.put(Fields.DEVICE_MODEL_IDENTIFIER, "1756-ENBT/A");
        assertEquals("1756-ENBT/A", AssetView.modelIdentifier(d));
    }

    @Test
    void communicationMatrixFormats() throws Exception {
        String csv = export(ExportFormat.MATRIX_CSV);
        assertTrue(csv.contains("# sensor_name: plant1-span3\r\n"));
        assertTrue(csv.contains("client_ip,client_asset_id,client_role,server_ip,server_asset_id,server_role,protocol,functions,"
                + "transactions,flows,first_seen,last_seen\r\n10.0.0.9,10.0.0.9,engineering_workstation,10.0.0.5,"
                + "00:0e:8c:aa:bb:cc,plc,s7comm,plc_stop read_var,7,1,2020-01-01T00:00:00.000000Z,2020-01-01T00:10:00.000000Z\r\n"), csv);
        String graphml = export(ExportFormat.GRAPHML);
        // well-formed XML with one edge and both nodes
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(graphml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(2, doc.getElementsByTagName("node").getLength());
        assertEquals(1, doc.getElementsByTagName("edge").getLength());
        assertTrue(graphml.contains("source=\"10.0.0.9\" target=\"10.0.0.5\""));
        String dot = export(ExportFormat.DOT);
        assertTrue(dot.contains("\"10.0.0.9\" -> \"10.0.0.5\" [label=\"s7comm plc_stop, read_var (7 transactions)\"];"), dot);
        assertTrue(dot.startsWith("// title: Plant <A>\n"));
    }

    @Test
    void jsonExportReadsBack() throws Exception {
        String json = export(ExportFormat.JSON);
        List<EventDoc> back = InventoryFile.parse(json, "export.json");
        assertEquals(2, back.size());
        assertEquals(plc().toString(), back.get(0).toString());
        assertTrue(json.startsWith("{\n  \"linewatch_export\" : {\n    \"title\" : \"Plant <A>\""), json.substring(0, 80));
        assertTrue(json.contains("\"sensor_name\" : \"plant1-span3\""));
    }

    @Test
    void notAnInventoryIsAClearError() {
        InventoryFormatException a = assertThrows(InventoryFormatException.class, () -> InventoryFile.parse("{}", "x.json"));
        assertTrue(a.getMessage().contains("x.json: expected a JSON list"), a.getMessage());
        InventoryFormatException b = assertThrows(InventoryFormatException.class, () -> InventoryFile.parse("[{\"host\":{}}]", "y.json"));
        assertTrue(b.getMessage().contains("y.json: entry 0 is not an asset document"), b.getMessage());
        InventoryFormatException c = assertThrows(InventoryFormatException.class, () -> InventoryFile.parse("[", "z.json"));
        assertTrue(c.getMessage().startsWith("z.json: not valid JSON"), c.getMessage());
    }
}
