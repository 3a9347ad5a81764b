package io.linewatch.dissectors.enip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.TestCaptures;
import io.linewatch.testkit.Golden;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Golden files over the licensed captures in testdata/pcaps/enip, reviewed against tshark. Long
 * polling captures keep their golden files small by leaving out the repetitive read services, whose
 * numbers are checked as counts instead (the counts are tshark's for the same capture).
 */
class EnipGoldenTest {
    private static final Set<String> REPETITIVE = Set.of("get_attribute_list", "read_tag", "service_0x4c");

    /** Runs a capture; every document it writes must use declared fields only, with values of their type. */
    private static CaptureRunner run(String capture) {
        CaptureRunner r = CaptureRunner.run(TestCaptures.path("enip/" + capture), DissectorWiring.of(EnipFactory.factories()));
        for (EventDoc e : r.events) {
            assertEquals(List.of(), Schema.problems(e.asMap()), () -> "undeclared fields in " + e);
        }
        return r;
    }

    private static Map<Long, Long> requestServices(CaptureRunner r) {
        Map<Long, Long> counts = new TreeMap<>();
        for (EventDoc e : r.protocol("cip")) {
            String seen = e.getString(Fields.OT_SEEN);
            if ("both".equals(seen) || "request".equals(seen)) {
                counts.merge(e.getLong("cip.service"), 1L, Long::sum);
            }
        }
        return counts;
    }

    @Test
    void listIdentity() {
        CaptureRunner r = run("iti_enip_listidentity_1756-ENBT.pcap");
        Golden.assertMatches("enip/iti_enip_listidentity_1756-ENBT.ndjson", r.transactions());
        assertEquals(5, r.identities.size());
    }

    @Test
    void setAttributeSingleOnVlan() {
        Golden.assertMatches("enip/cisa_set_attribute_single_vlan.ndjson", run("cisa_set_attribute_single_vlan.pcapng").transactions());
    }

    @Test
    void multipleServicePacket() {
        CaptureRunner r = run("cisa_multiple_service_packet.pcapng");
        Golden.assertMatches("enip/cisa_multiple_service_packet.ndjson", r.transactions());
        assertEquals(Map.of(3L, 11L), requestServices(r));
    }

    @Test
    void stopPlc() {
        Golden.assertMatches("enip/iti_cip_stop_plc_single.ndjson", run("iti_cip_stop_plc_single.pcap").transactions());
    }

    @Test
    void forwardOpenResetStartStop() {
        CaptureRunner r = run("quickdraw_cl5000eip_reboot_or_restart.pcap");
        List<EventDoc> notable = r.transactions().stream()
                .filter(e -> !REPETITIVE.contains(e.getString(Fields.EVENT_ACTION))).toList();
        Golden.assertMatches("enip/quickdraw_cl5000eip_reboot_or_restart.ndjson", notable);
        // tshark -Y 'cip.rr==0 && tcp.dstport==44818', wrappers 0x0A/0x52 not counted
        Map<Long, Long> expected = new TreeMap<>(Map.ofEntries(Map.entry(0x03L, 656L), Map.entry(0x4CL, 310L),
                Map.entry(0x04L, 56L), Map.entry(0x08L, 43L), Map.entry(0x01L, 15L), Map.entry(0x4BL, 10L),
                Map.entry(0x50L, 8L), Map.entry(0x54L, 5L), Map.entry(0x4FL, 5L), Map.entry(0x4EL, 4L),
                Map.entry(0x0DL, 3L), Map.entry(0x06L, 1L), Map.entry(0x07L, 1L), Map.entry(0x05L, 1L)));
        assertEquals(expected, requestServices(r));
    }

    @Test
    void listIdentityExplicitAndImplicitIo() {
        CaptureRunner r = run("cisa_enip_cip_example_listid_explicit_io.pcap");
        List<EventDoc> notable = r.transactions().stream()
                .filter(e -> !REPETITIVE.contains(e.getString(Fields.EVENT_ACTION))).toList();
        Golden.assertMatches("enip/cisa_enip_cip_example_listid_explicit_io.ndjson", notable);
        assertEquals(Map.of(0x03L, 543L, 0x04L, 1L), requestServices(r));
        assertEquals(24, r.protocol("cip_io").size());
    }
}
