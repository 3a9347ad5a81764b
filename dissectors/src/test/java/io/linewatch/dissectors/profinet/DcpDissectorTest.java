package io.linewatch.dissectors.profinet;

import static io.linewatch.dissectors.profinet.DcpBytes.DEVICE;
import static io.linewatch.dissectors.profinet.DcpBytes.GET;
import static io.linewatch.dissectors.profinet.DcpBytes.GET_SET_FRAME;
import static io.linewatch.dissectors.profinet.DcpBytes.HELLO;
import static io.linewatch.dissectors.profinet.DcpBytes.HELLO_FRAME;
import static io.linewatch.dissectors.profinet.DcpBytes.IDENTIFY;
import static io.linewatch.dissectors.profinet.DcpBytes.IDENTIFY_MULTICAST;
import static io.linewatch.dissectors.profinet.DcpBytes.IDENTIFY_REQUEST_FRAME;
import static io.linewatch.dissectors.profinet.DcpBytes.IDENTIFY_RESPONSE_FRAME;
import static io.linewatch.dissectors.profinet.DcpBytes.REQUEST;
import static io.linewatch.dissectors.profinet.DcpBytes.RESPONSE_SUCCESS;
import static io.linewatch.dissectors.profinet.DcpBytes.RESPONSE_UNSUPPORTED;
import static io.linewatch.dissectors.profinet.DcpBytes.SET;
import static io.linewatch.dissectors.profinet.DcpBytes.TOOL;
import static io.linewatch.dissectors.profinet.DcpBytes.block;
import static io.linewatch.dissectors.profinet.DcpBytes.frame;
import static io.linewatch.dissectors.profinet.DcpBytes.ipSuite;
import static io.linewatch.dissectors.profinet.DcpBytes.pdu;
import static io.linewatch.dissectors.profinet.DcpBytes.text;
import static io.linewatch.dissectors.profinet.DcpBytes.u16;
import static io.linewatch.testkit.WireFeeder.bytes;
import static io.linewatch.testkit.WireFeeder.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import io.linewatch.model.schema.ProfinetFields;
import io.linewatch.model.schema.Schema;
import io.linewatch.testkit.Frames;
import io.linewatch.testkit.WireFeeder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Byte-array tests of PROFINET DCP, one per service and per block the dissector reads, plus bad lengths. Layouts and
 * codes: IEC 61158-6-10 §4.3 as Wireshark's packet-pn-dcp.c reads them (BlockInfo in Identify/Get responses and
 * Hello, BlockQualifier in Set requests, none in Identify requests; Control/Response blocks carry option, suboption
 * and BlockError); the Identify and Set frames mirror the public change-IP capture's, which {@code tshark -V} shows as
 * quoted in each test.
 */
class DcpDissectorTest {
    private static final int OPTION_IP = 1;
    private static final int OPTION_DEVICE = 2;
    private static final int OPTION_CONTROL = 5;
    private static final int OPTION_ALL = 0xff;
    private static final long XID = 0x01000001L;

    private final WireFeeder w = new WireFeeder(DissectorWiring.link(Dissectors.link()));

    private EventDoc only() {
        EventDoc e = w.only("profinet_dcp");
        assertEquals(List.of(), Schema.problems(e.asMap()), "every field is declared: " + e);
        return e;
    }

    private Map<String, String> identity() {
        return w.identities.stream().collect(Collectors.toMap(IdentityFact::field, IdentityFact::value, (a, b) -> b, TreeMap::new));
    }

    /** The Identify response of the change-IP capture, frame 2 (tshark: X208-BORD, vendor 0x002a, device 0x0a01, IO-Device, 192.168.0.6). */
    private static byte[] identifyResponse(int ipBlockInfo, String ip) {
        return pdu(IDENTIFY_RESPONSE_FRAME, IDENTIFY, RESPONSE_SUCCESS, XID,
                block(OPTION_DEVICE, 5, 0, bytes(0x01, 0x01, 0x01, 0x02)), // Device Options: the blocks it supports
                block(OPTION_DEVICE, 1, 0, text("INC")), // type of station, odd length: padded
                block(OPTION_DEVICE, 2, 0, text("X208-BORD")), // NameOfStation
                block(OPTION_DEVICE, 3, 0, concat(u16(0x002a), u16(0x0a01))), // VendorID, DeviceID
                block(OPTION_DEVICE, 4, 0, bytes(0x01, 0x00)), // DeviceRoleDetails IO-Device, reserved
                block(OPTION_IP, 2, ipBlockInfo, ipSuite(ip, "255.255.255.0", "192.168.0.1")));
    }

    @Test
    void identifyAllRequest() {
        // tshark frame 1: Ident Req, Xid 0x01000001, ResponseDelay 1, one block All/All of length 0
        w.ethernet(frame(DEVICE, TOOL, pdu(IDENTIFY_REQUEST_FRAME, IDENTIFY, REQUEST, XID, block(OPTION_ALL, 0xff, new byte[0]))));
        EventDoc e = only();
        assertEquals("identify", e.getString(Fields.EVENT_ACTION));
        assertEquals("discovery", e.getString(Fields.OT_OPERATION));
        assertEquals("request", e.getString(Fields.OT_SEEN));
        assertEquals(TOOL, e.getString(Fields.SOURCE_MAC));
        assertEquals(DEVICE, e.getString(Fields.DESTINATION_MAC));
        assertEquals(0xfefeL, e.getLong(ProfinetFields.FRAME_ID));
        assertEquals(XID, e.getLong(ProfinetFields.XID));
        assertEquals(List.of("all"), e.get(ProfinetFields.BLOCKS));
        assertEquals(List.of(), w.identities, "a request tells nothing about the device");
    }

    @Test
    void identifyByNameRequestIsAFilterWithoutBlockInfo() {
        // the identify_by_name capture: Ident Req to the multicast group, NameOfStation:"switch3" (no BlockInfo)
        w.ethernet(frame(IDENTIFY_MULTICAST, TOOL, pdu(IDENTIFY_REQUEST_FRAME, IDENTIFY, REQUEST, 0x0300bf9aL,
                block(OPTION_DEVICE, 2, text("switch3")))));
        EventDoc e = only();
        assertEquals("switch3", e.getString(ProfinetFields.STATION_NAME));
        assertEquals(IDENTIFY_MULTICAST, e.getString(Fields.DESTINATION_MAC));
        assertEquals(List.of(), w.identities);
    }

    @Test
    void identifyResponseGivesEveryIdentityBlock() {
        w.ethernet(frame(TOOL, DEVICE, identifyResponse(1, "192.168.0.6")));
        EventDoc e = only();
        assertEquals("identify", e.getString(Fields.EVENT_ACTION));
        assertEquals("response", e.getString(Fields.OT_SEEN));
        assertEquals("success", e.getString(Fields.EVENT_OUTCOME));
        // the device answers: it is the server of the exchange, and its IP block names its address
        assertEquals(TOOL, e.getString(Fields.SOURCE_MAC));
        assertEquals(DEVICE, e.getString(Fields.DESTINATION_MAC));
        assertEquals("192.168.0.6", e.getString(Fields.DESTINATION_IP));
        assertEquals(List.of("device/device_options", "device/type_of_station", "device/name_of_station",
                "device/device_id", "device/device_role", "ip/ip_parameter"), e.get(ProfinetFields.BLOCKS));
        assertEquals("X208-BORD", e.getString(ProfinetFields.STATION_NAME));
        assertEquals("INC", e.getString(ProfinetFields.TYPE_OF_STATION));
        assertEquals(0x2aL, e.getLong(ProfinetFields.VENDOR_ID));
        assertEquals(0x0a01L, e.getLong(ProfinetFields.DEVICE_ID));
        assertEquals(List.of("io_device"), e.get(ProfinetFields.DEVICE_ROLE));
        assertEquals("255.255.255.0", e.getString(ProfinetFields.SUBNET_MASK));
        assertEquals("192.168.0.1", e.getString(ProfinetFields.GATEWAY));
        assertEquals(1L, e.getLong(ProfinetFields.IP_BLOCK_INFO));
        assertEquals(Map.of(
                Fields.DEVICE_STATION_NAME, "X208-BORD",
                Fields.DEVICE_MODEL_NAME, "INC",
                ProfinetFields.ASSET_VENDOR_ID, "0x002a",
                ProfinetFields.ASSET_DEVICE_ID, "0x0a01",
                ProfinetFields.ASSET_ROLE, "io_device",
                ProfinetFields.ASSET_SUBNET_MASK, "255.255.255.0",
                ProfinetFields.ASSET_GATEWAY, "192.168.0.1"), identity());
        for (IdentityFact f : w.identities) {
            assertEquals(DEVICE, f.mac(), "facts are about the sender");
            assertEquals("192.168.0.6", f.ip());
            assertEquals("profinet_dcp.identify", f.source());
            assertEquals(e.id(), f.eventId());
        }
    }

    @Test
    void anAddressNotSetIsNoAddress() {
        // BlockInfo 0 "IP not set": the 0.0.0.0 or stale bytes are not the device's address
        w.ethernet(frame(TOOL, DEVICE, identifyResponse(0, "0.0.0.0")));
        EventDoc e = only();
        assertNull(e.getString(Fields.DESTINATION_IP));
        assertEquals(0L, e.getLong(ProfinetFields.IP_BLOCK_INFO));
        w.identities.forEach(f -> assertNull(f.ip()));
        assertNull(identity().get(ProfinetFields.ASSET_SUBNET_MASK), "no mask without an address");
    }

    @Test
    void identifyResponseOfAnIoControllerWithAliasAndMac() {
        w.ethernet(frame(TOOL, DEVICE, pdu(IDENTIFY_RESPONSE_FRAME, IDENTIFY, RESPONSE_SUCCESS, 7,
                block(OPTION_DEVICE, 4, 0, bytes(0x02, 0x00)), // IO-Controller
                block(OPTION_DEVICE, 6, 0, text("port-001.plc")), // alias name
                block(OPTION_IP, 1, 0, Frames.macBytes(DEVICE)))));
        EventDoc e = only();
        assertEquals(List.of("io_controller"), e.get(ProfinetFields.DEVICE_ROLE));
        assertEquals("port-001.plc", e.getString(ProfinetFields.ALIAS_NAME));
        assertEquals(List.of("device/device_role", "device/alias_name", "ip/mac_address"), e.get(ProfinetFields.BLOCKS));
        assertEquals("io_controller", identity().get(ProfinetFields.ASSET_ROLE));
    }

    @Test
    void helloAnnouncesTheSender() {
        // a device after power-on: Hello request with BlockInfo in every block, to the multicast group
        w.ethernet(frame("01:0e:cf:00:00:01", DEVICE, pdu(HELLO_FRAME, HELLO, REQUEST, 9,
                block(OPTION_DEVICE, 2, 0, text("et200sp")),
                block(OPTION_IP, 2, 1, ipSuite("10.1.1.5", "255.255.0.0", "0.0.0.0")))));
        EventDoc e = only();
        assertEquals("hello", e.getString(Fields.EVENT_ACTION));
        assertEquals("discovery", e.getString(Fields.OT_OPERATION));
        assertEquals(DEVICE, e.getString(Fields.SOURCE_MAC), "the announcing device is the client");
        assertEquals("10.1.1.5", e.getString(Fields.SOURCE_IP));
        assertEquals("et200sp", identity().get(Fields.DEVICE_STATION_NAME));
        assertEquals("profinet_dcp.hello", w.identities.get(0).source());
    }

    @Test
    void getRequestListsBareOptionsAndItsResponseReportsThem() {
        w.ethernet(frame(DEVICE, TOOL, pdu(GET_SET_FRAME, GET, REQUEST, 3, bytes(OPTION_DEVICE, 2, OPTION_IP, 2))));
        w.ethernet(frame(TOOL, DEVICE, pdu(GET_SET_FRAME, GET, RESPONSE_SUCCESS, 3,
                block(OPTION_DEVICE, 2, 0, text("pn-io")))));
        List<EventDoc> l = w.protocol("profinet_dcp");
        assertEquals(2, l.size());
        assertEquals("get", l.get(0).getString(Fields.EVENT_ACTION));
        assertEquals("read", l.get(0).getString(Fields.OT_OPERATION));
        assertEquals(List.of("device/name_of_station", "ip/ip_parameter"), l.get(0).get(ProfinetFields.BLOCKS));
        assertEquals("pn-io", l.get(1).getString(ProfinetFields.STATION_NAME));
        assertEquals(Map.of(Fields.DEVICE_STATION_NAME, "pn-io"), identity());
        assertEquals("profinet_dcp.get", w.identities.get(0).source());
    }

    @Test
    void setIpRequestAndItsResponse() {
        // tshark frame 3: Set Req, IP/IP, BlockQualifier "Save the value permanent" (1), 192.168.0.10/24 gw .1
        w.ethernet(frame(DEVICE, TOOL, pdu(GET_SET_FRAME, SET, REQUEST, XID,
                block(OPTION_IP, 2, 1, ipSuite("192.168.0.10", "255.255.255.0", "192.168.0.1")))));
        // tshark frame 4: Set Ok, Control/Response for IP/IP parameter, BlockError Ok (block length 3: padded)
        w.ethernet(frame(TOOL, DEVICE, pdu(GET_SET_FRAME, SET, RESPONSE_SUCCESS, XID,
                block(OPTION_CONTROL, 4, bytes(OPTION_IP, 2, 0)))));
        List<EventDoc> l = w.protocol("profinet_dcp");
        assertEquals(2, l.size());
        EventDoc request = l.get(0);
        assertEquals("set_ip", request.getString(Fields.EVENT_ACTION));
        assertEquals("write", request.getString(Fields.OT_OPERATION));
        assertEquals("192.168.0.10", request.getString(ProfinetFields.IP_ADDRESS));
        assertNull(request.get(ProfinetFields.IP_BLOCK_INFO), "a Set carries a qualifier, not a BlockInfo");
        EventDoc response = l.get(1);
        assertEquals("set_ip", response.getString(Fields.EVENT_ACTION), "the response names what it answers");
        assertEquals("success", response.getString(Fields.EVENT_OUTCOME));
        assertEquals(List.of("control/response"), response.get(ProfinetFields.BLOCKS));
        assertNull(response.get(ProfinetFields.BLOCK_ERROR));
        assertEquals(TOOL, response.getString(Fields.SOURCE_MAC));
        assertEquals(DEVICE, response.getString(Fields.DESTINATION_MAC));
    }

    @Test
    void setNameOfStationWithEndTransaction() {
        // the vlan_identify_set_name capture: NameOfStation then Control/End Transaction, both answered Ok
        w.ethernet(frame(DEVICE, TOOL, pdu(GET_SET_FRAME, SET, REQUEST, XID,
                block(OPTION_DEVICE, 2, 1, text("plc-7")),
                block(OPTION_CONTROL, 2, 0, new byte[0]))));
        w.ethernet(frame(TOOL, DEVICE, pdu(GET_SET_FRAME, SET, RESPONSE_SUCCESS, XID,
                block(OPTION_CONTROL, 4, bytes(OPTION_DEVICE, 2, 0)),
                block(OPTION_CONTROL, 4, bytes(OPTION_CONTROL, 2, 0)))));
        List<EventDoc> l = w.protocol("profinet_dcp");
        assertEquals("set_name", l.get(0).getString(Fields.EVENT_ACTION));
        assertEquals("plc-7", l.get(0).getString(ProfinetFields.STATION_NAME));
        assertNull(l.get(0).get(ProfinetFields.CONTROL), "a transaction bracket is not a control action");
        assertEquals("set_name", l.get(1).getString(Fields.EVENT_ACTION));
        assertEquals("success", l.get(1).getString(Fields.EVENT_OUTCOME));
        assertEquals(List.of(), w.identities, "a Set request is what the tool wants, not what the device is");
    }

    @Test
    void factoryResetIsAControlAction() {
        // Control/Reset Factory Settings (5) and Reset to Factory (6, BlockQualifier 0x0008: all stored data)
        for (int suboption : new int[] {5, 6}) {
            WireFeeder f = new WireFeeder(DissectorWiring.link(Dissectors.link()));
            f.ethernet(frame(DEVICE, TOOL, pdu(GET_SET_FRAME, SET, REQUEST, XID, block(OPTION_CONTROL, suboption, 8, new byte[0]))));
            EventDoc e = f.only("profinet_dcp");
            String expected = suboption == 5 ? "reset_factory_settings" : "reset_to_factory";
            assertEquals(expected, e.getString(Fields.EVENT_ACTION));
            assertEquals("control", e.getString(Fields.OT_OPERATION));
            assertEquals(expected, e.getString(ProfinetFields.CONTROL));
        }
    }

    @Test
    void signalFlashesTheLed() {
        // Control/Signal, qualifier 0, SignalValue 0x0100 "Flash Once"
        w.ethernet(frame(DEVICE, TOOL, pdu(GET_SET_FRAME, SET, REQUEST, XID, block(OPTION_CONTROL, 3, 0, u16(0x0100)))));
        EventDoc e = only();
        assertEquals("signal", e.getString(Fields.EVENT_ACTION));
        assertEquals("diagnostic", e.getString(Fields.OT_OPERATION));
    }

    @Test
    void aRefusedSetFails() {
        // BlockError 6 "In operation, SET not possible"
        w.ethernet(frame(TOOL, DEVICE, pdu(GET_SET_FRAME, SET, RESPONSE_SUCCESS, XID,
                block(OPTION_CONTROL, 4, bytes(OPTION_IP, 2, 6)))));
        EventDoc e = only();
        assertEquals("failure", e.getString(Fields.EVENT_OUTCOME));
        assertEquals(6L, e.getLong(ProfinetFields.BLOCK_ERROR));
        assertEquals("set_ip", e.getString(Fields.EVENT_ACTION));
    }

    @Test
    void requestNotSupportedFails() {
        w.ethernet(frame(TOOL, DEVICE, pdu(GET_SET_FRAME, GET, RESPONSE_UNSUPPORTED, 4)));
        EventDoc e = only();
        assertEquals("failure", e.getString(Fields.EVENT_OUTCOME));
        assertEquals(5L, e.getLong(ProfinetFields.SERVICE_TYPE));
    }

    @Test
    void unknownServiceIsKeptWithAnAnomaly() {
        w.ethernet(frame(DEVICE, TOOL, pdu(GET_SET_FRAME, 1, REQUEST, 4)));
        EventDoc e = only();
        assertEquals("service_1", e.getString(Fields.EVENT_ACTION));
        assertEquals(List.of("dcp_unknown_service"), e.get(Fields.OT_ANOMALIES));
    }

    @Test
    void headerShorterThanTwelveBytesIsMalformed() {
        w.ethernet(frame(DEVICE, TOOL, bytes(0xfe, 0xfd, 0x04, 0x00, 0x01)));
        assertMalformed("dcp_header_truncated");
    }

    @Test
    void dataLengthPastTheFrameIsMalformed() {
        byte[] pdu = pdu(GET_SET_FRAME, SET, REQUEST, XID, block(OPTION_IP, 2, 1, ipSuite("10.0.0.1", "255.0.0.0", "0.0.0.0")));
        pdu[11] = (byte) 0xff; // DCPDataLength 255, 18 bytes follow
        w.ethernet(frame(DEVICE, TOOL, pdu));
        assertMalformed("dcp_data_truncated");
    }

    @Test
    void blockLengthPastTheDataIsMalformed() {
        byte[] name = block(OPTION_DEVICE, 2, 0, text("abcd"));
        name[3] = 40; // DCPBlockLength 40, 6 bytes follow
        w.ethernet(frame(TOOL, DEVICE, pdu(IDENTIFY_RESPONSE_FRAME, IDENTIFY, RESPONSE_SUCCESS, XID, name)));
        assertMalformed("dcp_block_truncated");
    }

    @Test
    void truncatedBlockIsMalformed() {
        // an IP parameter block of 6 bytes: BlockInfo and one address, the mask and gateway missing
        w.ethernet(frame(TOOL, DEVICE, pdu(IDENTIFY_RESPONSE_FRAME, IDENTIFY, RESPONSE_SUCCESS, XID,
                block(OPTION_IP, 2, 1, Frames.address("10.0.0.1")))));
        assertMalformed("dcp_block_truncated");
    }

    @Test
    void ethernetPaddingAfterTheDataIsIgnored() {
        byte[] pdu = pdu(IDENTIFY_REQUEST_FRAME, IDENTIFY, REQUEST, XID, block(OPTION_ALL, 0xff, new byte[0]));
        w.ethernet(frame(DEVICE, TOOL, concat(pdu, new byte[30]))); // padded to the 60-byte minimum and more
        assertEquals(List.of("all"), only().get(ProfinetFields.BLOCKS));
    }

    @Test
    void vlanTaggedFramesKeepTheirVlan() {
        // the vlan_identify_set_name capture is 802.1Q-tagged with VLAN 0 (priority tagging); here VLAN 12
        w.ethernet(Frames.ethernetVlan(DEVICE, TOOL, 12, DcpBytes.ETHERTYPE_PROFINET,
                pdu(IDENTIFY_REQUEST_FRAME, IDENTIFY, REQUEST, XID, block(OPTION_ALL, 0xff, new byte[0]))));
        assertEquals(12L, only().getLong(Fields.NETWORK_VLAN_ID));
    }

    private void assertMalformed(String reason) {
        List<EventDoc> l = w.transactions();
        assertEquals(1, l.size(), l::toString);
        EventDoc e = l.get(0);
        assertEquals(Values.ACTION_MALFORMED, e.getString(Fields.EVENT_ACTION));
        assertEquals("malformed", e.getString(Fields.OT_SEEN));
        assertEquals(reason, e.getString(Fields.OT_MALFORMED_REASON));
        assertEquals(1L, w.counter("profinet_dcp.malformed"));
        assertEquals(List.of(), w.identities);
    }
}
