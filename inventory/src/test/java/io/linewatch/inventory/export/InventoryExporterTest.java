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

    private static String export(ExportFormat f) throws Exception {
        StringWriter w = new StringWriter();
        InventoryExporter.write(List.of(plc()), f, "Plant <A>", w);
        return w.toString();
    }

    @Test
    void csvQuotesAndDefusesFormulas() throws Exception {
        String[] lines = export(ExportFormat.CSV).split("\r\n");
        assertEquals("asset_id,ip,mac,vlan,role,manufacturer,model_name,model_identifier,firmware_version,serial_number,"
                + "identity_sources,protocols,peers,first_seen,last_seen,identity_changes,advisories", lines[0]);
        assertEquals("00:0e:8c:aa:bb:cc,10.0.0.5,00:0e:8c:aa:bb:cc,,plc,Siemens AG,"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"CPU, 315\"\")\",,,,,s7comm/server,,,,0,"
                + "ICSA-20-042-05 (CVE-2019-13940; CVSS 5.3; affected)", lines[1]);
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
    }

    @Test
    void jsonExportReadsBack() throws Exception {
        List<EventDoc> back = InventoryFile.parse(export(ExportFormat.JSON), "export.json");
        assertEquals(1, back.size());
        assertEquals(plc().toString(), back.get(0).toString());
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
