package io.linewatch.rules;

import static io.linewatch.rules.Traffic.SECOND;
import static io.linewatch.rules.Traffic.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.schema.AlertFields;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine around the rules: who did what to whom, alert hygiene, settings, user rule folders and reloading. */
class RuleEngineTest {
    private static final String EWS = "10.0.0.5";
    private static final String PLC = "10.0.0.10";

    @TempDir
    Path tmp;

    private final Traffic tr = new Traffic();

    private RuleEngine engine(RuleSettings settings) {
        return RuleEngine.compile(null, List.of(), settings).newSession(tr.outputs());
    }

    /** An S7 download: the workstation asks, then the PLC sends the download-block requests (server initiated). */
    private void s7Download(RuleEngine r, long t0) {
        r.accept(Traffic.object(tr.tx(t0, EWS, PLC, Protocol.S7COMM, "program_download", Operation.PROGRAM),
                ObjectRef.numbered("block_db", 1)));
        for (int i = 1; i <= 3; i++) {
            r.accept(Traffic.object(tr.tx(t0 + i * SECOND / 100, EWS, PLC, Protocol.S7COMM, "download_block", Operation.PROGRAM)
                    .reversed(true), ObjectRef.numbered("block_db", 1)));
        }
        r.accept(Traffic.object(tr.tx(t0 + SECOND / 20, EWS, PLC, Protocol.S7COMM, "download_ended", Operation.PROGRAM)
                .reversed(true), ObjectRef.numbered("block_db", 1)));
        r.accept(Traffic.object(tr.tx(t0 + SECOND / 10, EWS, PLC, Protocol.S7COMM, "block_insert", Operation.PROGRAM),
                ObjectRef.numbered("block_db", 1)));
    }

    @Test
    void aDownloadIsOneAlertNamingTheWorkstationAsActorAndThePlcAsTarget() {
        tr.roles.put(EWS, "engineering_workstation");
        tr.roles.put(PLC, "plc");
        try (RuleEngine r = engine(RuleSettings.DEFAULTS)) {
            s7Download(r, T0);
        }
        List<EventDoc> alerts = tr.alerts();
        assertEquals(1, alerts.size(), tr.alertLines.toString());
        EventDoc a = alerts.get(0);
        assertEquals("LW-ENG-005", a.getString(Fields.RULE_ID));
        assertEquals(EWS, a.getString(Fields.SOURCE_IP));
        assertEquals(PLC, a.getString(Fields.DESTINATION_IP));
        assertEquals(6L, a.getLong(Fields.ALERT_COUNT));
        assertEquals("10.0.0.5 (engineering workstation) downloaded program blocks to 10.0.0.10 (plc) (block_db 1) over s7comm",
                a.getString(Fields.MESSAGE));
        assertEquals(Timestamps.iso(T0), a.getString(Fields.TIMESTAMP));
        assertEquals(Timestamps.iso(T0 + SECOND / 10), a.getString(Fields.EVENT_END));
        assertEquals(6, ((List<?>) a.get(Fields.EVIDENCE_EVENT_IDS)).size());
        assertEquals("engineering", a.getString(Fields.RULE_RULESET));
        // every version written has the same id; counts only grow
        long last = 0;
        for (EventDoc v : tr.alertLines) {
            assertEquals(a.id(), v.id());
            assertTrue(v.getLong(Fields.ALERT_COUNT) > last);
            last = v.getLong(Fields.ALERT_COUNT);
        }
    }

    @Test
    void repeatsFoldIntoTheOpenAlertUntilTheSuppressionTimePassesAndEvidenceIsCapped() {
        RuleSettings s = RuleSettings.fromMap(Map.of("suppress_minutes", 10, "evidence_ids", 3));
        try (RuleEngine r = engine(s)) {
            for (int i = 0; i < 5; i++) {
                r.accept(tr.tx(T0 + i * 60 * SECOND, EWS, PLC, Protocol.S7COMM, "plc_stop", Operation.CONTROL));
            }
            r.accept(tr.tx(T0 + 30 * 60 * SECOND, EWS, PLC, Protocol.S7COMM, "plc_stop", Operation.CONTROL)); // 26 min later
        }
        List<EventDoc> alerts = tr.alerts();
        assertEquals(2, alerts.size());
        assertEquals(5L, alerts.get(0).getLong(Fields.ALERT_COUNT));
        assertEquals(3, ((List<?>) alerts.get(0).get(Fields.EVIDENCE_EVENT_IDS)).size());
        assertEquals(1L, alerts.get(1).getLong(Fields.ALERT_COUNT));
        assertNotEquals(alerts.get(0).id(), alerts.get(1).id());
        // 30 minutes is the default incident gap: the second alert (26 min after the first's last repeat) joins it
        assertEquals(alerts.get(0).getString(AlertFields.INCIDENT_ID), alerts.get(1).getString(AlertFields.INCIDENT_ID));
    }

    @Test
    void alertsOfOneActorFarApartAreSeparateIncidentsAndOtherActorsTheirOwn() {
        try (RuleEngine r = engine(RuleSettings.DEFAULTS)) {
            r.accept(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "plc_stop", Operation.CONTROL));
            r.accept(tr.tx(T0 + 60 * SECOND, EWS, PLC, Protocol.S7COMM, "block_delete", Operation.PROGRAM));
            r.accept(tr.tx(T0 + 120 * SECOND, "10.0.0.6", PLC, Protocol.S7COMM, "plc_start", Operation.CONTROL));
            r.accept(tr.tx(T0 + 7200 * SECOND, EWS, PLC, Protocol.S7COMM, "plc_start", Operation.CONTROL));
        }
        List<String> incidents = tr.alerts().stream().map(a -> a.getString(AlertFields.INCIDENT_ID)).toList();
        assertEquals(incidents.get(0), incidents.get(1));
        assertNotEquals(incidents.get(0), incidents.get(2));
        assertNotEquals(incidents.get(0), incidents.get(3));
    }

    @Test
    void disabledRulesAllowListsSeverityAndThresholdsComeFromSettings() {
        RuleSettings s = RuleSettings.fromMap(Map.of(
                // LW-REC-008 (each unicast identity read by a new host) is not what this test is about
                "disabled", List.of("LW-ENG-001", "LW-REC-008"),
                "allow", List.of(Map.of("rule", "LW-ENG-002", "actor", "10.0.0.0/29")),
                "severity", Map.of("LW-ENG-003", 40),
                "thresholds", Map.of("LW-REC-001", Map.of("targets", 3))));
        try (RuleEngine r = engine(s)) {
            r.accept(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "plc_stop", Operation.CONTROL));
            r.accept(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "plc_start", Operation.CONTROL));
            r.accept(tr.tx(T0, "10.0.0.99", PLC, Protocol.S7COMM, "plc_start", Operation.CONTROL));
            r.accept(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "plc_cold_restart", Operation.CONTROL));
            for (int i = 1; i <= 3; i++) {
                r.accept(tr.tx(T0 + i * SECOND, "10.0.0.66", "10.0.1." + i, Protocol.ENIP, "list_identity", Operation.DISCOVERY));
            }
            assertEquals(Map.of("rules.allow_listed", 1L), Map.of("rules.allow_listed", r.counters().get("rules.allow_listed")));
        }
        assertEquals(List.of("LW-ENG-002", "LW-ENG-003", "LW-REC-001"), tr.ruleIds());
        assertEquals("10.0.0.99", tr.alerts().get(0).getString(Fields.SOURCE_IP));
        assertEquals(40L, tr.alerts().get(1).getLong(Fields.EVENT_SEVERITY));
    }

    @Test
    void badSettingsAreOneLineNamingTheSetting() {
        assertTrue(assertThrows(RulesException.class, () -> RuleSettings.fromMap(Map.of("severty", Map.of())))
                .getMessage().contains("unknown setting 'rules.severty'"));
        assertTrue(assertThrows(RulesException.class, () -> RuleSettings.fromMap(Map.of("severity", Map.of("LW-ENG-001", 120))))
                .getMessage().contains("rules.severity.LW-ENG-001 must be 0-100"));
        assertTrue(assertThrows(RulesException.class, () -> RuleSettings.fromMap(
                Map.of("allow", List.of(Map.of("actor", "10.0.0.300"))))).getMessage().contains("'10.0.0.300' is not an address"));
    }

    @Test
    void workingMemoryStaysBoundedAsFactsExpire() {
        try (RuleEngine r = engine(RuleSettings.DEFAULTS)) {
            for (int i = 0; i < 5000; i++) {
                r.accept(tr.tx(T0 + i * SECOND, EWS, PLC, Protocol.MODBUS, "write_single_register", Operation.WRITE).function(6));
                r.accept(tr.tx(T0 + i * SECOND, EWS, PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ).function(3));
            }
            assertTrue(r.factCount() < 800, "facts: " + r.factCount());
            // reads are shown once per minute per (pair, function, unit): 5000 s of polling is 84 of them
            assertTrue(r.transactionsSeen() < 5000 + 100, "seen " + r.transactionsSeen());
        }
    }

    /**
     * A fact no pattern accepts (an S7 read: no shipped rule looks at successful S7 reads) leaves working memory at
     * once, and so does one only single-pattern rules matched, once they fired (a PLC stop: the alert is raised); one
     * a window holds (a Modbus read, for the unit-id sweep) stays until it expires; and a user rule over reads keeps
     * them: what is kept is asked of the compiled rules, not listed in Java.
     */
    @Test
    void factsNoRuleCanMatchAnyMoreLeaveWorkingMemoryAtOnceAndUserRulesKeepWhatTheyMatch() throws Exception {
        try (RuleEngine r = engine(RuleSettings.DEFAULTS)) {
            r.accept(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "read_var", Operation.READ).function(4));
            assertEquals(1, r.transactionsSeen());
            assertEquals(1, r.factsUnmatched());
            assertEquals(0, r.factCount());
            r.accept(tr.tx(T0 + SECOND / 2, EWS, PLC, Protocol.S7COMM, "plc_stop", Operation.CONTROL));
            assertEquals(2, r.factsUnmatched());
            assertEquals(0, r.factCount());
            assertEquals(List.of("LW-ENG-001"), tr.ruleIds());
            r.accept(tr.tx(T0 + SECOND, EWS, PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ).function(3));
            assertEquals(2, r.factsUnmatched());
            assertEquals(1, r.factCount());
        }
        Files.writeString(tmp.resolve("reads.drl"), """
                package site;
                import io.linewatch.rules.facts.Transaction;
                global io.linewatch.rules.Alerts alerts;
                rule "SITE-002 S7 reads in a minute"
                    @id("SITE-002") @severity(20) @techniques("T0861")
                when
                    $t : Transaction(protocol == "s7comm", operation == "read")
                    $n : Number(intValue >= 2) from accumulate(Transaction(protocol == "s7comm", operation == "read")
                        over window:time(60s), count(1))
                then
                    alerts.raise(kcontext, $t, "read twice from");
                end
                """);
        try (RuleEngine r = RuleEngine.compile(tmp, List.of(), RuleSettings.DEFAULTS).newSession(tr.outputs())) {
            r.accept(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "read_var", Operation.READ).function(4));
            r.accept(tr.tx(T0 + SECOND, EWS, PLC, Protocol.S7COMM, "read_var", Operation.READ).function(4).unit(2));
            assertEquals(0, r.factsUnmatched());
            assertEquals(2, r.factCount());
        }
        assertTrue(tr.alerts().stream().anyMatch(a -> "SITE-002".equals(a.getString(Fields.RULE_ID))), tr.alertLines.toString());
    }

    /** Working memory holds at most the cap of routine facts, twice it of the others; what is refused is counted. */
    @Test
    void workingMemoryIsCappedAndWhatIsRefusedIsCounted() {
        try (RuleEngine r = engine(RuleSettings.DEFAULTS).maxFacts(10)) {
            for (int unit = 0; unit < 30; unit++) {
                r.accept(tr.tx(T0 + unit * SECOND / 100, EWS, PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ)
                        .function(3).unit(unit));
            }
            assertEquals(10, r.factCount());
            assertEquals(20L, r.counters().get("rules.facts_refused_at_cap"));
            for (int i = 0; i < 30; i++) {
                // failures are always shown, and held for the exception-storm window
                r.accept(Traffic.failed(tr.tx(T0 + SECOND + i * SECOND / 100, EWS, PLC, Protocol.MODBUS,
                        "read_coils", Operation.READ).function(1).unit(1), 2));
            }
            assertEquals(20, r.factCount());
            assertEquals(20L, r.counters().get("rules.facts_refused_at_hard_cap"));
        }
    }

    @Test
    void routineTrafficIsShownOncePerKeyAMinuteAndFailuresUpToTheirCapPerPairAMinute() {
        try (RuleEngine r = engine(RuleSettings.DEFAULTS)) {
            // reads: the first of (actor, target, protocol, function, sub-function, unit) in a minute
            for (int i = 0; i < 5; i++) {
                r.accept(tr.tx(T0 + i * SECOND, EWS, PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ)
                        .function(3).unit(1));
            }
            assertEquals(1, r.transactionsSeen());
            r.accept(tr.tx(T0 + 5 * SECOND, EWS, PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ)
                    .function(3).unit(2));
            r.accept(tr.tx(T0 + 5 * SECOND, EWS, PLC, Protocol.MODBUS, "read_input_registers", Operation.READ)
                    .function(4).unit(1));
            r.accept(tr.tx(T0 + 5 * SECOND, "10.0.0.6", PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ)
                    .function(3).unit(1));
            assertEquals(4, r.transactionsSeen());
            r.accept(tr.tx(T0 + 61 * SECOND, EWS, PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ)
                    .function(3).unit(1));
            assertEquals(5, r.transactionsSeen());
            // writes: the first per key and objects in a minute; equal objects built anew are the same key
            for (int i = 0; i < 3; i++) {
                for (int start : new int[] {10, 10, 20}) {
                    r.accept(Traffic.object(tr.tx(T0 + 62 * SECOND + i * SECOND, EWS, PLC, Protocol.MODBUS,
                            "write_single_register", Operation.WRITE).function(6).unit(1),
                            ObjectRef.range("holding_registers", start, 1)));
                }
            }
            assertEquals(7, r.transactionsSeen());
            // failures: every one up to the cap per (actor, target) in a minute, whatever the function
            long seen = r.transactionsSeen();
            for (int i = 0; i <= TransactionSampling.MAX_FAILURES_PER_PAIR_MINUTE; i++) {
                r.accept(Traffic.failed(tr.tx(T0 + 120 * SECOND + i * SECOND / 1000, EWS, PLC, Protocol.MODBUS,
                        "read_coils", Operation.READ).function(1 + i % 2).unit(1), 2));
            }
            r.accept(Traffic.failed(tr.tx(T0 + 120 * SECOND, "10.0.0.6", PLC, Protocol.MODBUS, "read_coils",
                    Operation.READ).function(1).unit(1), 2));
            assertEquals(seen + TransactionSampling.MAX_FAILURES_PER_PAIR_MINUTE + 1, r.transactionsSeen());
            assertEquals(1L, r.counters().get("rules.failures_not_shown"));
            r.accept(Traffic.failed(tr.tx(T0 + 180 * SECOND, EWS, PLC, Protocol.MODBUS, "read_coils",
                    Operation.READ).function(1).unit(1), 2));
            assertEquals(seen + TransactionSampling.MAX_FAILURES_PER_PAIR_MINUTE + 2, r.transactionsSeen());
        }
    }

    private static final String SITE_RULE = """
            package site;
            import io.linewatch.rules.facts.Transaction;
            global io.linewatch.rules.Alerts alerts;
            rule "SITE-001 Writes from the office VLAN"
                @id("SITE-001") @severity(70) @techniques("T0855")
            when
                $t : Transaction(operation == "write", actorIp str[startsWith] "192.168.")
            then
                alerts.raise(kcontext, $t, "wrote to");
            end
            """;

    @Test
    void userRulesAreLoadedFromAFolderWithoutRebuilding() throws Exception {
        Files.writeString(tmp.resolve("site.drl"), SITE_RULE);
        try (RuleEngine r = RuleEngine.compile(tmp, List.of(), RuleSettings.DEFAULTS).newSession(tr.outputs())) {
            r.accept(tr.tx(T0, "192.168.1.20", PLC, Protocol.MODBUS, "write_single_register", Operation.WRITE));
            r.accept(tr.tx(T0, EWS, PLC, Protocol.MODBUS, "write_single_register", Operation.WRITE));
        }
        assertEquals(List.of("SITE-001"), tr.ruleIds());
        EventDoc a = tr.alerts().get(0);
        assertEquals(List.of("Unauthorized Command Message"), a.get(Fields.THREAT_TECHNIQUE_NAME));
        assertEquals("user", a.getString(Fields.RULE_RULESET));
        assertEquals("192.168.1.20 wrote to 10.0.0.10 over modbus", a.getString(Fields.MESSAGE));
    }

    @Test
    void aRuleFileDroppedIntoTheFolderTakesEffectWithoutRestartAndABrokenOneKeepsTheLastGoodRules() throws Exception {
        try (RuleEngine r = RuleEngine.compile(tmp, List.of(), RuleSettings.DEFAULTS).newSession(tr.outputs())) {
            r.accept(tr.tx(T0, "192.168.1.20", PLC, Protocol.MODBUS, "write_single_register", Operation.WRITE));
            assertEquals(List.of(), tr.ruleIds());

            Path file = tmp.resolve("site.drl");
            Files.writeString(file, SITE_RULE);
            assertTrue(r.reloadNow());
            r.accept(tr.tx(T0 + SECOND, "192.168.1.21", PLC, Protocol.MODBUS, "write_single_register", Operation.WRITE));
            assertEquals(List.of("SITE-001"), tr.ruleIds());

            Files.writeString(tmp.resolve("broken.drl"), "package site;\nrule \"x\" when Transaction( then end\n");
            assertEquals(false, r.reloadNow());
            assertEquals(1, tr.errors.size());
            assertTrue(tr.errors.get(0).startsWith("rules do not compile: broken.drl line"), tr.errors.get(0));
            assertTrue(tr.errors.get(0).contains("the rules loaded before keep running"), tr.errors.get(0));
            assertEquals(false, r.reloadNow()); // reported once per change
            assertEquals(1, tr.errors.size());
            r.accept(tr.tx(T0 + 2 * SECOND, "192.168.1.22", PLC, Protocol.MODBUS, "write_single_register", Operation.WRITE));
            assertEquals(List.of("SITE-001", "SITE-001"), tr.ruleIds()); // still running

            Files.delete(tmp.resolve("broken.drl"));
            Files.delete(file);
            assertTrue(r.reloadNow());
            r.accept(tr.tx(T0 + 3 * SECOND, "192.168.1.23", PLC, Protocol.MODBUS, "write_single_register", Operation.WRITE));
            assertEquals(2, tr.alerts().size());
            assertEquals(2L, r.counters().get("rules.reloads"));
        }
    }

    @Test
    void aBrokenRuleFileAtStartIsAClearErrorNamingTheFile() throws Exception {
        Files.writeString(tmp.resolve("broken.drl"), "package site;\nrule \"x\" when Transaction( then end\n");
        RulesException e = assertThrows(RulesException.class, () -> RuleEngine.compile(tmp, List.of()));
        assertTrue(e.getMessage().startsWith("rules do not compile: broken.drl line"), e.getMessage());
    }

    /**
     * The inventory's role is asked on every fact: a device first seen as unknown, then decided (a 1756-ENBT once it
     * reported its identity: communication_module), is that on the next fact, seconds later, not a minute later. And a
     * communication module is protected as a controller (cleartext Telnet to it is LW-ACC-002).
     */
    @Test
    void aRoleDecidedSinceIsOnTheNextFactAndACommunicationModuleIsProtectedAsAController() {
        try (RuleEngine r = engine(RuleSettings.DEFAULTS)) {
            r.accept(tr.flow(T0, EWS, 40000, PLC, 23, 20, 1800, 20, 2400, "fin"));
            assertEquals(0, tr.alerts().size(), "unknown devices are not controllers");
            tr.roles.put(PLC, "communication_module");
            r.accept(tr.flow(T0 + 5 * SECOND, EWS, 40001, PLC, 23, 20, 1800, 20, 2400, "fin"));
        }
        assertEquals(1, tr.alerts().size());
        EventDoc a = tr.alerts().get(0);
        assertEquals("LW-ACC-002", a.getString(Fields.RULE_ID));
        assertEquals("communication_module", a.getString(AlertFields.TARGET_ROLE));
    }

    @Test
    void anObservationHandedOnTwiceIsOneAlertNamingItsActorTargetAndKey() {
        tr.roles.put(PLC, "plc");
        var open = new io.linewatch.model.transaction.Observation("obs-1",
                io.linewatch.model.transaction.ObservationType.UNAUTHORIZED_WRITE, "write:10.0.0.9>10.0.0.10/modbus/1/holding_registers/-1",
                T0, T0, 1, "10.0.0.9", null, 49152, PLC, null, 502, Protocol.MODBUS, "writers 10.0.0.5", "addresses",
                "Unauthorized write: 10.0.0.9 wrote holding_registers 40..41 on 10.0.0.10.", List.of("tx-1"));
        var closed = new io.linewatch.model.transaction.Observation("obs-1", open.type(), open.key(), T0, T0 + SECOND, 7,
                "10.0.0.9", null, 49152, PLC, null, 502, Protocol.MODBUS, open.expected(), open.seen(), open.message(),
                List.of("tx-1", "tx-2"));
        try (RuleEngine r = engine(RuleSettings.DEFAULTS)) {
            r.accept(open);
            r.accept(closed);
        }
        assertEquals(1, tr.alertLines.size());
        EventDoc a = tr.alerts().get(0);
        assertEquals("LW-BAS-001", a.getString(Fields.RULE_ID));
        assertEquals("10.0.0.9", a.getString(Fields.SOURCE_IP));
        assertEquals(PLC, a.getString(Fields.DESTINATION_IP));
        assertEquals("plc", a.getString(AlertFields.TARGET_ROLE));
        assertEquals(open.key(), a.getString(AlertFields.OBJECT));
        assertEquals(List.of("obs-1", "tx-1"), a.get(Fields.EVIDENCE_EVENT_IDS));
        assertEquals("baseline", a.getString(Fields.RULE_RULESET));
    }

    @Test
    void theOriginalRaiseApiStillWorksForUserRules() {
        Alerts a = new Alerts(tr.alertLines::add);
        Transaction t = tr.tx(T0, EWS, PLC, Protocol.MODBUS, "write_single_register", Operation.WRITE);
        a.raise("SITE-002", "Write", "A write.", 60, List.of("T0855"), new io.linewatch.rules.facts.Transaction(t), "a write");
        assertEquals("SITE-002", tr.alerts().get(0).getString(Fields.RULE_ID));
        assertNull(tr.alerts().get(0).get(Fields.MAINTENANCE_WINDOW));
    }
}
