package io.linewatch.dissectors.enip;

import static io.linewatch.dissectors.enip.EnipBytes.encap;
import static io.linewatch.dissectors.enip.EnipBytes.io;
import static io.linewatch.dissectors.enip.EnipBytes.sendRRData;
import static io.linewatch.dissectors.enip.EnipBytes.sendUnitData;
import static io.linewatch.testkit.WireFeeder.bytes;
import static io.linewatch.testkit.WireFeeder.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.testkit.WireFeeder;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnipDissectorTest {
    static final String CLIENT = "10.0.0.1";
    static final String PLC = "10.0.0.2";

    /** ListIdentity request: header only. */
    static final byte[] LIST_IDENTITY_REQUEST = bytes(
            0x63, 0x00,                         // command: ListIdentity
            0x00, 0x00,                         // length: 0
            0x00, 0x00, 0x00, 0x00,             // session handle
            0x00, 0x00, 0x00, 0x00,             // status
            0x00, 0x00, 0x00, 0x00, 0xc1, 0xde, 0xbe, 0xd1, // sender context
            0x00, 0x00, 0x00, 0x00);            // options

    /** ListIdentity reply of a 1756-ENBT/A (as in testdata/pcaps/enip/iti_enip_listidentity_1756-ENBT.pcap). */
    static final byte[] LIST_IDENTITY_REPLY = bytes(
            0x63, 0x00,                         // command: ListIdentity
            0x33, 0x00,                         // length: 51
            0x00, 0x00, 0x00, 0x00,             // session handle
            0x00, 0x00, 0x00, 0x00,             // status: success
            0x00, 0x00, 0x00, 0x00, 0xc1, 0xde, 0xbe, 0xd1, // sender context (echoed)
            0x00, 0x00, 0x00, 0x00,             // options
            0x01, 0x00,                         // CPF item count: 1
            0x0c, 0x00,                         // item type: CIP Identity
            0x2d, 0x00,                         // item length: 45
            0x01, 0x00,                         // encapsulation protocol version: 1
            0x00, 0x02,                         // sin_family: 2 (big-endian)
            0xaf, 0x12,                         // sin_port: 44818 (big-endian)
            0x0a, 0x01, 0x01, 0xa4,             // sin_addr: 10.1.1.164
            0, 0, 0, 0, 0, 0, 0, 0,             // sin_zero
            0x01, 0x00,                         // vendor id: 1 (Rockwell Automation/Allen-Bradley)
            0x0c, 0x00,                         // device type: 12 (communications adapter)
            0x3a, 0x00,                         // product code: 58
            0x04, 0x03,                         // revision: 4.03
            0x30, 0x00,                         // status: 0x0030
            0x8e, 0x4d, 0x52, 0x00,             // serial number: 0x00524d8e
            0x0b, '1', '7', '5', '6', '-', 'E', 'N', 'B', 'T', '/', 'A', // product name (SHORT_STRING)
            0x03);                              // state: 3 (operational)

    /** Forward_Open to the Connection Manager (class 1 I/O to an assembly) and its successful reply. */
    static final byte[] FORWARD_OPEN = bytes(
            0x54, 0x02, 0x20, 0x06, 0x24, 0x01, // Forward_Open to the Connection Manager
            0x0A, 0x0E,                     // priority/time tick, timeout ticks
            0x00, 0x00, 0x00, 0x00,         // O->T connection id (the target chooses)
            0x11, 0x11, 0x11, 0x11,         // T->O connection id
            0x42, 0x00,                     // connection serial number
            0x4D, 0x00,                     // originator vendor id
            0x78, 0x56, 0x34, 0x12,         // originator serial number
            0x01, 0x00, 0x00, 0x00,         // timeout multiplier, reserved
            0x10, 0x27, 0x00, 0x00,         // O->T RPI: 10000 us
            0x02, 0x48,                     // O->T parameters: point to point, fixed, 2 bytes
            0x10, 0x27, 0x00, 0x00,         // T->O RPI: 10000 us
            0x02, 0x48,                     // T->O parameters
            0x01,                           // transport: class 1, cyclic
            0x03,                           // connection path: 3 words
            0x20, 0x04, 0x24, 0x65, 0x2C, 0x64); // assembly class, instance 0x65, connection point 0x64
    static final byte[] FORWARD_OPEN_REPLY = bytes(
            0xD4, 0x00, 0x00, 0x00,         // Forward_Open reply, success
            0x22, 0x22, 0x22, 0x22,         // O->T connection id
            0x11, 0x11, 0x11, 0x11,         // T->O connection id
            0x42, 0x00, 0x4D, 0x00, 0x78, 0x56, 0x34, 0x12, // serial, vendor, originator serial
            0x10, 0x27, 0x00, 0x00,         // O->T API
            0x10, 0x27, 0x00, 0x00,         // T->O API
            0x00, 0x00);                    // application reply size, reserved

    @Test
    void listIdentityPairsAndReportsTheDeviceIdentity() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50000, PLC, 44818).handshake(1_000);
        c.toServer(2_000, LIST_IDENTITY_REQUEST);
        c.toClient(2_500, LIST_IDENTITY_REPLY);
        w.finish();
        List<EventDoc> enip = w.protocol("enip");
        assertEquals(1, enip.size());
        EventDoc e = enip.get(0);
        assertEquals("list_identity", e.getString(Fields.EVENT_ACTION));
        assertEquals("discovery", e.getString(Fields.OT_OPERATION));
        assertEquals("both", e.getString(Fields.OT_SEEN));
        assertEquals("success", e.getString(Fields.EVENT_OUTCOME));
        assertEquals(500_000L, e.getLong(Fields.EVENT_DURATION));
        assertEquals(0x63L, e.getLong("enip.command"));
        assertEquals("00000000c1debed1", e.getString("enip.sender_context"));
        assertEquals("1756-ENBT/A", e.getString("cip.identity.product_name"));
        assertEquals("10.1.1.164:44818", e.getString("cip.identity.socket_address"));
        assertEquals("Communications Adapter", e.getString("cip.identity.device_type_name"));
        Map<String, String> facts = w.identities.stream().collect(Collectors.toMap(IdentityFact::field, IdentityFact::value));
        assertEquals("Rockwell Automation/Allen-Bradley", facts.get(Fields.DEVICE_MANUFACTURER));
        assertEquals("1756-ENBT/A", facts.get(Fields.DEVICE_MODEL_NAME));
        assertEquals("1756-ENBT/A", facts.get(Fields.DEVICE_MODEL_IDENTIFIER)); // the catalog number the name gives
        assertEquals("58", facts.get(Fields.DEVICE_PRODUCT_CODE));
        assertEquals("4.03", facts.get(Fields.DEVICE_FIRMWARE_VERSION));
        assertEquals("0x00524d8e", facts.get(Fields.DEVICE_SERIAL_NUMBER));
        assertTrue(w.identities.stream().allMatch(f -> f.ip().equals(PLC) && f.source().equals("enip.list_identity")));
    }

    @Test
    void twoPdusInOneSegmentAndOneSplitOverTwo() {
        byte[] register = encap(0x65, 0, 0, 1, bytes(0x01, 0x00, 0x00, 0x00)); // protocol version 1, options 0
        byte[] listServices = encap(0x04, 0, 0, 2, new byte[0]);
        byte[] registered = encap(0x65, 0x11223344L, 0, 1, bytes(0x01, 0x00, 0x00, 0x00));
        byte[] services = encap(0x04, 0, 0, 2, bytes(
                0x01, 0x00,                     // item count
                0x00, 0x01,                     // type: ListServices response
                0x14, 0x00,                     // length 20
                0x01, 0x00,                     // version 1
                0x20, 0x01,                     // capability flags: CIP over TCP, class 0/1 over UDP
                'C', 'o', 'm', 'm', 'u', 'n', 'i', 'c', 'a', 't', 'i', 'o', 'n', 's', 0, 0));
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50001, PLC, 44818).handshake(1_000);
        c.toServer(2_000, concat(register, listServices));
        c.toClient(3_000, Arrays.copyOfRange(registered, 0, 10));
        c.toClient(3_100, concat(Arrays.copyOfRange(registered, 10, registered.length), services));
        w.finish();
        List<EventDoc> enip = w.protocol("enip");
        assertEquals(2, enip.size());
        assertEquals("register_session", enip.get(0).getString(Fields.EVENT_ACTION));
        assertEquals(0x11223344L, enip.get(0).getLong("enip.session_handle"));
        assertEquals(1L, enip.get(0).getLong("enip.protocol_version"));
        assertEquals(1_100_000L, enip.get(0).getLong(Fields.EVENT_DURATION));
        assertEquals("list_services", enip.get(1).getString(Fields.EVENT_ACTION));
        assertEquals(List.of("Communications"), enip.get(1).get("enip.services"));
        assertEquals("both", enip.get(1).getString(Fields.OT_SEEN));
    }

    @Test
    void getAttributesAllOnIdentityGivesIdentityFacts() {
        byte[] request = bytes(
                0x01,                           // service: Get_Attributes_All
                0x02,                           // path size: 2 words
                0x20, 0x01,                     // class 1 (Identity)
                0x24, 0x01);                    // instance 1
        byte[] reply = bytes(
                0x81,                           // reply to Get_Attributes_All
                0x00,                           // reserved
                0x00,                           // general status: success
                0x00,                           // extended status size: 0
                0x01, 0x00,                     // vendor 1
                0x0e, 0x00,                     // device type 14 (PLC)
                0x36, 0x00,                     // product code 54
                0x10, 0x14,                     // revision 16.20
                0x60, 0x30,                     // status
                0x3f, 0x82, 0x51, 0x00,         // serial 0x0051823f
                0x14, '1', '7', '5', '6', '-', 'L', '6', '1', '/', 'B', ' ', 'L', 'O', 'G', 'I', 'X', '5', '5', '6', '1');
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50002, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendRRData(0x99, 7, request));
        c.toClient(2_010, sendRRData(0x99, 7, reply));
        w.finish();
        EventDoc e = w.protocol("cip").get(0);
        assertEquals("get_attributes_all", e.getString(Fields.EVENT_ACTION));
        assertEquals(1L, e.getLong("cip.service"));
        assertEquals(1L, e.getLong("cip.class_id"));
        assertEquals(1L, e.getLong("cip.instance_id"));
        assertEquals(0L, e.getLong("cip.general_status"));
        assertEquals(0x6FL, e.getLong("enip.command"));
        assertEquals("16.20", e.getString("cip.identity.revision"));
        assertTrue(w.identities.stream().anyMatch(f -> f.field().equals(Fields.DEVICE_MODEL_NAME)
                && f.value().equals("1756-L61/B LOGIX5561") && f.source().equals("cip.identity.get_attributes_all")
                && f.ip().equals(PLC)));
    }

    /** Get_Attributes_All on the Identity instance, and the reply of a 1756-L61/B (as in the QuickDraw reboot capture). */
    static final byte[] GET_IDENTITY = bytes(0x01, 0x02, 0x20, 0x01, 0x24, 0x01);
    static final byte[] L61_IDENTITY_REPLY = bytes(
            0x81, 0x00, 0x00, 0x00,         // reply to Get_Attributes_All, success
            0x01, 0x00, 0x0e, 0x00,         // vendor 1, device type 14 (PLC)
            0x36, 0x00, 0x10, 0x14,         // product code 54, revision 16.20
            0x60, 0x30, 0x3f, 0x82, 0x51, 0x00, // status, serial 0x0051823f
            0x14, '1', '7', '5', '6', '-', 'L', '6', '1', '/', 'B', ' ', 'L', 'O', 'G', 'I', 'X', '5', '5', '6', '1');

    /**
     * A class 3 connection opened through the module at PLC: out of its backplane to slot 2 (another EtherNet/IP
     * module), out of that one's port 2 to 10.0.0.5, and to slot 0 of that chassis. Identity read over the connection
     * is the device's at the end of the path, reported with the whole route (the address in it may be on another
     * network); on a connection whose Forward_Open was not seen it is counted, not guessed.
     */
    @Test
    void identityReadOverAConnectionBelongsToTheDeviceItsPathLeadsTo() {
        byte[] forwardOpen = bytes(
                0x54, 0x02, 0x20, 0x06, 0x24, 0x01, // Forward_Open to the Connection Manager
                0x0A, 0x0E,                     // priority/time tick, timeout ticks
                0x00, 0x00, 0x00, 0x00,         // O->T connection id (the target chooses)
                0x55, 0x55, 0x55, 0x55,         // T->O connection id
                0x43, 0x00, 0x4D, 0x00,         // connection serial, originator vendor
                0x78, 0x56, 0x34, 0x12,         // originator serial
                0x01, 0x00, 0x00, 0x00,         // timeout multiplier, reserved
                0x80, 0x84, 0x1E, 0x00, 0xF4, 0x43, // O->T RPI 2 s, parameters
                0x80, 0x84, 0x1E, 0x00, 0xF4, 0x43, // T->O RPI 2 s, parameters
                0xA3,                           // transport: class 3, server, application trigger
                0x09,                           // connection path: 9 words
                0x01, 0x02,                     // port 1 (backplane), slot 2
                0x12, 0x08, '1', '0', '.', '0', '.', '0', '.', '5', // port 2, 8-byte link address "10.0.0.5"
                0x01, 0x00,                     // port 1 (that chassis' backplane), slot 0
                0x20, 0x02, 0x24, 0x01);        // Message Router, instance 1
        byte[] forwardOpenReply = bytes(
                0xD4, 0x00, 0x00, 0x00,         // Forward_Open reply, success
                0x33, 0x33, 0x33, 0x33,         // O->T connection id
                0x55, 0x55, 0x55, 0x55,         // T->O connection id
                0x43, 0x00, 0x4D, 0x00, 0x78, 0x56, 0x34, 0x12, // serial, vendor, originator serial
                0x80, 0x84, 0x1E, 0x00, 0x80, 0x84, 0x1E, 0x00, // O->T API, T->O API
                0x00, 0x00);                    // application reply size, reserved
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50010, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendRRData(1, 9, forwardOpen));
        c.toClient(2_100, sendRRData(1, 9, forwardOpenReply));
        c.toServer(3_000, sendUnitData(1, 0x33333333L, 1, GET_IDENTITY));
        c.toClient(3_010, sendUnitData(1, 0x55555555L, 1, L61_IDENTITY_REPLY));
        // a connection this sensor never saw opened
        c.toServer(4_000, sendUnitData(1, 0x77777777L, 1, GET_IDENTITY));
        c.toClient(4_010, sendUnitData(1, 0x66666666L, 1, L61_IDENTITY_REPLY));
        w.finish();
        assertEquals("port 1/2 port 2/10.0.0.5 port 1/0 class 0x02 instance 1",
                w.protocol("cip").get(0).getString("cip.connection.path"));
        assertFalse(w.identities.isEmpty());
        assertTrue(w.identities.stream().allMatch(f -> f.ip().equals(PLC) && "1/2,2/10.0.0.5,1/0".equals(f.route())
                && f.mac() == null && f.source().equals("cip.identity.get_attributes_all")), () -> w.identities.toString());
        assertTrue(w.identities.stream().anyMatch(f -> f.field().equals(Fields.DEVICE_MODEL_IDENTIFIER)
                && f.value().equals("1756-L61/B")));
        assertEquals(7, w.identities.size(), "one report, not two");
        assertEquals(1, w.counter(EnipCounter.IDENTITY_NOT_ATTRIBUTED.counter));
    }

    /** Identity attributes 1-7 by Get_Attribute_List (as RSLinx reads them): the same identity; a partial list is none. */
    @Test
    void identityFromAnAttributeList() {
        byte[] full = bytes(
                0x07, 0x00,                     // 7 attributes
                0x01, 0x00, 0x00, 0x00, 0x01, 0x00, // 1 vendor: success, 1
                0x02, 0x00, 0x00, 0x00, 0x0c, 0x00, // 2 device type: success, 12 (communications adapter)
                0x03, 0x00, 0x00, 0x00, 0x3a, 0x00, // 3 product code: success, 58
                0x04, 0x00, 0x00, 0x00, 0x04, 0x03, // 4 revision: success, 4.03
                0x05, 0x00, 0x00, 0x00, 0x30, 0x00, // 5 status: success, 0x0030
                0x06, 0x00, 0x00, 0x00, 0x8e, 0x4d, 0x52, 0x00, // 6 serial: success, 0x00524d8e
                0x07, 0x00, 0x00, 0x00, 0x0b, '1', '7', '5', '6', '-', 'E', 'N', 'B', 'T', '/', 'A'); // 7 name
        CipIdentity id = CipIdentity.parseAttributeList(full, 0, full.length);
        assertEquals("1756-ENBT/A", id.productName());
        assertEquals("4.03", id.revision());
        assertEquals("0x00524d8e", id.serialHex());
        assertEquals("Communications Adapter", id.deviceTypeName());
        // six attributes, the serial number refused (status 0x14, attribute not supported: no value follows)
        byte[] partial = Arrays.copyOf(full, 36);
        partial[0] = 0x06;
        partial[34] = 0x14;
        assertNull(CipIdentity.parseAttributeList(partial, 0, partial.length));
        assertNull(CipIdentity.parseAttributeList(full, 0, 20), "cut short");
    }

    @Test
    void multipleServicePacketInsideUnconnectedSendIsUnwrapped() {
        byte[] readTag = bytes(
                0x4C,                           // Read_Tag
                0x08,                           // path: 8 words
                0x91, 0x0C, 'P', 'r', 'o', 'g', 'r', 'a', 'm', ':', 'M', 'a', 'i', 'n', // ANSI symbol "Program:Main"
                0x28, 0x02,                     // element 2
                0x01, 0x00);                    // elements: 1
        byte[] getSingle = bytes(0x0E, 0x03, 0x20, 0x01, 0x24, 0x01, 0x30, 0x01); // Get_Attribute_Single class 1 instance 1 attribute 1
        byte[] msp = concat(bytes(
                0x0A,                           // Multiple_Service_Packet
                0x02, 0x20, 0x02, 0x24, 0x01,   // path: Message Router, instance 1
                0x02, 0x00,                     // 2 services
                0x06, 0x00,                     // offset of the first (from the count)
                0x06 + 20, 0x00), readTag, getSingle); // second offset: after the 20-byte Read_Tag
        byte[] ucs = concat(bytes(
                0x52,                           // Unconnected_Send
                0x02, 0x20, 0x06, 0x24, 0x01,   // path: Connection Manager, instance 1
                0x0A,                           // priority/time tick
                0x0E,                           // timeout ticks
                msp.length, 0x00), msp, new byte[msp.length & 1], bytes(
                0x01,                           // route path: 1 word
                0x00,                           // reserved
                0x01, 0x00));                   // port 1, slot 0
        byte[] mspReply = bytes(
                0x8A, 0x00, 0x1E, 0x00,         // MSP reply, general status: embedded service error
                0x02, 0x00, 0x06, 0x00, 0x10, 0x00, // 2 replies at offsets 6 and 16
                0xCC, 0x00, 0x00, 0x00, 0xC4, 0x00, 0x2A, 0x00, 0x00, 0x00, // Read_Tag reply: DINT 42
                0x8E, 0x00, 0x05, 0x00);        // Get_Attribute_Single reply: path destination unknown
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50003, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendRRData(1, 9, ucs));
        c.toClient(2_050, sendRRData(1, 9, mspReply));
        w.finish();
        List<EventDoc> cip = w.protocol("cip");
        assertEquals(2, cip.size());
        EventDoc read = cip.get(0);
        assertEquals("read_tag", read.getString(Fields.EVENT_ACTION));
        assertEquals("read", read.getString(Fields.OT_OPERATION));
        assertEquals("Program:Main[2]", read.getString("cip.symbol"));
        assertEquals(List.of("unconnected_send", "multiple_service_packet"), read.get("cip.wrappers"));
        assertEquals("1/0", read.getString("cip.route_path"));
        assertEquals(0xC4L, read.getLong("cip.tag.data_type"));
        assertEquals("success", read.getString(Fields.EVENT_OUTCOME));
        EventDoc get = cip.get(1);
        assertEquals("get_attribute_single", get.getString(Fields.EVENT_ACTION));
        assertEquals(1L, get.getLong("cip.attribute_id"));
        assertEquals(5L, get.getLong("cip.general_status"));
        assertEquals("failure", get.getString(Fields.EVENT_OUTCOME));
    }

    @Test
    void connectedMessagesPairBySequenceCountEvenOutOfOrder() {
        byte[] readA = bytes(0x4C, 0x03, 0x91, 0x04, 'T', 'a', 'g', 'A', 0x01, 0x00); // Read_Tag "TagA", 1 element
        byte[] writeB = bytes(0x4D, 0x03, 0x91, 0x04, 'T', 'a', 'g', 'B', // Write_Tag "TagB"
                0xC3, 0x00, 0x01, 0x00, 0x05, 0x00);                    // INT, 1 element, value 5
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50004, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendUnitData(1, 0xAAAA0001L, 7, readA));
        c.toServer(2_001, sendUnitData(1, 0xAAAA0001L, 8, writeB));
        c.toClient(2_020, sendUnitData(1, 0xBBBB0001L, 8, bytes(0xCD, 0x00, 0x00, 0x00)));
        c.toClient(2_030, sendUnitData(1, 0xBBBB0001L, 7, bytes(0xCC, 0x00, 0x00, 0x00, 0xC3, 0x00, 0x05, 0x00)));
        w.finish();
        List<EventDoc> cip = w.protocol("cip");
        assertEquals(2, cip.size());
        EventDoc write = cip.get(0);
        assertEquals("write_tag", write.getString(Fields.EVENT_ACTION));
        assertEquals("write", write.getString(Fields.OT_OPERATION));
        assertEquals(8L, write.getLong("cip.connection.sequence"));
        assertEquals(0xAAAA0001L, write.getLong("cip.connection.id"));
        assertEquals(19_000L, write.getLong(Fields.EVENT_DURATION));
        assertEquals(0xC3L, write.getLong("cip.tag.data_type"));
        EventDoc read = cip.get(1);
        assertEquals(7L, read.getLong("cip.connection.sequence"));
        assertEquals(30_000L, read.getLong(Fields.EVENT_DURATION));
        assertEquals("TagA", read.getString("cip.symbol"));
    }

    @Test
    void forwardOpenTiesImplicitIoToItsConnection() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50005, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendRRData(1, 3, FORWARD_OPEN));
        c.toClient(2_100, sendRRData(1, 3, FORWARD_OPEN_REPLY));
        long[] sequences = {1, 2, 3, 5};
        for (int i = 0; i < sequences.length; i++) {
            w.udp(10_000 + i * 10_000L, PLC, 2222, CLIENT, 2222, io(0x11111111L, sequences[i], bytes(0x01, 0x00, 0xAA, 0xBB)));
        }
        w.finish();
        EventDoc fo = w.protocol("cip").get(0);
        assertEquals("forward_open", fo.getString(Fields.EVENT_ACTION));
        assertEquals("session", fo.getString(Fields.OT_OPERATION));
        assertEquals(0x22222222L, fo.getLong("cip.connection.o_t_id"));
        assertEquals(10_000L, fo.getLong("cip.connection.t_o_rpi_us"));
        assertEquals(1L, fo.getLong("cip.connection.transport_class"));
        assertEquals("class 0x04 instance 101 connection_point 100", fo.getString("cip.connection.path"));
        List<EventDoc> io = w.protocol("cip_io");
        assertEquals(1, io.size());
        EventDoc s = io.get(0);
        assertEquals("io_summary", s.getString(Fields.EVENT_ACTION));
        assertEquals(PLC, s.getString(Fields.SOURCE_IP));
        assertEquals("read", s.getString(Fields.OT_OPERATION));
        assertEquals("t_o", s.getString("cip.io.direction"));
        assertEquals(4L, s.getLong("cip.io.packets"));
        assertEquals(1L, s.getLong("cip.io.sequence_gaps"));
        assertEquals(1L, s.getLong("cip.io.lost_packets"));
        assertEquals(10_000L, s.getLong("cip.io.rpi_measured_us"));
        assertEquals(0L, s.getLong("cip.io.jitter_us"));
        assertEquals(10_000L, s.getLong("cip.io.rpi_expected_us"));
        assertEquals(fo.id(), s.getString("cip.connection.forward_open_event_id"));
    }

    @Test
    void ioIsSummarisedPerInterval() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        // 130 s of a 1 s RPI: two full minutes and a tail
        for (int i = 0; i <= 130; i++) {
            w.udp(1_000_000L * i, PLC, 2222, CLIENT, 2222, io(0x33L, i, bytes(0x00, 0x00)));
        }
        w.finish();
        List<EventDoc> io = w.protocol("cip_io");
        assertEquals(3, io.size());
        assertEquals(60L, io.get(0).getLong("cip.io.packets"));
        assertEquals(60L, io.get(1).getLong("cip.io.packets"));
        assertEquals(11L, io.get(2).getLong("cip.io.packets"));
        assertEquals(1_000_000L, io.get(1).getLong("cip.io.rpi_measured_us"));
        assertNull(io.get(0).get("cip.io.direction"));
    }

    @Test
    void ioConnectionsInterleavedOnOneFlowAreSummarisedEachInTheOrderFirstSeen() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        // six connections (more than the flow's first table holds), their packets interleaved, the third skipping one
        long[] ids = {0x10L, 0x20L, 0x30L, 0x40L, 0x50L, 0x60L};
        for (int round = 1; round <= 3; round++) {
            for (int c = 0; c < ids.length; c++) {
                long sequence = c == 2 && round == 3 ? 4 : round;
                w.udp(1_000_000L * round + c, PLC, 2222, CLIENT, 2222, io(ids[c], sequence, bytes(0x00, 0x00)));
            }
        }
        // a datagram whose item list is cut after a good one: the holder reused for it keeps nothing of the last
        w.udp(4_000_000L, PLC, 2222, CLIENT, 2222, bytes(0x02, 0x00, 0x02, 0x80, 0x08));
        w.finish();
        List<EventDoc> io = w.protocol("cip_io");
        List<EventDoc> summaries = io;
        assertEquals(Arrays.stream(ids).boxed().toList(),
                summaries.stream().map(d -> d.getLong("cip.connection.id")).toList());
        for (int c = 0; c < ids.length; c++) {
            assertEquals(3L, summaries.get(c).getLong("cip.io.packets"));
            assertEquals(c == 2 ? 1L : 0L, summaries.get(c).getLong("cip.io.lost_packets"));
        }
        List<EventDoc> malformed = w.transactions().stream()
                .filter(d -> "malformed".equals(d.getString(Fields.EVENT_ACTION))).toList();
        assertEquals(1, malformed.size());
        assertEquals("cip_io", malformed.get(0).getString(Fields.NETWORK_PROTOCOL));
        assertEquals("cpf_item_truncated", malformed.get(0).getString(Fields.OT_MALFORMED_REASON));
    }

    @Test
    void udpBroadcastListIdentityPairsRepliesFromOtherFlows() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        w.udp(1_000, CLIENT, 50010, "255.255.255.255", 44818, LIST_IDENTITY_REQUEST);
        w.udp(1_200, PLC, 44818, CLIENT, 50010, LIST_IDENTITY_REPLY);
        w.udp(1_300, "10.0.0.3", 44818, CLIENT, 50010, LIST_IDENTITY_REPLY);
        w.udp(5_000, CLIENT, 50011, "255.255.255.255", 44818, LIST_IDENTITY_REQUEST); // nobody answers
        w.finish();
        List<EventDoc> enip = w.protocol("enip");
        assertEquals(3, enip.size());
        EventDoc first = enip.get(0);
        assertEquals("both", first.getString(Fields.OT_SEEN));
        assertEquals(CLIENT, first.getString(Fields.SOURCE_IP));
        assertEquals(PLC, first.getString(Fields.DESTINATION_IP));
        assertEquals(200_000L, first.getLong(Fields.EVENT_DURATION));
        EventDoc second = enip.get(1);
        assertEquals("response", second.getString(Fields.OT_SEEN));
        assertEquals(Boolean.TRUE, second.get("enip.broadcast_reply"));
        assertEquals("10.0.0.3", second.getString(Fields.DESTINATION_IP));
        EventDoc unanswered = enip.get(2);
        assertEquals("request", unanswered.getString(Fields.OT_SEEN));
        assertEquals("unknown", unanswered.getString(Fields.EVENT_OUTCOME));
        assertEquals("255.255.255.255", unanswered.getString(Fields.DESTINATION_IP));
        assertTrue(w.identities.stream().anyMatch(f -> f.ip().equals("10.0.0.3")));
        assertTrue(w.identities.stream().anyMatch(f -> f.ip().equals(PLC)));
    }

    @Test
    void malformedInputIsCountedNotThrown() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50020, PLC, 44818).handshake(1_000);
        // SendRRData whose CPF announces an item longer than the data
        c.toServer(2_000, encap(0x6F, 1, 0, 0, bytes(0, 0, 0, 0, 0, 0, 0x01, 0x00, 0xB2, 0x00, 0x40, 0x00, 0x01)));
        // a CIP request that is its reply byte alone (a request cannot start with the reply bit)
        c.toServer(3_000, sendRRData(1, 0, bytes(0x8E)));
        // garbage, then a valid PDU: the framer resynchronises on the header
        c.toServer(4_000, concat(bytes(0xFF, 0xEE, 0xDD), LIST_IDENTITY_REQUEST));
        c.toClient(4_100, LIST_IDENTITY_REPLY);
        w.finish();
        List<String> reasons = w.events.stream().filter(e -> "malformed".equals(e.getString(Fields.OT_SEEN)))
                .map(e -> e.getString(Fields.OT_MALFORMED_REASON)).toList();
        assertEquals(List.of("cpf_item_truncated", "cip_reply_where_request_expected"), reasons);
        assertEquals(1L, w.counter("enip.malformed"));
        assertEquals(1L, w.counter("cip.malformed"));
        assertEquals(3L, w.counter("enip.bytes_skipped"));
        assertEquals(1, w.protocol("enip").stream().filter(e -> "list_identity".equals(e.getString(Fields.EVENT_ACTION))).count());
        assertEquals(0L, w.counter("enip.decoder_errors"));
    }

    @Test
    void unknownCommandIsReportedByNumberAndUnansweredRequestsExpire() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50030, PLC, 44818).handshake(1_000);
        c.toServer(2_000, encap(0x01, 0, 0, 5, new byte[0]));
        c.toClient(2_500, encap(0x01, 0, 1, 5, new byte[0])); // status: invalid command
        c.toServer(3_000, sendRRData(1, 6, bytes(0x05, 0x02, 0x20, 0x01, 0x24, 0x01))); // Reset, never answered
        c.toServer(40_000_000, encap(0x66, 1, 0, 0, new byte[0])); // UnRegisterSession (no reply by design)
        w.finish();
        List<EventDoc> enip = w.protocol("enip");
        assertEquals("command_0x0001", enip.get(0).getString(Fields.EVENT_ACTION));
        assertEquals("failure", enip.get(0).getString(Fields.EVENT_OUTCOME));
        assertEquals(1L, enip.get(0).getLong("enip.status"));
        EventDoc reset = w.protocol("cip").get(0);
        assertEquals("reset", reset.getString(Fields.EVENT_ACTION));
        assertEquals("control", reset.getString(Fields.OT_OPERATION));
        assertEquals("request", reset.getString(Fields.OT_SEEN));
        assertEquals("unregister_session", enip.get(1).getString(Fields.EVENT_ACTION));
        assertEquals("request", enip.get(1).getString(Fields.OT_SEEN));
    }

    // ---- the typed records handed downstream (what the inventory, baselines and rules read)

    /** The factories, with their sessions writing typed records into {@code out} instead of documents. */
    private static List<DissectorFactory> recording(List<Transaction> out, List<IdentityFact> identities) {
        Records records = new Records() {
            @Override
            public void transaction(Transaction t) {
                out.add(t);
            }

            @Override
            public void flowEnded(FlowRecord f) {
            }
        };
        DissectorContext typed = new DissectorContext(records, identities::add);
        return EnipFactory.factories().stream().<DissectorFactory>map(f -> new DissectorFactory() {
            @Override
            public Protocol protocol() {
                return f.protocol();
            }

            @Override
            public boolean handles(Flow flow) {
                return f.handles(flow);
            }

            @Override
            public FlowListener create(FlowSession session) {
                return f.create(new FlowSession(session.flow(), typed));
            }
        }).toList();
    }

    @Test
    void getAttributeSingleIsATypedCipTransaction() {
        byte[] request = bytes(
                0x0E,                           // Get_Attribute_Single
                0x03,                           // path: 3 words
                0x20, 0x01,                     // class 1 (Identity)
                0x24, 0x01,                     // instance 1
                0x30, 0x07);                    // attribute 7 (product name)
        byte[] reply = bytes(0x8E, 0x00, 0x00, 0x00, 0x03, 'A', 'B', 'C'); // success, SHORT_STRING "ABC"
        byte[] refused = bytes(0x8E, 0x00, 0x14, 0x00); // general status 0x14: attribute not supported
        List<Transaction> out = new ArrayList<>();
        WireFeeder w = new WireFeeder(DissectorWiring.of(recording(out, new ArrayList<>())));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50040, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendRRData(1, 1, request));
        c.toClient(2_040, sendRRData(1, 1, reply));
        c.toServer(3_000, sendRRData(1, 2, request));
        c.toClient(3_010, sendRRData(1, 2, refused));
        w.finish();
        assertEquals(2, out.size());
        Transaction t = out.get(0);
        assertEquals(Protocol.CIP, t.protocol());
        assertEquals("get_attribute_single", t.action());
        assertEquals(Operation.READ, t.operation());
        assertEquals(Outcome.SUCCESS, t.outcome());
        assertEquals(Seen.BOTH, t.seen());
        assertEquals(0x0E, t.function());
        assertEquals(-1, t.status());
        assertArrayEquals(new ObjectRef[] {ObjectRef.cip(1, 1, 7)}, t.objects());
        assertNull(t.values());
        assertEquals(List.of(), t.anomalies());
        assertNull(t.malformedReason());
        assertFalse(t.reversed());
        assertEquals(40_000L, t.durationNanos());
        assertEquals(CLIENT, t.sourceIp());
        Transaction failed = out.get(1);
        assertEquals(Outcome.FAILURE, failed.outcome());
        assertEquals(0x14, failed.status());
    }

    @Test
    void readTagOnASymbolNamesTheTag() {
        byte[] readTag = bytes(
                0x4C,                           // Read_Tag
                0x07,                           // path: 7 words
                0x91, 0x07, 'P', 'r', 'o', 'g', 'r', 'a', 'm', 0x00, // ANSI symbol "Program" + pad
                0x91, 0x02, 'T', 'x',           // ANSI symbol "Tx"
                0x01, 0x00);                    // elements: 1
        List<Transaction> out = new ArrayList<>();
        WireFeeder w = new WireFeeder(DissectorWiring.of(recording(out, new ArrayList<>())));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50041, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendUnitData(1, 0xAAAA0002L, 3, readTag));
        c.toClient(2_020, sendUnitData(1, 0xBBBB0002L, 3, bytes(0xCC, 0x00, 0x00, 0x00, 0xC4, 0x00, 0x2A, 0x00, 0x00, 0x00)));
        w.finish();
        assertEquals(1, out.size());
        Transaction t = out.get(0);
        assertEquals(Protocol.CIP, t.protocol());
        assertEquals("read_tag", t.action());
        assertEquals(Operation.READ, t.operation());
        assertEquals(Outcome.SUCCESS, t.outcome());
        assertEquals(Seen.BOTH, t.seen());
        assertEquals(0x4C, t.function());
        assertArrayEquals(new ObjectRef[] {ObjectRef.named("tag", "Program.Tx")}, t.objects());
        // the value read is not decoded: values stay null rather than guessed
        assertNull(t.values());
        assertEquals(1, t.detail().get("cip.tag.elements"));
        assertEquals(0xC4, t.detail().get("cip.tag.data_type"));
    }

    @Test
    void readModifyWriteTagCarriesItsMasksAsWrittenValues() {
        byte[] rmw = bytes(
                0x4E,                           // Read_Modify_Write_Tag
                0x03,                           // path: 3 words
                0x91, 0x03, 'B', 'i', 't', 0x00, // ANSI symbol "Bit" + pad
                0x02, 0x00,                     // mask size: 2 bytes
                0x01, 0x80,                     // OR masks: set bits 0 and 15
                0xFF, 0xFE);                    // AND masks: clear bit 8
        byte[] huge = bytes(0x4E, 0x03, 0x91, 0x03, 'B', 'i', 't', 0x00, 0x40, 0x00, 0x01); // 64-byte masks: not a mask
        List<Transaction> out = new ArrayList<>();
        WireFeeder w = new WireFeeder(DissectorWiring.of(recording(out, new ArrayList<>())));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50043, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendRRData(1, 1, rmw));
        c.toClient(2_020, sendRRData(1, 1, bytes(0xCE, 0x00, 0x00, 0x00)));
        c.toServer(3_000, sendRRData(1, 2, huge));
        c.toClient(3_020, sendRRData(1, 2, bytes(0xCE, 0x00, 0x00, 0x00)));
        w.finish();
        assertEquals(2, out.size());
        Transaction t = out.get(0);
        assertEquals("read_modify_write_tag", t.action());
        assertEquals(Operation.WRITE, t.operation());
        assertArrayEquals(new long[] {0x01, 0x80, 0xFF, 0xFE}, t.values(), "OR masks, then AND masks");
        assertTrue(t.valuesWritten());
        assertNull(out.get(1).values(), "a mask size past 12 bytes is not decoded");
    }

    @Test
    void forwardOpenAndItsIoAreTypedAndLinked() {
        List<Transaction> out = new ArrayList<>();
        WireFeeder w = new WireFeeder(DissectorWiring.of(recording(out, new ArrayList<>())));
        WireFeeder.Tcp c = w.tcp(CLIENT, 50042, PLC, 44818).handshake(1_000);
        c.toServer(2_000, sendRRData(1, 3, FORWARD_OPEN));
        c.toClient(2_100, sendRRData(1, 3, FORWARD_OPEN_REPLY));
        w.udp(10_000, PLC, 2222, CLIENT, 2222, io(0x11111111L, 1, bytes(0x01, 0x00)));
        w.udp(20_000, PLC, 2222, CLIENT, 2222, io(0x11111111L, 2, bytes(0x01, 0x00)));
        w.finish();
        Transaction fo = out.stream().filter(t -> t.protocol() == Protocol.CIP).findFirst().orElseThrow();
        assertEquals("forward_open", fo.action());
        assertEquals(Operation.SESSION, fo.operation());
        assertEquals(Outcome.SUCCESS, fo.outcome());
        assertEquals(Seen.BOTH, fo.seen());
        assertEquals(0x54, fo.function());
        assertEquals(-1, fo.status());
        assertArrayEquals(new ObjectRef[] {ObjectRef.cip(6, 1, -1)}, fo.objects());
        assertEquals(0x22222222L, fo.detail().get("cip.connection.o_t_id"));
        Transaction io = out.stream().filter(t -> t.protocol() == Protocol.CIP_IO).findFirst().orElseThrow();
        assertEquals("io_summary", io.action());
        // the target produces the T->O data: it is the source
        assertEquals(PLC, io.sourceIp());
        assertEquals(Operation.READ, io.operation());
        assertEquals(Seen.REQUEST, io.seen());
        assertEquals(fo.id(), io.detail().get("cip.connection.forward_open_event_id"));
    }

    @Test
    void listIdentityIsATypedEnipTransaction() {
        List<Transaction> out = new ArrayList<>();
        List<IdentityFact> facts = new ArrayList<>();
        WireFeeder w = new WireFeeder(DissectorWiring.of(recording(out, facts)));
        w.udp(1_000, CLIENT, 50050, "255.255.255.255", 44818, LIST_IDENTITY_REQUEST);
        w.udp(1_300, PLC, 44818, CLIENT, 50050, LIST_IDENTITY_REPLY);
        w.finish();
        assertEquals(1, out.size());
        Transaction t = out.get(0);
        assertEquals(Protocol.ENIP, t.protocol());
        assertEquals("list_identity", t.action());
        assertEquals(Operation.DISCOVERY, t.operation());
        assertEquals(Outcome.SUCCESS, t.outcome());
        assertEquals(Seen.BOTH, t.seen());
        assertEquals(0x63, t.function());
        assertEquals(-1, t.status());
        assertEquals(0, t.objects().length);
        assertEquals(List.of(), t.anomalies());
        assertEquals(300_000L, t.durationNanos());
        // recorded on the reply's flow (a broadcast is answered on other flows), the requester as the source
        assertEquals(CLIENT, t.sourceIp());
        assertEquals(PLC, t.destinationIp());
        assertEquals("1756-ENBT/A", t.detail().get("cip.identity.product_name"));
        assertFalse(facts.isEmpty());
        assertTrue(facts.stream().allMatch(f -> f.eventId().equals(t.id()) && f.ip().equals(PLC)));
    }

    @Test
    void catalogNumberIsTakenFromTheProductNameOnlyWhenItStartsWithOne() {
        assertEquals("1756-ENBT/A", CipIdentity.catalogNumber("1756-ENBT/A"));
        assertEquals("1756-L61/B", CipIdentity.catalogNumber("1756-L61/B LOGIX5561"));
        assertEquals("1769-L32E", CipIdentity.catalogNumber("1769-L32E Ethernet Port"));
        assertEquals(null, CipIdentity.catalogNumber("Protocol Parsing is fun!"));
        assertEquals(null, CipIdentity.catalogNumber("PowerFlex 525"));
        assertEquals(null, CipIdentity.catalogNumber(null));
    }
}
