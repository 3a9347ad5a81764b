package io.linewatch.dissectors.s7comm;

import static io.linewatch.dissectors.s7comm.S7Bytes.dt;
import static io.linewatch.testkit.WireFeeder.concat;
import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.schema.Schema;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.testkit.WireFeeder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Byte-array tests of the S7comm-plus bodies that name engineering actions: operating state requests, program
 * objects created and deleted, block program read out, and the identity the CPU tells at session set-up. Layouts
 * as in {@link S7commPlusDecoder}; the vectors follow the public captures (stop and download by TIA Portal V17 on an
 * S7-1200 FW 4.x over protocol V3, the Wireshark wiki's S7-1200 V2 capture).
 */
class S7commPlusObjectsTest {
    private static final String DIGEST = "20" + "11".repeat(32);
    /** Object qualifier and fill after a SetVariable value, as TIA sends them. */
    private static final String QUALIFIER = "000004e8 8969 0012 00000000 896a 0013 00 896b 0004 00 00 00 00000000";

    private final WireFeeder w = new WireFeeder(DissectorWiring.of(List.of(new S7commFactory())));

    /** One whole S7comm-plus PDU: header (V3 with the integrity digest), data, trailer. */
    private static byte[] pdu(int version, String data) {
        byte[] body = hex((version == 3 ? DIGEST : "") + data);
        return concat(new byte[] {0x72, (byte) version, (byte) (body.length >> 8), (byte) body.length}, body,
                new byte[] {0x72, (byte) version, 0, 0});
    }

    /** The PDU in one COTP DT. */
    private static byte[] plus(int version, String data) {
        return dt(pdu(version, data));
    }

    private static String requestData(int function, int sequence, String body) {
        return String.format("31 0000 %04x 0000 %04x 0000038c 34 ", function, sequence) + body;
    }

    private static byte[] request(int version, int function, int sequence, String body) {
        return plus(version, requestData(function, sequence, body));
    }

    /** What the request names as objects (the transaction's typed slot). */
    private static ObjectRef[] objects(int version, int function, String body) {
        byte[] b = pdu(version, requestData(function, 9, body));
        S7commPlusMessage m = S7commPlusDecoder.decode(b, 0, b.length);
        assertNull(m.malformedReason);
        return m.objects();
    }

    private static byte[] response(int version, int function, int sequence, String body) {
        return plus(version, String.format("32 0000 %04x 0000 %04x 34 ", function, sequence) + body);
    }

    private EventDoc exchange(int version, int function, String requestBody) {
        WireFeeder.Tcp h = w.tcp("10.0.0.1", 49152, "10.0.0.2", 102).handshake();
        h.toServer(request(version, function, 9, requestBody)).toClient(response(version, function, 9, "00 00000000")).end();
        EventDoc e = w.only("s7comm_plus");
        assertEquals(List.of(), Schema.problems(e.asMap()), "every field is declared");
        return e;
    }

    @Test
    void setVariableOfTheOperatingStateRequestToOneStopsTheCpu() {
        // SetVariable: object 52 (CPUexecUnit), 1 address: 2167 (0x9077, OperatingStateREQ), DInt 1
        EventDoc e = exchange(3, 0x04f2, "00000034 01 9077 00 08 01 " + QUALIFIER);
        assertEquals("plc_stop", e.getString(Fields.EVENT_ACTION));
        assertEquals("control", e.getString(Fields.OT_OPERATION));
        assertEquals("success", e.getString(Fields.EVENT_OUTCOME));
        assertEquals(52L, e.getLong("s7comm_plus.object_id"));
        assertEquals(List.of(2167L), e.get("s7comm_plus.attribute_ids"));
        assertEquals(1L, e.getLong("s7comm_plus.operating_state_request"));
        assertArrayEquals(new ObjectRef[] {new ObjectRef("s7comm_plus_object", 52, -1, 2167, -1, -1, null)},
                objects(3, 0x04f2, "00000034 01 9077 00 08 01 " + QUALIFIER));
        assertEquals(0L, w.counter("s7comm_plus.bodies_not_decoded"));
    }

    @Test
    void operatingStateThreeIsRunAndOtherValuesAreARequestOfTheirOwn() {
        assertEquals("plc_start", exchange(3, 0x04f2, "00000034 01 9077 00 08 03 " + QUALIFIER).getString(Fields.EVENT_ACTION));
        WireFeeder other = new WireFeeder(DissectorWiring.of(List.of(new S7commFactory())));
        other.tcp("10.0.0.1", 49153, "10.0.0.2", 102).handshake()
                .toServer(request(3, 0x04f2, 4, "00000034 01 9077 00 08 02 " + QUALIFIER)).end();
        EventDoc e = other.only("s7comm_plus");
        assertEquals("operating_state_request", e.getString(Fields.EVENT_ACTION));
        assertEquals("control", e.getString(Fields.OT_OPERATION));
        assertEquals(2L, e.getLong("s7comm_plus.operating_state_request"));
    }

    @Test
    void setMultiVariablesOnTheCpuExecUnitNamesTheStateItWrites() {
        // object 52, 1 item, 1 id (2167), item 1 = DInt 1, end of items
        EventDoc e = exchange(2, 0x0542, "00000034 01 01 9077 01 00 08 01 00 " + QUALIFIER);
        assertEquals("plc_stop", e.getString(Fields.EVENT_ACTION));
        assertEquals(1L, e.getLong("s7comm_plus.operating_state_request"));
    }

    @Test
    void writingAnotherAttributeStaysAWrite() {
        // SetVariable on the session object (0x38c), attribute 323, UDInt 0
        EventDoc e = exchange(3, 0x04f2, "0000038c 01 8243 00 04 00 " + QUALIFIER);
        assertEquals("set_variable", e.getString(Fields.EVENT_ACTION));
        assertEquals("write", e.getString(Fields.OT_OPERATION));
        assertEquals(List.of(323L), e.get("s7comm_plus.attribute_ids"));
        assertNull(e.get("s7comm_plus.operating_state_request"));
        assertNull(objects(3, 0x04f2, "0000038c 01 8243 00 04 00 " + QUALIFIER));
    }

    @Test
    void creatingABlockObjectIsAProgramDownloadOfThatBlock() {
        // CreateObject under object 3 (PLCProgram): value UDInt 0, 4 zero bytes, integrity id 0, then the object:
        // RID 0x8a320001 (OB 1), class 2647 (0x9457, ProgramCycleOB), flags 0x20, attribute 0; name "Main";
        // a nested DB 1 (class 2574 = 0x940e); relation; end
        String body = "00000003 00 04 00 00000000 00"
                + " a1 8a320001 9457 20 00 a3 8169 00 15 04 4d61696e"
                + " a1 8a0e0001 940e 20 00 a3 9359 00 03 0001 a2"
                + " a4 8a32 00000000 a2 00000000";
        EventDoc e = exchange(2, 0x04ca, body);
        assertEquals("program_download", e.getString(Fields.EVENT_ACTION));
        assertEquals("program", e.getString(Fields.OT_OPERATION));
        assertEquals(3L, e.getLong("s7comm_plus.object_id"));
        assertEquals(2647L, e.getLong("s7comm_plus.class_id"));
        assertEquals("ProgramCycleOB", e.getString("s7comm_plus.class_name"));
        assertArrayEquals(new ObjectRef[] {ObjectRef.numbered("block_ob", 1), ObjectRef.numbered("block_db", 1)},
                objects(2, 0x04ca, body));
        assertEquals(0L, w.counter("s7comm_plus.bodies_not_decoded"));
    }

    @Test
    void creatingThePlcProgramIsAProgramDownload() {
        // V3 (TIA V17): object 1 parent, the PLCProgram object (RID 3, class 2520 = 0x9358) with a struct attribute
        String body = "00000001 00 04 00 00000000 0b"
                + " a1 00000003 9358 30 00 a3 8169 00 15 0a 504c4350726f6772616d"
                + " a3 9315 00 17 0000013a 823b 00 04 8200 00 a2 00000000";
        EventDoc e = exchange(3, 0x04ca, body);
        assertEquals("program_download", e.getString(Fields.EVENT_ACTION));
        assertEquals("PLCProgram", e.getString("s7comm_plus.class_name"));
        assertArrayEquals(new ObjectRef[] {new ObjectRef("s7comm_plus_object", 3, -1, -1, -1, -1, "PLCProgram")},
                objects(3, 0x04ca, body));
    }

    @Test
    void creatingASubscriptionIsNoDownload() {
        EventDoc e = exchange(2, 0x04ca, "00000120 00 04 00 00000000 00 a1 70000001 87 69 00 00 a2 00000000");
        assertEquals("create_object", e.getString(Fields.EVENT_ACTION));
        assertEquals("session", e.getString(Fields.OT_OPERATION));
        assertEquals(1001L, e.getLong("s7comm_plus.class_id"));
    }

    @Test
    void deletingABlockIsABlockDelete() {
        EventDoc e = exchange(3, 0x04d4, "8a0e0005 00 " + QUALIFIER);
        assertEquals("block_delete", e.getString(Fields.EVENT_ACTION));
        assertEquals("program", e.getString(Fields.OT_OPERATION));
        assertArrayEquals(new ObjectRef[] {ObjectRef.numbered("block_db", 5)}, objects(3, 0x04d4, "8a0e0005 00 " + QUALIFIER));
    }

    @Test
    void deletingTheSessionIsNot() {
        EventDoc e = exchange(3, 0x04d4, "0000038c 00 " + QUALIFIER);
        assertEquals("delete_object", e.getString(Fields.EVENT_ACTION));
        assertEquals("session", e.getString(Fields.OT_OPERATION));
    }

    @Test
    void readingABlocksBodyIsAProgramUpload() {
        // GetVarSubStreamed: object FB 2 (0x8a120002), address array of UDInt: 2 ids, 2533 (0x93 65) and 2544 (0x93 70)
        EventDoc e = exchange(3, 0x0586, "8a120002 20 04 02 9365 9370 " + QUALIFIER);
        assertEquals("program_upload", e.getString(Fields.EVENT_ACTION));
        assertEquals("program", e.getString(Fields.OT_OPERATION));
        assertEquals(List.of(2533L, 2544L), e.get("s7comm_plus.attribute_ids"));
        assertArrayEquals(new ObjectRef[] {ObjectRef.numbered("block_fb", 2)},
                objects(3, 0x0586, "8a120002 20 04 02 9365 9370 " + QUALIFIER));
    }

    @Test
    void readingStateAttributesIsARead() {
        // object 52, attributes 2237 (0x913d) and 3486 (AS_DIS.OperatingState, 0x9b1e)
        EventDoc e = exchange(3, 0x0586, "00000034 20 04 02 913d 9b1e " + QUALIFIER);
        assertEquals("get_var_sub_streamed", e.getString(Fields.EVENT_ACTION));
        assertEquals("read", e.getString(Fields.OT_OPERATION));
        assertNull(objects(3, 0x0586, "00000034 20 04 02 913d 9b1e " + QUALIFIER));
    }

    @Test
    void sessionSetUpAnswerTellsTheCpusOrderNumberAndFirmware() {
        WireFeeder.Tcp h = w.tcp("10.0.0.1", 49152, "10.0.0.2", 102).handshake();
        // CreateObject of the server session (V1, abridged), answered by the S7-1200 of the Wireshark wiki capture
        h.toServer(plus(1, "31 0000 04ca 0000 0001 00000120 36 0000011d 00 04 00 00000000 a1 000000d3 821f 00 00 a2 00000000"));
        h.toClient(dt(hex("7201007a32000004ca0000000136110287408707a100000120821f0000a38169001500a38232001700"
                + "00013a823b00048200823c00048140823d00048480c040823e00048480c040823f00151b313b36455337203231342d3148"
                + "4533302d30584230203b56322e328240001505323b37393382410003000300a20000000072010000"))).end();
        EventDoc e = w.only("s7comm_plus");
        assertEquals("6ES7 214-1HE30-0XB0", e.getString("s7comm_plus.order_number"));
        assertEquals("V2.2", e.getString("s7comm_plus.firmware_version"));
        assertEquals(17L, e.getLong("s7comm_plus.return_value"));
        Map<String, String> identity = new java.util.TreeMap<>();
        for (IdentityFact f : w.identities) {
            assertEquals("10.0.0.2", f.ip());
            assertEquals("s7comm_plus.session_version", f.source());
            identity.put(f.field(), f.value());
        }
        assertEquals(Map.of(Fields.DEVICE_MANUFACTURER, "Siemens", Fields.DEVICE_MODEL_IDENTIFIER, "6ES7 214-1HE30-0XB0",
                Fields.DEVICE_FIRMWARE_VERSION, "V2.2"), identity);
    }

    @Test
    void sessionVersionWithoutThreePartsGivesNoIdentity() {
        assertNull(S7commPlusDissector.identity("1;6ES7 214-1HE30-0XB0"));
        assertNull(S7commPlusDissector.identity(";;"));
        assertEquals(List.of("6ES7 215-1AG40-0XB0", "V4.3"), List.of(S7commPlusDissector.identity("1;6ES7 215-1AG40-0XB0 ;V4.3")));
    }

    @Test
    void aBodyThatDoesNotFitKeepsTheHeadAndIsCounted() {
        // SetVariable whose value has datatype 0x30 (none known): still a set_variable transaction
        EventDoc e = exchange(3, 0x04f2, "00000034 01 9077 00 30 01 " + QUALIFIER);
        assertEquals("operating_state_request", e.getString(Fields.EVENT_ACTION));
        assertNull(e.get("s7comm_plus.operating_state_request"));
        assertEquals(1L, w.counter("s7comm_plus.bodies_not_decoded"));
        assertEquals(0L, w.counter("s7comm_plus.malformed"));
    }

    @Test
    void signedVlqCarriesItsSignInBitSix() {
        assertEquals(1L, S7PlusValues.varInt(new io.linewatch.dissectors.common.ByteReader(hex("01"), 0, 1, "t")));
        assertEquals(-1L, S7PlusValues.varInt(new io.linewatch.dissectors.common.ByteReader(hex("7f"), 0, 1, "t")));
        assertEquals(-64L, S7PlusValues.varInt(new io.linewatch.dissectors.common.ByteReader(hex("40"), 0, 1, "t")));
        assertEquals(200L, S7PlusValues.varInt(new io.linewatch.dissectors.common.ByteReader(hex("8148"), 0, 2, "t")));
    }
}
