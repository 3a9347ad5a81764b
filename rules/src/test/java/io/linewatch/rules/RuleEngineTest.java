package io.linewatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.EventIds;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.rules.facts.MaintenanceWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEngineTest {
    private static final long T0 = Timestamps.parse("2024-05-04T05:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path tmp;

    private final List<EventDoc> alerts = new ArrayList<>();

    private static EventDoc tx(long ts, String src, String dst, String protocol, String action, String operation) {
        EventDoc e = new EventDoc();
        e.put(Fields.TIMESTAMP, Timestamps.iso(ts));
        e.put(Fields.EVENT_ID, EventIds.of(ts, src, dst, action));
        e.put(Fields.EVENT_ACTION, action);
        e.put(Fields.EVENT_OUTCOME, "success");
        e.put(Fields.SOURCE_IP, src);
        e.put(Fields.DESTINATION_IP, dst);
        e.put(Fields.NETWORK_PROTOCOL, protocol);
        e.put(Fields.OT_OPERATION, operation);
        e.put(Fields.OT_SEEN, "both");
        return e;
    }

    private RuleEngine engine(List<MaintenanceWindow> windows) {
        return RuleEngine.compile(null, windows).newSession(alerts::add);
    }

    @Test
    void programDownloadOutsideAWindowIsAHighSeverityAlert() {
        try (RuleEngine r = engine(List.of())) {
            EventDoc t = tx(T0, "10.0.0.5", "10.0.0.10", "s7comm", "program_download", "program");
            r.accept(t);
            assertEquals(1, alerts.size());
            EventDoc a = alerts.get(0);
            assertEquals("alert", a.getString(Fields.EVENT_KIND));
            assertEquals("OT-ENG-001", a.getString(Fields.RULE_ID));
            assertEquals(90L, a.getLong(Fields.EVENT_SEVERITY));
            assertEquals(List.of("T0843", "T0889"), a.get(Fields.THREAT_TECHNIQUE_ID));
            assertEquals(List.of("Program Download", "Modify Program"), a.get(Fields.THREAT_TECHNIQUE_NAME));
            assertEquals("MITRE ATT&CK for ICS", a.getString(Fields.THREAT_FRAMEWORK));
            assertEquals(List.of(t.id()), a.get(Fields.EVIDENCE_EVENT_IDS));
            assertEquals(List.of("10.0.0.5", "10.0.0.10"), a.get(Fields.RELATED_IP));
            assertEquals(Timestamps.iso(T0), a.getString(Fields.TIMESTAMP));
            assertTrue(a.getString(Fields.MESSAGE).contains("10.0.0.5 changed the program of 10.0.0.10"));
        }
    }

    @Test
    void aMultiPduUploadAlertsOncePerPair() {
        try (RuleEngine r = engine(List.of())) {
            for (String action : List.of("start_upload", "upload", "upload", "end_upload")) {
                r.accept(tx(T0, "10.0.0.5", "10.0.0.10", "s7comm", action, "program"));
            }
            r.accept(tx(T0 + SECOND, "10.0.0.6", "10.0.0.10", "s7comm", "upload", "program"));
            assertEquals(List.of("OT-ENG-002", "OT-ENG-002"), alerts.stream().map(a -> a.getString(Fields.RULE_ID)).toList());
            assertEquals(List.of("T0845"), alerts.get(0).get(Fields.THREAT_TECHNIQUE_ID));
        }
    }

    @Test
    void insideTheWindowForThatAssetItIsRecordedAsExpected() {
        MaintenanceWindow w = new MaintenanceWindow("Line 3 update", T0 - 3600 * SECOND, T0 + 3600 * SECOND,
                List.of("10.0.0.0/28"), Set.of());
        try (RuleEngine r = engine(List.of(w))) {
            r.accept(tx(T0, "10.0.0.5", "10.0.0.10", "s7comm", "plc_stop", "control"));
            r.accept(tx(T0 + SECOND, "10.0.0.5", "10.0.0.99", "s7comm", "plc_stop", "control")); // not in the window's assets
            r.accept(tx(T0 + 7200 * SECOND, "10.0.0.5", "10.0.0.10", "enip", "firmware_update", "firmware")); // after it
            assertEquals(List.of("OT-MNT-001", "OT-CTL-001", "OT-FW-001"),
                    alerts.stream().map(a -> a.getString(Fields.RULE_ID)).toList());
            assertEquals("Line 3 update", alerts.get(0).getString(Fields.MAINTENANCE_WINDOW));
            assertEquals(10L, alerts.get(0).getLong(Fields.EVENT_SEVERITY));
            assertEquals(List.of("T0858", "T0881"), alerts.get(1).get(Fields.THREAT_TECHNIQUE_ID));
        }
    }

    @Test
    void windowsLimitedToSomeOperationsDoNotCoverOthers() {
        MaintenanceWindow w = new MaintenanceWindow("fw only", T0 - SECOND, T0 + SECOND, List.of(), Set.of("firmware"));
        try (RuleEngine r = engine(List.of(w))) {
            r.accept(tx(T0, "10.0.0.5", "10.0.0.10", "modbus", "umas_start_plc", "control"));
            assertEquals("OT-CTL-001", alerts.get(0).getString(Fields.RULE_ID));
        }
    }

    @Test
    void aDiscoverySweepAlertsOncePerSourceAndReadsAreIgnored() {
        try (RuleEngine r = engine(List.of())) {
            for (int i = 1; i <= 8; i++) {
                r.accept(tx(T0 + i * SECOND, "10.0.0.66", "10.0.1." + i, "modbus", "read_device_identification", "discovery"));
                r.accept(tx(T0 + i * SECOND, "10.0.0.7", "10.0.1." + i, "modbus", "read_holding_registers", "read"));
                r.accept(tx(T0 + i * SECOND, "10.0.0.7", "10.0.1." + i, "cip", "service_0x4d", "other"));
            }
            assertEquals(1, alerts.size());
            EventDoc a = alerts.get(0);
            assertEquals("OT-DISC-001", a.getString(Fields.RULE_ID));
            assertEquals(5, ((List<?>) a.get(Fields.EVIDENCE_EVENT_IDS)).size());
            assertEquals(8, r.transactionsSeen());
        }
    }

    @Test
    void slowDiscoveryIsNotASweep() {
        try (RuleEngine r = engine(List.of())) {
            for (int i = 1; i <= 8; i++) {
                r.accept(tx(T0 + i * 30 * SECOND, "10.0.0.66", "10.0.1." + i, "enip", "list_identity", "discovery"));
            }
            assertEquals(0, alerts.size());
        }
    }

    @Test
    void broadcastDiscoveryAlertsOnce() {
        try (RuleEngine r = engine(List.of())) {
            r.accept(tx(T0, "10.0.0.66", "255.255.255.255", "enip", "list_identity", "discovery"));
            r.accept(tx(T0 + SECOND, "10.0.0.66", "255.255.255.255", "enip", "list_identity", "discovery"));
            assertEquals(List.of("OT-DISC-002"), alerts.stream().map(a -> a.getString(Fields.RULE_ID)).toList());
        }
    }

    @Test
    void workingMemoryStaysBoundedAsTransactionsExpire() {
        try (RuleEngine r = engine(List.of())) {
            for (int i = 0; i < 2000; i++) {
                r.accept(tx(T0 + i * 10 * SECOND, "10.0.0.5", "10.0.0.10", "modbus", "write_single_register", "write"));
            }
            assertTrue(r.factCount() < 50, "facts: " + r.factCount());
        }
    }

    @Test
    void userRulesAreLoadedFromAFolderWithoutRebuilding() throws Exception {
        Files.writeString(tmp.resolve("site.drl"), """
                package site;
                import io.linewatch.rules.facts.Transaction;
                import java.util.List;
                global io.linewatch.rules.Alerts alerts;
                rule "SITE-001 Writes from the office VLAN"
                when
                    $t : Transaction(operation == "write", sourceIp str[startsWith] "192.168.")
                then
                    alerts.raise("SITE-001", "Write from office network", "Office hosts must not write to PLCs.",
                        70, List.of("T0855"), $t, "office host " + $t.getSourceIp() + " wrote to " + $t.getDestinationIp());
                end
                """);
        try (RuleEngine r = RuleEngine.compile(tmp, List.of()).newSession(alerts::add)) {
            r.accept(tx(T0, "192.168.1.20", "10.0.0.10", "modbus", "write_single_register", "write"));
            r.accept(tx(T0, "10.0.0.5", "10.0.0.10", "modbus", "write_single_register", "write"));
            assertEquals(1, alerts.size());
            assertEquals("SITE-001", alerts.get(0).getString(Fields.RULE_ID));
            assertEquals(List.of("Unauthorized Command Message"), alerts.get(0).get(Fields.THREAT_TECHNIQUE_NAME));
        }
    }

    @Test
    void aBrokenRuleFileIsAClearErrorNamingTheFile() throws Exception {
        Files.writeString(tmp.resolve("broken.drl"), "package site;\nrule \"x\" when Transaction( then end\n");
        RulesException e = assertThrows(RulesException.class, () -> RuleEngine.compile(tmp, List.of()));
        assertTrue(e.getMessage().startsWith("rules do not compile: broken.drl line"), e.getMessage());
    }

    @Test
    void maintenanceWindowFilesAreValidated() throws Exception {
        Path ok = tmp.resolve("windows.json");
        Files.writeString(ok, """
                [{"name": "Line 3", "start": "2024-05-04T06:00:00Z", "end": "2024-05-04T10:00:00Z", "assets": ["10.3.0.0/24"]}]
                """);
        List<MaintenanceWindow> w = MaintenanceWindows.load(ok);
        assertEquals(1, w.size());
        assertTrue(w.get(0).covers("10.3.0.9", "program", Timestamps.parse("2024-05-04T07:00:00Z")));
        assertTrue(!w.get(0).covers("10.4.0.9", "program", Timestamps.parse("2024-05-04T07:00:00Z")));

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "[{\"name\": \"x\", \"start\": \"tomorrow\", \"end\": \"2024-05-04T10:00:00Z\"}]");
        RulesException e = assertThrows(RulesException.class, () -> MaintenanceWindows.load(bad));
        assertTrue(e.getMessage().contains("bad.json: window 1: 'start' is not an ISO-8601 time"), e.getMessage());

        Path notJson = tmp.resolve("n.json");
        Files.writeString(notJson, "{oops");
        assertTrue(assertThrows(RulesException.class, () -> MaintenanceWindows.load(notJson)).getMessage().contains("n.json"));
    }
}
