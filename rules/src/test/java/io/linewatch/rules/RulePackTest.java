package io.linewatch.rules;

import static io.linewatch.rules.Traffic.SECOND;
import static io.linewatch.rules.Traffic.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.ObservationType;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Protocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped rule fires on its scenario and stays quiet on a near miss, on the pseudo clock (capture time given
 * by the transactions). A rule without both fails {@link #everyShippedRuleHasBothScenarios}.
 */
class RulePackTest {
    private static final String EWS = "10.0.0.5";
    private static final String PLC = "10.0.0.10";
    private static final String SCANNER = "10.0.0.66";

    /** A rule's two scenarios: traffic that must fire it, traffic that must not. */
    record Scenario(BiConsumer<Traffic, RuleEngine> fires, BiConsumer<Traffic, RuleEngine> quiet) {
    }

    private static void one(Traffic tr, RuleEngine r, Protocol p, String action, Operation op) {
        r.accept(tr.tx(T0, EWS, PLC, p, action, op));
    }

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("LW-ENG-001", new Scenario(
                (tr, r) -> one(tr, r, Protocol.S7COMM, "plc_stop", Operation.CONTROL),
                (tr, r) -> r.accept(Traffic.failed(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "plc_stop", Operation.CONTROL), 0x8104))));
        SCENARIOS.put("LW-ENG-002", new Scenario(
                (tr, r) -> one(tr, r, Protocol.CIP, "start", Operation.CONTROL),
                (tr, r) -> one(tr, r, Protocol.CIP, "get_attribute_single", Operation.READ)));
        SCENARIOS.put("LW-ENG-003", new Scenario(
                (tr, r) -> one(tr, r, Protocol.MODBUS, "restart_communications_option", Operation.CONTROL),
                (tr, r) -> one(tr, r, Protocol.MODBUS, "return_query_data", Operation.DIAGNOSTIC)));
        SCENARIOS.put("LW-ENG-004", new Scenario(
                (tr, r) -> one(tr, r, Protocol.MODBUS, "force_listen_only_mode", Operation.CONTROL),
                (tr, r) -> one(tr, r, Protocol.MODBUS, "clear_counters_and_diagnostic_register", Operation.DIAGNOSTIC)));
        SCENARIOS.put("LW-ENG-005", new Scenario(
                (tr, r) -> one(tr, r, Protocol.MODBUS, "umas_upload_block", Operation.PROGRAM), // UMAS upload = PC to PLC
                (tr, r) -> one(tr, r, Protocol.MODBUS, "umas_download_block", Operation.PROGRAM)));
        SCENARIOS.put("LW-ENG-006", new Scenario(
                (tr, r) -> one(tr, r, Protocol.S7COMM, "upload_block", Operation.PROGRAM),
                (tr, r) -> one(tr, r, Protocol.S7COMM, "download_block", Operation.PROGRAM)));
        SCENARIOS.put("LW-ENG-007", new Scenario(
                (tr, r) -> one(tr, r, Protocol.S7COMM, "block_delete", Operation.PROGRAM),
                (tr, r) -> one(tr, r, Protocol.S7COMM, "list_blocks", Operation.DISCOVERY)));
        SCENARIOS.put("LW-ENG-008", new Scenario(
                (tr, r) -> r.accept(Traffic.object(tr.tx(T0, EWS, PLC, Protocol.CIP, "service_0x4d", Operation.OTHER)
                        .function(0x4D), ObjectRef.cip(0xA1, 1, -1))),
                (tr, r) -> r.accept(Traffic.object(tr.tx(T0, EWS, PLC, Protocol.CIP, "service_0x4d", Operation.OTHER)
                        .function(0x4D), ObjectRef.cip(0x6B, 1, -1)))));
        SCENARIOS.put("LW-ENG-009", new Scenario(
                (tr, r) -> one(tr, r, Protocol.S7COMM, "force", Operation.WRITE),
                (tr, r) -> one(tr, r, Protocol.S7COMM, "write_var", Operation.WRITE)));
        SCENARIOS.put("LW-ENG-010", new Scenario(
                (tr, r) -> one(tr, r, Protocol.S7COMM, "plc_password", Operation.SESSION),
                (tr, r) -> one(tr, r, Protocol.S7COMM, "setup_communication", Operation.SESSION)));
        SCENARIOS.put("LW-ENG-011", new Scenario(
                (tr, r) -> one(tr, r, Protocol.S7COMM_PLUS, "begin_sequence", Operation.PROGRAM),
                (tr, r) -> one(tr, r, Protocol.S7COMM, "program_download", Operation.PROGRAM)));
        SCENARIOS.put("LW-ENG-012", new Scenario(
                (tr, r) -> one(tr, r, Protocol.PROFINET_DCP, "set_ip", Operation.WRITE),
                // the device's answer repeats the action: only the request is alerted
                (tr, r) -> r.accept(tr.tx(T0, EWS, PLC, Protocol.PROFINET_DCP, "set_ip", Operation.WRITE)
                        .seen(io.linewatch.model.transaction.Seen.RESPONSE))));
        SCENARIOS.put("LW-ENG-013", new Scenario(
                (tr, r) -> one(tr, r, Protocol.PROFINET_DCP, "reset_to_factory", Operation.CONTROL),
                (tr, r) -> one(tr, r, Protocol.PROFINET_DCP, "signal", Operation.DIAGNOSTIC)));
        SCENARIOS.put("LW-REC-001", new Scenario(
                (tr, r) -> {
                    for (int i = 1; i <= 5; i++) {
                        r.accept(tr.tx(T0 + i * SECOND, SCANNER, "10.0.1." + i, Protocol.MODBUS, "read_device_identification",
                                Operation.DISCOVERY));
                    }
                },
                (tr, r) -> {
                    for (int i = 1; i <= 5; i++) { // one every 20 s: never five within a minute
                        r.accept(tr.tx(T0 + i * 20 * SECOND, SCANNER, "10.0.1." + i, Protocol.ENIP, "list_identity",
                                Operation.DISCOVERY));
                    }
                }));
        SCENARIOS.put("LW-REC-002", new Scenario(
                (tr, r) -> r.accept(tr.tx(T0, SCANNER, "10.0.1.255", Protocol.ENIP, "list_identity", Operation.DISCOVERY)),
                (tr, r) -> r.accept(tr.tx(T0, SCANNER, "10.0.1.7", Protocol.ENIP, "list_identity", Operation.DISCOVERY))));
        SCENARIOS.put("LW-REC-003", new Scenario(
                (tr, r) -> {
                    r.accept(tr.tx(T0, SCANNER, "10.0.1.255", Protocol.ENIP, "list_identity", Operation.DISCOVERY));
                    for (int i = 1; i <= 2; i++) {
                        r.accept(Traffic.object(tr.tx(T0 + 30 * SECOND * i, SCANNER, "10.0.1." + i, Protocol.CIP,
                                "get_attributes_all", Operation.READ), ObjectRef.cip(1, 1, -1)));
                    }
                },
                (tr, r) -> {
                    r.accept(tr.tx(T0, SCANNER, "10.0.1.255", Protocol.ENIP, "list_identity", Operation.DISCOVERY));
                    for (int i = 1; i <= 2; i++) { // identity reads ten minutes later: not part of the discovery
                        r.accept(Traffic.object(tr.tx(T0 + 600 * SECOND + i * SECOND, SCANNER, "10.0.1." + i, Protocol.CIP,
                                "get_attributes_all", Operation.READ), ObjectRef.cip(1, 1, -1)));
                    }
                }));
        SCENARIOS.put("LW-REC-004", new Scenario(
                (tr, r) -> {
                    for (int u = 1; u <= 8; u++) {
                        r.accept(tr.tx(T0 + u * SECOND, SCANNER, PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ)
                                .function(3).unit(u));
                    }
                },
                (tr, r) -> {
                    for (int i = 1; i <= 50; i++) { // a poller reading four units over and over
                        r.accept(tr.tx(T0 + i * SECOND, EWS, PLC, Protocol.MODBUS, "read_holding_registers", Operation.READ)
                                .function(3).unit(i % 4));
                    }
                }));
        SCENARIOS.put("LW-REC-005", new Scenario(
                (tr, r) -> {
                    for (int f = 0x41; f <= 0x45; f++) {
                        r.accept(Traffic.failed(tr.tx(T0 + f * SECOND / 10, SCANNER, PLC, Protocol.MODBUS, "user_defined_function",
                                Operation.OTHER).function(f), 1));
                    }
                },
                (tr, r) -> {
                    for (int f = 1; f <= 16; f++) { // an engineering session: many services, all answered
                        r.accept(tr.tx(T0 + f * SECOND / 10, EWS, PLC, Protocol.CIP, "service_" + f, Operation.OTHER).function(f));
                    }
                }));
        SCENARIOS.put("LW-REC-006", new Scenario(
                (tr, r) -> {
                    for (int i = 0; i < 20; i++) {
                        r.accept(Traffic.failed(tr.tx(T0 + i * SECOND / 4, EWS, PLC, Protocol.MODBUS, "read_holding_registers",
                                Operation.READ).function(3), 2));
                    }
                },
                (tr, r) -> {
                    for (int i = 0; i < 20; i++) { // one error a second: never twenty within ten seconds
                        r.accept(Traffic.failed(tr.tx(T0 + i * SECOND, EWS, PLC, Protocol.MODBUS, "read_holding_registers",
                                Operation.READ).function(3), 2));
                    }
                }));
        SCENARIOS.put("LW-REC-007", new Scenario(
                (tr, r) -> {
                    int[] ports = {502, 102, 44818, 20000, 2404};
                    for (int i = 0; i < ports.length; i++) { // SYN, RST back
                        r.accept(tr.flow(T0 + i * SECOND / 10, SCANNER, 40000 + i, PLC, ports[i], 1, 60, 1, 60, "rst"));
                    }
                },
                (tr, r) -> {
                    for (int i = 0; i < 5; i++) { // five real sessions
                        r.accept(tr.flow(T0 + i * SECOND, EWS, 40000 + i, PLC, 502, 10, 1200, 10, 1300, "fin"));
                    }
                }));
        SCENARIOS.put("LW-ACC-001", new Scenario(
                (tr, r) -> {
                    tr.roles.put("10.9.0.20", "it_host");
                    r.accept(tr.tx(T0, "10.9.0.20", PLC, Protocol.MODBUS, "read_coils", Operation.READ).function(1));
                },
                (tr, r) -> {
                    tr.roles.put(EWS, "hmi");
                    r.accept(tr.tx(T0, EWS, PLC, Protocol.MODBUS, "read_coils", Operation.READ).function(1));
                }));
        SCENARIOS.put("LW-ACC-002", new Scenario(
                (tr, r) -> {
                    tr.roles.put(PLC, "plc");
                    r.accept(tr.flow(T0, EWS, 40000, PLC, 23, 20, 1800, 20, 2400, "fin"));
                },
                (tr, r) -> {
                    tr.roles.put("10.9.0.30", "it_host");
                    r.accept(tr.flow(T0, EWS, 40000, "10.9.0.30", 23, 20, 1800, 20, 2400, "fin"));
                }));
        SCENARIOS.put("LW-ACC-002 short messages", new Scenario(
                (tr, r) -> { // a Telnet login: a few bytes a packet, every packet under a bare header's size
                    tr.roles.put(PLC, "plc");
                    r.accept(tr.flow(T0, SCANNER, 40001, PLC, 23, 7, 7 * 62, 14, 6, 6 * 64, 21, "fin"));
                },
                (tr, r) -> { // a connect scan: handshake, close, no payload either way
                    tr.roles.put(PLC, "plc");
                    r.accept(tr.flow(T0, SCANNER, 40001, PLC, 23, 4, 4 * 66, 0, 2, 2 * 66, 0, "fin"));
                }));
        SCENARIOS.put("LW-ANO-001 device that parses the protocol", new Scenario(
                (tr, r) -> {
                    tr.served.add(PLC + "/modbus");
                    for (int i = 0; i < 3; i++) {
                        r.accept(tr.tx(T0 + i * SECOND, SCANNER, PLC, Protocol.MODBUS, null, null)
                                .malformed("10 bytes on the Modbus port that are not Modbus/TCP (starting 16 03 01 00)"));
                    }
                },
                (tr, r) -> { // the same bytes to a device that never answered Modbus (a honeypot's other port)
                    for (int i = 0; i < 3; i++) {
                        r.accept(tr.tx(T0 + i * SECOND, SCANNER, PLC, Protocol.MODBUS, null, null)
                                .malformed("10 bytes on the Modbus port that are not Modbus/TCP (starting 16 03 01 00)"));
                    }
                }));
        SCENARIOS.put("LW-REC-008", new Scenario(
                (tr, r) -> {
                    tr.learning.add(PLC); // the engineering station reads it while the PLC's baseline learns
                    r.accept(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "read_szl", Operation.DISCOVERY));
                    tr.learning.remove(PLC);
                    r.accept(tr.tx(T0 + 60 * SECOND, SCANNER, PLC, Protocol.S7COMM, "read_szl", Operation.DISCOVERY));
                    assertEquals(List.of(SCANNER), tr.alerts().stream().map(a -> a.getString(Fields.SOURCE_IP)).toList());
                },
                (tr, r) -> {
                    tr.learning.add(PLC);
                    r.accept(tr.tx(T0, EWS, PLC, Protocol.S7COMM, "read_szl", Operation.DISCOVERY));
                    tr.learning.remove(PLC);
                    r.accept(tr.tx(T0 + 60 * SECOND, EWS, PLC, Protocol.S7COMM, "read_szl", Operation.DISCOVERY));
                    r.accept(tr.tx(T0 + 61 * SECOND, SCANNER, "10.0.0.255", Protocol.ENIP, "list_identity",
                            Operation.DISCOVERY)); // a broadcast is LW-REC-002's
                }));
        SCENARIOS.put("LW-ANO-001", new Scenario(
                (tr, r) -> {
                    tr.served.add(PLC + "/modbus");
                    for (int i = 0; i < 3; i++) {
                        r.accept(tr.tx(T0 + i * SECOND, SCANNER, PLC, Protocol.MODBUS, null, null).malformed("bad length"));
                    }
                },
                (tr, r) -> {
                    tr.served.add(PLC + "/modbus");
                    for (int i = 0; i < 3; i++) { // one every two minutes
                        r.accept(tr.tx(T0 + i * 120 * SECOND, SCANNER, PLC, Protocol.MODBUS, null, null).malformed("bad length"));
                    }
                }));
        SCENARIOS.put("LW-ANO-002", new Scenario(
                (tr, r) -> r.accept(tr.tx(T0, EWS, PLC, Protocol.MODBUS, "read_coils", Operation.READ).anomaly(Traffic.ODD)),
                (tr, r) -> r.accept(tr.tx(T0, EWS, PLC, Protocol.MODBUS, "read_coils", Operation.READ))));
    }

    private static io.linewatch.model.transaction.Observation observation(ObservationType type, long ts) {
        return observation(type, type.wireName + ":" + EWS + ">" + PLC, ts);
    }

    private static io.linewatch.model.transaction.Observation observation(ObservationType type, String key, long ts) {
        return new io.linewatch.model.transaction.Observation("obs-" + key + ts, type, key,
                ts, ts, 1, EWS, null, 49152, PLC, null, 502, Protocol.MODBUS, "what was learned", "what was seen",
                EWS + " did " + type.wireName + " to " + PLC + ".", List.of("tx-1"));
    }

    private static io.linewatch.model.transaction.Observation write(String writers, long ts) {
        String key = "write:" + EWS + ">" + PLC + "/modbus/1/holding_registers/-1";
        return new io.linewatch.model.transaction.Observation("obs-" + writers + ts, ObservationType.UNAUTHORIZED_WRITE,
                key, ts, ts, 1, EWS, null, 49152, PLC, null, 502, Protocol.MODBUS, "writers " + writers + " to 100-101",
                "addresses", EWS + " wrote holding_registers 200 on " + PLC + ".", List.of("tx-1"));
    }

    static {
        String[][] baseline = {
            {"LW-BAS-001", "UNAUTHORIZED_WRITE", "NEW_OBJECT_READ"}, {"LW-BAS-002", "NEW_FUNCTION", "NEW_TALKER"},
            {"LW-BAS-003", "NEW_TALKER", "NEW_FUNCTION"}, {"LW-BAS-004", "NEW_PROTOCOL", "NEW_TALKER"},
            {"LW-BAS-005", "NEW_OBJECT_READ", "UNAUTHORIZED_WRITE"}, {"LW-BAS-006", "VALUE_OUT_OF_RANGE", "NEW_VALUE"},
            {"LW-BAS-007", "NEW_VALUE", "VALUE_OUT_OF_RANGE"}, {"LW-BAS-009", "DEVICE_SILENT", "TIMING_CHANGE"}, {"LW-BAS-010", "NEW_DEVICE", "NEW_TALKER"},
            {"LW-BAS-011", "IDENTITY_CHANGE", "FIRMWARE_CHANGE"}, {"LW-BAS-012", "FIRMWARE_CHANGE", "IDENTITY_CHANGE"},
            {"LW-BAS-013", "NEW_IO_CONNECTION", "NEW_TALKER"}, {"LW-BAS-014", "MODE_CHANGE", "NEW_VALUE"}};
        for (String[] b : baseline) {
            ObservationType fires = ObservationType.valueOf(b[1]);
            ObservationType other = ObservationType.valueOf(b[2]);
            SCENARIOS.put(b[0], new Scenario((tr, r) -> r.accept(observation(fires, T0)),
                    (tr, r) -> r.accept(observation(other, T0))));
        }
        ObservationType timing = ObservationType.TIMING_CHANGE;
        SCENARIOS.put("LW-BAS-008", new Scenario((tr, r) -> r.accept(observation(timing, "flood:a>b/modbus/1/3/-1", T0)),
                (tr, r) -> r.accept(observation(timing, "timing:a>b/modbus/3", T0))));
        SCENARIOS.put("LW-BAS-015", new Scenario((tr, r) -> r.accept(observation(timing, "timing:a>b/modbus/3", T0)),
                (tr, r) -> r.accept(observation(timing, "stop:a>b/modbus/3", T0))));
        SCENARIOS.put("LW-BAS-016", new Scenario(
                (tr, r) -> {
                    r.accept(observation(timing, "stop:a>b/modbus/3", T0));
                    r.accept(observation(timing, "stop:a>b/modbus/4", T0 + SECOND));
                    if (tr.alerts().size() != 1) {
                        throw new AssertionError("two stopped exchanges of one pair are one alert: " + tr.alerts());
                    }
                },
                (tr, r) -> r.accept(observation(timing, "flood:a>b/modbus/1/3/-1", T0))));
        // the writers in the baseline's expected text (BaselineEngine: "writers A,B to RANGES")
        SCENARIOS.put("LW-BAS-017", new Scenario(
                (tr, r) -> r.accept(write(EWS + ",10.0.0.9", T0)),
                (tr, r) -> r.accept(write("10.0.0.9", T0))));
        SCENARIOS.put("LW-BAS-001 unknown writer", new Scenario(
                (tr, r) -> r.accept(write("10.0.0.9", T0)),
                (tr, r) -> r.accept(write(EWS, T0))));
        SCENARIOS.put("LW-BAS-002 new pair", new Scenario(
                (tr, r) -> r.accept(observation(ObservationType.NEW_FUNCTION, T0)),
                (tr, r) -> { // a new talker's functions are part of the new-talker alert
                    r.accept(observation(ObservationType.NEW_TALKER, T0));
                    r.accept(observation(ObservationType.NEW_FUNCTION, T0 + SECOND));
                }));
    }

    private static List<String> run(BiConsumer<Traffic, RuleEngine> scenario) {
        Traffic tr = new Traffic();
        try (RuleEngine r = RuleEngine.compile(null, List.of(), RuleSettings.DEFAULTS).newSession(tr.outputs())) {
            scenario.accept(tr, r);
        }
        return tr.ruleIds();
    }

    @TestFactory
    Stream<DynamicTest> eachRuleFiresOnItsScenario() {
        return SCENARIOS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey() + " fires", () -> {
            List<String> ids = run(e.getValue().fires());
            assertTrue(ids.contains(e.getKey().split(" ", 2)[0]), e.getKey() + " did not fire; raised " + ids);
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachRuleStaysQuietOnItsNearMiss() {
        return SCENARIOS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey() + " quiet", () -> {
            List<String> ids = run(e.getValue().quiet());
            assertFalse(ids.contains(e.getKey().split(" ", 2)[0]), e.getKey() + " fired on its near miss: " + ids);
        }));
    }

    @Test
    void everyShippedRuleHasBothScenarios() {
        Set<String> shipped = new TreeSet<>();
        for (String name : RuleEngine.compile(null, List.of()).ruleNames()) {
            if (name.startsWith("LW-")) {
                shipped.add(name.split(" ", 2)[0]);
            }
        }
        Set<String> tested = new TreeSet<>();
        SCENARIOS.keySet().forEach(k -> tested.add(k.split(" ", 2)[0]));
        assertEquals(shipped, tested);
    }

    @Test
    void docsRulesListsEveryShippedRule() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/RULES.md"));
        for (String key : SCENARIOS.keySet()) {
            String id = key.split(" ", 2)[0];
            assertTrue(doc.contains("| `" + id + "` "), "docs/RULES.md does not list " + id);
        }
    }

    @Test
    void everyAlertHasItsRuleFactsAndOneSentence() {
        for (Map.Entry<String, Scenario> e : SCENARIOS.entrySet()) {
            Traffic tr = new Traffic();
            try (RuleEngine r = RuleEngine.compile(null, List.of(), RuleSettings.DEFAULTS).newSession(tr.outputs())) {
                e.getValue().fires().accept(tr, r);
            }
            for (EventDoc a : tr.alerts()) {
                String id = a.getString(Fields.RULE_ID);
                assertTrue(id.matches("LW-[A-Z]{3}-\\d{3}"), id);
                long sev = a.getLong(Fields.EVENT_SEVERITY);
                assertTrue(sev >= 0 && sev <= 100, id);
                List<?> techniques = (List<?>) a.get(Fields.THREAT_TECHNIQUE_ID);
                List<?> names = (List<?>) a.get(Fields.THREAT_TECHNIQUE_NAME);
                assertFalse(techniques.isEmpty(), id);
                for (int i = 0; i < techniques.size(); i++) {
                    assertTrue(String.valueOf(techniques.get(i)).matches("T0\\d{3}"), id);
                    assertFalse(names.get(i).equals(techniques.get(i)), id + ": technique " + techniques.get(i) + " has no name");
                }
                String message = a.getString(Fields.MESSAGE);
                assertTrue(message.contains(a.getString(Fields.SOURCE_IP)), id + ": " + message);
                assertFalse(message.contains("\n"), id);
                assertTrue(io.linewatch.model.schema.Schema.problems(a.asMap()).isEmpty(),
                        id + ": " + io.linewatch.model.schema.Schema.problems(a.asMap()));
            }
        }
    }
}
