package io.linewatch.dissectors.enip;

import static io.linewatch.dissectors.enip.EnipBytes.encap;
import static io.linewatch.dissectors.enip.EnipBytes.sendUnitData;
import static io.linewatch.testkit.WireFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoders on their own: bytes in, the exact message out (errors and anomalies carried, never thrown). */
class EnipDecoderTest {
    @Test
    void connectedMessageLocatesItsCipAfterTheSequenceCount() {
        byte[] cip = bytes(0x0E, 0x03, 0x20, 0x01, 0x24, 0x01, 0x30, 0x07); // Get_Attribute_Single 1/1/7
        byte[] pdu = sendUnitData(5, 0x12345678L, 0x0102, cip);
        EnipMessage m = EnipDecoder.decode(pdu, 0, pdu.length, false, false, 1L);
        assertFalse(m.reply);
        assertEquals(EnipCommand.SEND_UNIT_DATA, m.command);
        assertNull(m.error);
        assertEquals(0x12345678L, m.connectionId);
        assertEquals(0x0102, m.sequence);
        assertEquals(cip.length, m.cipLength);
        assertEquals(0x0E, pdu[m.cipOffset]);
    }

    @Test
    void listIdentityReplyCarriesTheIdentity() {
        byte[] pdu = EnipDissectorTest.LIST_IDENTITY_REPLY;
        EnipMessage m = EnipDecoder.decode(pdu, 0, pdu.length, true, false, 1L);
        assertTrue(m.reply);
        assertEquals(1, m.protocolVersion);
        assertEquals("1756-ENBT/A", m.identity.productName());
        assertEquals("10.1.1.164:44818", m.identity.socketAddress());
        assertEquals(List.of(), m.anomalies());
    }

    @Test
    void onUdpADiscoveryCommandWithDataIsAReplyWhoeverSendsIt() {
        byte[] pdu = EnipDissectorTest.LIST_IDENTITY_REPLY;
        assertTrue(EnipDecoder.decode(pdu, 0, pdu.length, false, true, 1L).reply);
        byte[] request = EnipDissectorTest.LIST_IDENTITY_REQUEST;
        assertFalse(EnipDecoder.decode(request, 0, request.length, true, true, 1L).reply);
    }

    @Test
    void badBytesBecomeTheMessagesErrorOrAnomalies() {
        // SendRRData shorter than interface handle, timeout and item count
        byte[] shortSend = encap(0x6F, 1, 0, 0, bytes(0, 0, 0, 0, 0, 0));
        assertEquals("send_data_truncated", EnipDecoder.decode(shortSend, 0, shortSend.length, false, false, 1L).error);
        // ListIdentity reply whose only item is not an identity
        byte[] noIdentity = encap(0x63, 0, 0, 0, bytes(0x01, 0x00, 0x00, 0x01, 0x00, 0x00));
        EnipMessage m = EnipDecoder.decode(noIdentity, 0, noIdentity.length, true, false, 1L);
        assertNull(m.identity);
        assertEquals(List.of(EnipAnomaly.LIST_IDENTITY_WITHOUT_IDENTITY_ITEM), m.anomalies());
    }

    @Test
    void multipleServicePacketUnwrapsIntoLeavesAndRepliesApplyToThem() {
        byte[] msp = bytes(
                0x0A, 0x02, 0x20, 0x02, 0x24, 0x01, // Multiple_Service_Packet to the Message Router
                0x02, 0x00,                     // 2 services
                0x06, 0x00, 0x0C, 0x00,         // offsets 6 and 12 (from the count)
                0x0E, 0x02, 0x20, 0x01, 0x24, 0x01, // Get_Attribute_Single class 1 instance 1
                0x05, 0x02, 0x20, 0x01, 0x24, 0x01); // Reset class 1 instance 1
        CipDecoder.Parsed parsed = CipDecoder.request(msp, 0, msp.length, new PathCache());
        List<CipMessage> leaves = new ArrayList<>();
        parsed.request().leaves(leaves);
        assertEquals(2, leaves.size());
        assertEquals(CipService.GET_ATTRIBUTE_SINGLE, leaves.get(0).known);
        assertEquals(List.of("multiple_service_packet"), leaves.get(1).wrappers);
        byte[] reply = bytes(
                0x8A, 0x00, 0x1E, 0x00,         // MSP reply: embedded service error
                0x02, 0x00, 0x06, 0x00, 0x0A, 0x00, // 2 replies at offsets 6 and 10
                0x8E, 0x00, 0x00, 0x00,         // Get_Attribute_Single: success
                0x85, 0x00, 0x10, 0x00);        // Reset: device state conflict
        assertTrue(CipDecoder.applyReply(parsed.request(), reply, 0, reply.length, 9L));
        assertTrue(leaves.get(0).succeeded());
        assertEquals(0x10, leaves.get(1).generalStatus);
        assertEquals(9L, leaves.get(1).replyTimestamp);
    }

    @Test
    void aTruncatedRequestIsAReasonNotAnException() {
        // path size 9 words, 2 bytes present: still a Get_Attribute_Single (as Wireshark shows it), path cut
        CipMessage cutPath = CipDecoder.request(bytes(0x0E, 0x09, 0x20, 0x01), 0, 4, new PathCache()).request();
        assertEquals(0x0E, cutPath.service);
        assertEquals(1L, cutPath.path.classId);
        assertEquals(List.of(CipAnomaly.PATH_TRUNCATED), cutPath.anomalies);
        // Read_Tag, nothing more
        CipMessage serviceOnly = CipDecoder.request(bytes(0x4C), 0, 1, new PathCache()).request();
        assertEquals(List.of(CipAnomaly.REQUEST_TRUNCATED), serviceOnly.anomalies);
        assertEquals(CipAnomaly.REQUEST_TRUNCATED, CipDecoder.request(bytes(), 0, 0, new PathCache()).error());
        assertEquals(CipAnomaly.REPLY_WHERE_REQUEST_EXPECTED,
                CipDecoder.request(bytes(0x8E, 0x00), 0, 2, new PathCache()).error());
        CipMessage deep =
                CipDecoder.request(bytes(0x0A, 0x02, 0x20, 0x02, 0x24, 0x01, 0x05), 0, 7, new PathCache()).request();
        assertEquals(List.of(CipAnomaly.MULTIPLE_SERVICE_PACKET_TRUNCATED), deep.anomalies);
    }
}
