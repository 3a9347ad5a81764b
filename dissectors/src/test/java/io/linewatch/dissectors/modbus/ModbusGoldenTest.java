package io.linewatch.dissectors.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.TestCaptures;
import io.linewatch.testkit.Golden;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.schema.ModbusFields;
import io.linewatch.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Golden files over the real captures in testdata/pcaps/modbus (reviewed against tshark), plus the
 * figures that matter checked outright so a golden update cannot silently change them.
 */
class ModbusGoldenTest {
    private static final int PLANT_GOLDEN_EVENTS = 150;
    private static CaptureRunner run(String capture) {
        CaptureRunner r = CaptureRunner.run(TestCaptures.path("modbus/" + capture + ".pcap"), DissectorWiring.of(List.of(new ModbusFactory())));
        assertEveryFieldDeclared(r);
        return r;
    }

    /** Every field of every transaction document is declared in the schema, with a value of its type. */
    private static void assertEveryFieldDeclared(CaptureRunner r) {
        List<String> problems = r.transactions().stream().flatMap(e -> Schema.problems(e.asMap()).stream())
                .distinct().toList();
        assertEquals(List.of(), problems);
    }

    /** Requests seen per function code (what dissect-compare keys on, unit ids aside). */
    private static Map<Long, Long> requestsByFunction(CaptureRunner r) {
        return r.protocol("modbus").stream()
                .filter(e -> List.of(Values.SEEN_BOTH, Values.SEEN_REQUEST).contains(e.getString(Fields.OT_SEEN)))
                .collect(Collectors.groupingBy(e -> e.getLong(ModbusFields.FUNCTION_CODE), TreeMap::new, Collectors.counting()));
    }

    private static List<Long> exceptionFunctions(CaptureRunner r) {
        return r.protocol("modbus").stream().filter(e -> e.get(ModbusFields.EXCEPTION_CODE) != null)
                .map(e -> e.getLong(ModbusFields.FUNCTION_CODE)).sorted().toList();
    }

    @Test
    void icsnppExampleWithDeviceIdentification() {
        CaptureRunner r = run("cisa_icsnpp_modbus_example_fc43_devid");
        Golden.assertMatches("modbus/cisa_icsnpp_modbus_example_fc43_devid.ndjson", r.transactions());
        // tshark: 24 requests over 17 function codes, one exception (function 3, code 2)
        Map<Long, Long> expected = new TreeMap<>(Map.of(1L, 2L, 2L, 2L, 3L, 3L, 4L, 2L, 5L, 1L, 6L, 1L, 7L, 1L, 8L, 1L));
        expected.putAll(Map.of(15L, 1L, 16L, 1L, 17L, 1L, 20L, 1L, 21L, 1L, 22L, 2L, 23L, 2L, 24L, 1L, 43L, 1L));
        assertEquals(expected, requestsByFunction(r));
        assertEquals(List.of(3L), exceptionFunctions(r));
        Map<String, String> identity = r.identities.stream()
                .collect(Collectors.toMap(IdentityFact::field, IdentityFact::value, (a, b) -> a, TreeMap::new));
        // object 1 is the ProductCode: a product code, not an order number (model identifier)
        assertEquals(Map.of(Fields.DEVICE_MANUFACTURER, "Zeek Modbus Test",
                Fields.DEVICE_PRODUCT_CODE, "Protocol Parsing is fun!",
                Fields.DEVICE_FIRMWARE_VERSION, "1.2.3.6"), identity);
    }

    @Test
    void plantPolling() {
        CaptureRunner r = run("iti_plant141_polling_fc1-2-4-15-16");
        // the whole output is 5 MB: the golden file holds the first transactions, the counts cover the rest
        Golden.assertMatches("modbus/iti_plant141_polling_fc1-2-4-15-16.ndjson", r.transactions().subList(0, PLANT_GOLDEN_EVENTS));
        // tshark: FC4 2768, FC15 2115, FC2 1574, FC1 1519, FC16 14, all unit 255
        assertEquals(Map.of(1L, 1519L, 2L, 1574L, 4L, 2768L, 15L, 2115L, 16L, 14L), requestsByFunction(r));
        assertEquals(0L, r.counters().getOrDefault("modbus.malformed", 0L));
    }

    @Test
    void umasEngineeringSession() {
        CaptureRunner r = run("iti_modicon_umas_fc90");
        Golden.assertMatches("modbus/iti_modicon_umas_fc90.ndjson", r.transactions());
        assertEquals(Map.of(90L, 90L), requestsByFunction(r));
        // UMAS "download" (0x34) is PLC to PC: the engineering station reads the program out (an upload)
        long uploads = r.protocol("modbus").stream()
                .filter(e -> "umas_program_upload_block".equals(e.getString(Fields.EVENT_ACTION))).count();
        assertEquals(53, uploads);
        // the read-id reply names the CPU (frame 6: "140 CPU 311 10", firmware word 0x0270)
        Map<String, String> identity = r.identities.stream()
                .collect(Collectors.toMap(IdentityFact::field, IdentityFact::value, (a, b) -> a, TreeMap::new));
        assertEquals(Map.of(Fields.DEVICE_MANUFACTURER, "Schneider Electric",
                Fields.DEVICE_MODEL_IDENTIFIER, "140 CPU 311 10",
                Fields.DEVICE_FIRMWARE_VERSION, "2.70"), identity);
    }

    @Test
    void nonModbusTrafficOnPort502() {
        CaptureRunner r = run("zeek_modbus_and_non_modbus_on_port502");
        Golden.assertMatches("modbus/zeek_modbus_and_non_modbus_on_port502.ndjson", r.transactions());
        assertEquals(Map.of(1L, 2L, 3L, 1L, 5L, 2L, 6L, 1L), requestsByFunction(r));
        // DCERPC, NFS, TLS, HTTP (after a RST), "MGLNDD" and RDP cookie connections: recognised, not dissected; what
        // their clients sent is a malformed record per segment (the rules weigh them against whether 192.168.10.111
        // speaks Modbus: it does not)
        assertEquals(6L, r.counters().get("modbus.non_modbus_flows"));
        List<String> reasons = r.transactions().stream().filter(t -> "malformed".equals(t.getString("ot.seen")))
                .map(t -> t.getString("ot.malformed_reason")).toList();
        assertEquals((long) reasons.size(), r.counters().get("modbus.malformed"));
        assertTrue(reasons.stream().allMatch(m -> m.contains("bytes on the Modbus port that are not Modbus/TCP")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(m -> m.endsWith("(starting 16 03 01 00)")), reasons.toString()); // TLS
    }

    /**
     * A fuzzer's capture with forged flags, sequence and IP length fields. All 16 requests and the
     * exception Wireshark shows are found. Six more exception responses (functions 47, 51, 54, 58, 59,
     * 66: frames 19, 21, 25, 26, 27, 32) are reported here and not by default tshark: tshark calls them
     * retransmissions because an earlier forged segment (frame 12) sat 131 KB ahead, yet the client's
     * ACKs (frames 22, 24, 31, 33, 35) acknowledge exactly these bytes, so the client received them.
     * With {@code -o tcp.analyze_sequence_numbers:FALSE} tshark decodes the same six.
     */
    @Test
    void fuzzedFunctionCodes() {
        CaptureRunner r = run("zeek_fuzz72_invalid_function_codes");
        Golden.assertMatches("modbus/zeek_fuzz72_invalid_function_codes.ndjson", r.transactions());
        Map<Long, Long> requests = requestsByFunction(r);
        assertEquals(16, requests.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(2L, requests.get(71L));
        assertEquals(List.of(32L, 47L, 51L, 54L, 58L, 59L, 66L), exceptionFunctions(r));
        List<EventDoc> unknown = r.protocol("modbus").stream()
                .filter(e -> ModbusFunction.ACTION_UNKNOWN.equals(e.getString(Fields.EVENT_ACTION))).toList();
        assertEquals(List.of("unknown_function_code"), unknown.get(0).get(Fields.OT_ANOMALIES));
    }
}
