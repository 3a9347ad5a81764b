package io.linewatch.dissectors.enip;

import io.linewatch.model.IdentityFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        // tshark: Product Code 58, Product Name "1756-ENBT/A": the product code is not an order number, and the
        // catalog number the name gives is the model identifier
        Map<String, String> facts = new TreeMap<>();
        r.identities.forEach(f -> facts.put(f.field(), f.value()));
        assertEquals("58", facts.get(Fields.DEVICE_PRODUCT_CODE));
        assertEquals("1756-ENBT/A", facts.get(Fields.DEVICE_MODEL_IDENTIFIER));
        assertEquals("1756-ENBT/A", facts.get(Fields.DEVICE_MODEL_NAME));
        // tshark: Device Type: Communications Adapter (0x000c)
        assertEquals("Communications Adapter", facts.get(Fields.DEVICE_TYPE));
        assertEquals(7, r.identities.size());
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
        // tshark: Get_Attributes_All on the Identity object via Unconnected Send, route port 1 (backplane) link 0,
        // answered by "1756-L61/B LOGIX5561" product code 54 revision 16.20 serial 0x0051823f: the controller
        // behind the 1756-ENBT at 192.168.10.120, reported with its route rather than dropped
        List<IdentityFact> behind = r.identities.stream().filter(f -> f.route() != null).toList();
        assertFalse(behind.isEmpty());
        assertTrue(behind.stream().allMatch(f -> f.ip().equals("192.168.10.120") && f.route().equals("1/0")));
        Map<String, String> l61 = Map.of(Fields.DEVICE_MANUFACTURER, "Rockwell Automation/Allen-Bradley",
                Fields.DEVICE_MODEL_NAME, "1756-L61/B LOGIX5561", Fields.DEVICE_MODEL_IDENTIFIER, "1756-L61/B",
                Fields.DEVICE_PRODUCT_CODE, "54", Fields.DEVICE_FIRMWARE_VERSION, "16.20",
                Fields.DEVICE_SERIAL_NUMBER, "0x0051823f", Fields.DEVICE_TYPE, "Programmable Logic Controller");
        Map<String, String> unconnected = new TreeMap<>();
        behind.stream().filter(f -> f.source().equals(CipDissector.SOURCE_GET_ATTRIBUTES_ALL))
                .forEach(f -> unconnected.put(f.field(), f.value()));
        assertEquals(l61, unconnected);
        // tshark frames 193 and 429: Get_Attribute_List of Identity attributes 1-7 in SendUnitData on connection
        // 0x80fe0017, whose Forward_Open (frame 95) has the connection path "Port: Backplane, Address: 0, Message
        // Router": read through the connection, the identity is the controller's in slot 0, not the module's
        Map<String, String> connected = new TreeMap<>();
        List<IdentityFact> overConnection = behind.stream()
                .filter(f -> f.source().equals(CipDissector.SOURCE_GET_ATTRIBUTE_LIST)).toList();
        overConnection.forEach(f -> connected.put(f.field(), f.value()));
        assertEquals(l61, connected);
        assertEquals(2 * l61.size(), overConnection.size(), "frames 193 and 429");
        assertEquals(null, r.counters().get(EnipCounter.IDENTITY_NOT_ATTRIBUTED.counter));
        assertTrue(r.identities.stream().filter(f -> f.route() == null).noneMatch(f -> f.value().contains("L61")),
                "the controller's identity must not be given to the module");
    }

    /**
     * tshark -Y 'cip.class==0xa1': one 0x4B, 5243 x 0x4D, one 0x51 from 192.168.10.105 to the 1756-ENBT/A at
     * 192.168.10.120 (Digital Bond's ControlFLASH capture): the non-volatile storage services are firmware operations.
     */
    @Test
    void firmwareThroughTheNonVolatileStorageObjectIsAFirmwareOperation() {
        CaptureRunner r = run("quickdraw_cl5000eip_firmware_change.pcap");
        Map<String, Long> operations = new TreeMap<>();
        for (EventDoc e : r.protocol("cip")) {
            if (Long.valueOf(0xA1).equals(e.getLong("cip.class_id"))) {
                operations.merge(e.getString(Fields.EVENT_ACTION) + " " + e.getString(Fields.OT_OPERATION), 1L, Long::sum);
            }
        }
        assertEquals(Map.of("service_0x4b firmware", 1L, "service_0x4d firmware", 5243L, "service_0x51 firmware", 1L),
                operations);
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
