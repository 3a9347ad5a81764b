package io.linewatch.dissectors.s7comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.TestCaptures;
import io.linewatch.testkit.Golden;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Real captures: golden files (reviewed against tshark) and request counts as Wireshark counts them
 * (jobs by function code, userdata requests by group/subfunction).
 */
class S7commGoldenTest {
    private static CaptureRunner run(String capture) {
        return CaptureRunner.run(TestCaptures.path("s7comm/" + capture), DissectorWiring.of(List.of(new S7commFactory())));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cisa_snap7_s300_stop_upload_szl",
        "wswiki_s7comm_downloading_block_db1",
        "wswiki_s7comm_reading_plc_status_szl",
        "cisa_s7comm_plus_linux_sll",
        "wswiki_s7plus_v2_s71200_upload_ob1_tia12",
    })
    void golden(String name) {
        CaptureRunner r = run(name + ".pcap");
        Golden.assertMatches("s7comm/" + name + ".ndjson", r.transactions());
        assertEquals(0L, r.counters().getOrDefault("s7comm.malformed", 0L));
        for (EventDoc e : r.transactions()) {
            assertEquals(List.of(), Schema.problems(e.asMap()), "every field is declared: " + e);
        }
    }

    /** Requests per key, counted the way dissect-compare counts Wireshark's. */
    private static Map<String, Long> requests(CaptureRunner r) {
        return r.protocol("s7comm").stream()
                .filter(e -> !"response".equals(e.getString(Fields.OT_SEEN)))
                .collect(Collectors.groupingBy(S7commGoldenTest::key, TreeMap::new, Collectors.counting()));
    }

    private static String key(EventDoc e) {
        return e.getLong("s7comm.rosctr") == 1 ? "job " + e.getLong("s7comm.function_code")
                : "userdata " + e.getLong("s7comm.userdata.group") + "/" + e.getLong("s7comm.userdata.subfunction");
    }

    @Test
    void winccProductionMatchesWireshark() {
        // tshark -Y s7comm: jobs 0x04 x84, 0x05 x27, 0xf0 x1; userdata requests as below (pushes not counted)
        CaptureRunner r = run("gymgit_wincc_s400_production.pcapng");
        Map<String, Long> expected = new TreeMap<>(Map.of(
                "job 4", 84L, "job 5", 27L, "job 240", 1L,
                "userdata 2/7", 136L, "userdata 4/1", 87L, "userdata 2/5", 53L, "userdata 2/4", 53L,
                "userdata 4/2", 2L, "userdata 4/19", 2L));
        assertEquals(expected, requests(r));
        // every request met its answer although each one sits behind an uncaptured 7-byte segment
        assertTrue(r.protocol("s7comm").stream().noneMatch(e -> "request".equals(e.getString(Fields.OT_SEEN))));
        // pushes: 736 change-driven-modify (2/7) + 18 change-driven (2/5), as tshark shows with type 0
        assertEquals(754L, r.protocol("s7comm").stream()
                .filter(e -> "cyclic_data".equals(e.getString(Fields.EVENT_ACTION))).count());
    }

    @Test
    void snap7IdentityReachesTheInventory() {
        CaptureRunner r = run("cisa_snap7_s300_stop_upload_szl.pcap");
        Map<String, String> facts = r.identities.stream()
                .collect(Collectors.toMap(IdentityFact::field, IdentityFact::value, (a, b) -> b, TreeMap::new));
        // tshark: SZL 0x001c "Name of the PLC" S7300/ET200M station_1, "Name of the module" PLC_1
        assertEquals(Map.of(
                Fields.HOST_NAME, "PLC_1",
                Fields.DEVICE_STATION_NAME, "S7300/ET200M station_1",
                Fields.DEVICE_MODEL_IDENTIFIER, "6ES7 315-2EH14-0AB0",
                Fields.DEVICE_FIRMWARE_VERSION, "V3.2.7",
                Fields.DEVICE_SERIAL_NUMBER, "S C-B1U393142011",
                Fields.DEVICE_MODEL_NAME, "CPU 315-2 PN/DP",
                Fields.DEVICE_MANUFACTURER, "Siemens"), facts);
        assertTrue(r.identities.stream().allMatch(f -> f.ip().equals("134.217.61.211")));
    }
}
