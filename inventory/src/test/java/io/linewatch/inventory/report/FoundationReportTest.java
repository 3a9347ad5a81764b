package io.linewatch.inventory.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The findings the generated captures of the sensor's tests do not reach, over a hand-written output directory
 * (SCHEMA-shaped assets, transactions, flows and a baseline): office and many writers, firmware spread, data
 * nobody can trust, a MAC-vendor-only device, traffic between segments; and escaping of what came off the wire.
 */
class FoundationReportTest {
    static final String PLC_A = "10.5.0.10";
    static final String PLC_B = "10.5.0.11";
    static final String OFFICE = "10.5.0.50";
    static final String EWS1 = "10.5.0.30";
    static final String EWS2 = "10.5.0.31";
    static final String HMI = "10.6.0.20";
    static final String HOSTILE = "<script>alert(1)</script>";

    @TempDir
    Path dir;

    private static EventDoc asset(String ip, String role, String... protocols) {
        EventDoc d = new EventDoc();
        d.put("asset.id", ip);
        d.put("host.ip", List.of(ip));
        d.put("host.mac", List.of());
        d.put("asset.role", role);
        List<Map<String, Object>> p = new ArrayList<>();
        for (String s : protocols) {
            String[] x = s.split("/");
            p.add(Map.of("protocol", x[0], "as", x[1], "identified_by", "dissector"));
        }
        d.put("asset.protocols", p);
        d.put("asset.first_seen", "2024-05-06T08:00:00Z");
        d.put("asset.last_seen", "2024-05-06T09:00:00Z");
        return d;
    }

    private static String tx(String client, String server, String action, String op, String outcome, int second) {
        return Json.write(transaction(client, server, action, op, outcome, second));
    }

    private static EventDoc transaction(String client, String server, String action, String op, String outcome,
            int second) {
        EventDoc d = new EventDoc();
        d.put("@timestamp", String.format("2024-05-06T08:%02d:%02dZ", second / 60, second % 60));
        d.put("event.kind", "event");
        d.put("event.dataset", "linewatch.modbus");
        d.put("event.action", action);
        d.put("event.outcome", outcome);
        d.put("source.ip", client);
        d.put("destination.ip", server);
        d.put("network.protocol", "modbus");
        d.put("ot.seen", "both");
        d.put("ot.operation", op);
        return d;
    }

    private Path directory() throws Exception {
        List<EventDoc> assets = new ArrayList<>();
        EventDoc a = asset(PLC_A, "plc", "modbus/server");
        a.put("device.manufacturer", "Acme");
        a.put("device.model.name", HOSTILE);
        a.put("device.firmware.version", "1.0");
        assets.add(a);
        EventDoc b = asset(PLC_B, "plc", "modbus/server");
        b.put("device.manufacturer", "Acme");
        b.put("device.model.name", HOSTILE);
        b.put("device.firmware.version", "2.0");
        assets.add(b);
        assets.add(asset(OFFICE, "it_host", "smb/client", "modbus/client"));
        assets.add(asset(EWS1, "engineering_workstation", "modbus/client"));
        assets.add(asset(EWS2, "engineering_workstation", "modbus/client"));
        EventDoc hmi = asset(HMI, "hmi", "modbus/client");
        hmi.put("device.manufacturer", "Siemens AG");
        hmi.put("asset.identity_source", Map.of("device.manufacturer", "ieee_oui"));
        assets.add(hmi);
        Files.writeString(dir.resolve("assets.json"), Json.writeValue(assets.stream().map(EventDoc::asMap).toList()));

        List<String> events = new ArrayList<>();
        events.add(tx(OFFICE, PLC_A, "write_single_register", "write", "success", 1));
        events.add(tx(EWS1, PLC_A, "write_single_register", "write", "success", 2));
        events.add(tx(EWS2, PLC_A, "write_multiple_registers", "write", "success", 3));
        for (int i = 0; i < 40; i++) {
            events.add(tx(HMI, PLC_B, "read_holding_registers", "read", i % 4 == 0 ? "failure" : "success", 10 + i));
        }
        EventDoc flow = new EventDoc();
        flow.put("event.kind", "event");
        flow.put("event.dataset", "linewatch.flow");
        flow.put("event.start", "2024-05-06T08:00:10Z");
        flow.put("event.end", "2024-05-06T08:00:50Z");
        flow.put("source.ip", HMI);
        flow.put("destination.ip", PLC_B);
        flow.put("destination.port", 502);
        flow.put("destination.packets", 41);
        flow.put("network.transport", "tcp");
        flow.put("network.application", "modbus");
        flow.put("network.packets", 90);
        flow.put("network.bytes", 6000);
        events.add(Json.write(flow));
        Files.writeString(dir.resolve("events.ndjson"), String.join("\n", events) + "\n");
        Files.writeString(dir.resolve("baseline.json"), "{\"format\":\"linewatch-baseline\",\"version\":1,"
                + "\"devices\":[{\"ip\":\"10.5.0.10\",\"mature\":true},{\"ip\":\"10.5.0.11\",\"mature\":false}],\"talkers\":[]}");
        return dir;
    }

    @Test
    void findingsOfTheHandWrittenPlant() throws Exception {
        FoundationReport r = FoundationReport.build(directory());
        Set<FindingKind> kinds = r.findings().stream().map(FoundationReport.Finding::kind).collect(Collectors.toSet());
        assertEquals(Set.of(FindingKind.FLAT_SEGMENT, FindingKind.CROSS_SEGMENT, FindingKind.WRITABLE_FROM_IT,
                FindingKind.WRITABLE_FROM_MANY, FindingKind.MAC_VENDOR_ONLY, FindingKind.UNPROTECTED_WRITES,
                FindingKind.FIRMWARE_SPREAD, FindingKind.UNTRUSTED_DATA), kinds, r.findings().toString());
        assertEquals(r.findings().size(), kinds.size(), "one finding per kind here");
        assertEquals(List.of(PLC_A), finding(r, FindingKind.WRITABLE_FROM_IT).devices());
        assertEquals(List.of(PLC_A), finding(r, FindingKind.WRITABLE_FROM_MANY).devices());
        assertEquals(List.of(PLC_B), finding(r, FindingKind.UNTRUSTED_DATA).devices());
        assertEquals(List.of(PLC_A, PLC_B), finding(r, FindingKind.FIRMWARE_SPREAD).devices());
        assertEquals(List.of(HMI), finding(r, FindingKind.MAC_VENDOR_ONLY).devices());
        assertEquals("FR-SEG-2:10.5.0.0/24", finding(r, FindingKind.CROSS_SEGMENT).key());

        assertEquals(5, r.top().size());
        for (int i = 1; i < r.findings().size(); i++) {
            assertTrue(r.findings().get(i - 1).score() >= r.findings().get(i).score(), "ranked by score");
        }
        assertEquals(r.findings().subList(0, 5), r.top());

        String html = r.toHtml();
        assertFalse(html.contains(HOSTILE), "text from the wire is escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("<script"));
        // every evidence reference is a row of the page
        for (FoundationReport.Finding f : r.findings()) {
            for (FoundationReport.Evidence e : f.evidence()) {
                assertTrue(html.contains("<tr id=\"" + e.ref() + "\">"), f.id() + " -> " + e.ref());
                assertTrue(html.contains("href=\"#" + e.ref() + "\""));
            }
        }
        String json = r.toJson();
        assertTrue(json.contains("\"devices_learned\" : 1"), "the baseline, when present, is summarised");
        assertEquals(json, FoundationReport.build(dir).toJson(), "the same input gives the same bytes");
    }

    @Test
    void aSummaryStandsForItsCountFromItsTimestampToItsEnd() throws Exception {
        // as the sensor writes a summary: @timestamp is its first transaction, no event.start
        EventDoc summary = transaction(HMI, PLC_B, "read_holding_registers", "read", "success", 60);
        summary.put("event.dataset", "linewatch.summary");
        summary.put("event.end", "2024-05-06T08:01:50Z");
        summary.put("linewatch.summary.count", 50);
        Files.writeString(dir.resolve("assets.json"), "[]");
        Files.writeString(dir.resolve("events.ndjson"), Json.write(summary) + "\n");
        ReportInput in = ReportInput.read(dir);
        ReportInput.ChannelStat c = in.channels.get(new ReportInput.ChannelKey(HMI, PLC_B, "modbus"));
        assertEquals(50, c.count);
        assertEquals(ReportInput.time("2024-05-06T08:01:00Z"), c.first);
        assertEquals(ReportInput.time("2024-05-06T08:01:50Z"), c.last);
        assertEquals(50, in.transactions);
    }

    private static FoundationReport.Finding finding(FoundationReport r, FindingKind kind) {
        return r.findings().stream().filter(f -> f.kind() == kind).findFirst().orElseThrow();
    }
}
