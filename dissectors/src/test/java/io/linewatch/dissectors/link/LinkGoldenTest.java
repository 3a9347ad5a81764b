package io.linewatch.dissectors.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.schema.Schema;
import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.Golden;
import io.linewatch.testkit.TestCaptures;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layer-2 dissectors on public captures (testdata/pcaps/ORIGIN.md): golden files of their records (reviewed
 * against {@code tshark -V}), record counts as tshark counts the frames, and no malformed record.
 */
class LinkGoldenTest {
    private static CaptureRunner run(String capture) {
        return CaptureRunner.run(TestCaptures.path(capture), DissectorWiring.link(Dissectors.link()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "profinet/iti_profinet_dcp_change_ip",
        "profinet/iti_profinet_dcp_identify_by_name",
        "profinet/iti_profinet_dcp_vlan_identify_set_name",
        "lldp/iti_profinet_failed_lldp_scalance",
        "enip/quickdraw_cl5000eip_firmware_change",
    })
    void golden(String name) {
        CaptureRunner r = run(name + ".pcap");
        String file = name.startsWith("enip/") ? "lldp/" + name.substring(5) : name;
        Golden.assertMatches(file + ".ndjson", r.transactions());
        for (EventDoc e : r.transactions()) {
            assertEquals(List.of(), Schema.problems(e.asMap()), "every field is declared: " + e);
        }
        assertEquals(0L, r.counters().entrySet().stream().filter(c -> c.getKey().endsWith(".malformed")
                || c.getKey().endsWith(".dissector_errors")).mapToLong(Map.Entry::getValue).sum(), r.counters()::toString);
    }

    private static Map<String, Long> perProtocol(CaptureRunner r) {
        return r.transactions().stream().collect(Collectors.groupingBy(e -> e.getString(Fields.NETWORK_PROTOCOL),
                TreeMap::new, Collectors.counting()));
    }

    @Test
    void recordsAsTsharkCountsTheFrames() {
        // tshark -Y pn_dcp: 4, 14, 4 frames; -Y lldp: 23; the QuickDraw capture: -Y cdp 3, -Y lldp 6
        assertEquals(Map.of("profinet_dcp", 4L), perProtocol(run("profinet/iti_profinet_dcp_change_ip.pcap")));
        assertEquals(Map.of("profinet_dcp", 14L), perProtocol(run("profinet/iti_profinet_dcp_identify_by_name.pcap")));
        assertEquals(Map.of("profinet_dcp", 4L), perProtocol(run("profinet/iti_profinet_dcp_vlan_identify_set_name.pcap")));
        assertEquals(Map.of("lldp", 23L), perProtocol(run("lldp/iti_profinet_failed_lldp_scalance.pcap")));
        assertEquals(Map.of("cdp", 3L, "lldp", 6L), perProtocol(run("enip/quickdraw_cl5000eip_firmware_change.pcap")));
    }

    @Test
    void identifyResponseNamesTheDevice() {
        // tshark frame 2: NameOfStation "X208-BORD", VendorID 0x002a, DeviceID 0x0a01, IO-Device, IP 192.168.0.6 (IP set)
        CaptureRunner r = run("profinet/iti_profinet_dcp_change_ip.pcap");
        Map<String, String> facts = r.identities.stream()
                .collect(Collectors.toMap(IdentityFact::field, IdentityFact::value, (a, b) -> b, TreeMap::new));
        assertEquals("X208-BORD", facts.get(Fields.DEVICE_STATION_NAME));
        assertEquals("0x002a", facts.get("device.profinet.vendor_id"));
        assertEquals("0x0a01", facts.get("device.profinet.device_id"));
        assertEquals("io_device", facts.get("device.profinet.role"));
        assertEquals(List.of("08:00:06:93:cf:32"), r.identities.stream().map(IdentityFact::mac).distinct().toList());
        assertEquals("192.168.0.6", r.identities.get(0).ip());
    }
}
