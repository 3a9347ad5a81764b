package io.linewatch.dissectors.s7comm;

import static io.linewatch.dissectors.s7comm.S7Bytes.ackData;
import static io.linewatch.dissectors.s7comm.S7Bytes.job;
import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.transaction.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One PDU in, one message out: the decoders alone, without a flow. */
class S7commDecoderTest {
    private static S7commMessage decode(byte[] pdu) {
        return S7commDecoder.decode(pdu, 0, pdu.length);
    }

    @Test
    void writeVarItemAddressAndValue() {
        S7commMessage m = decode(job(8, hex("05 01 12 0a 10 02 0002 0005 84 000018"), // BYTE x2 at DB5.DBB3
                hex("00 04 0010 abcd"))); // reserved, BYTE/WORD/DWORD, 16 bits
        assertNull(m.malformedReason);
        assertEquals("write_var", m.action);
        assertEquals(Operation.WRITE, m.operation);
        assertEquals(List.of(new S7commMessage.Item(S7commMessage.Syntax.S7ANY, 0x10, 0x84, 5, 3, 0, 2, 0x02)), m.items);
        assertEquals(1, m.data.size());
        assertArrayEquals(hex("abcd"), m.data.get(0).value());
        assertEquals(2, m.data.get(0).valueBytes());
    }

    @Test
    void readVarResultsCutToTheirReturnCode() {
        S7commMessage m = decode(ackData(7, 0, 0, hex("04 02"), hex("ff 04 0008 2a 00" + "0a"))); // one byte + fill, then a cut item
        assertEquals(List.of(0xff, 0x0a), m.data.stream().map(S7commMessage.Data::returnCode).toList());
        assertEquals(-1, m.data.get(1).dataTransportSize());
    }

    @Test
    void aPduShorterThanItsLayoutIsStillAMessageOfItsFunction() {
        // header announces 16 parameter bytes, one is there: read var (0x04), its item count missing
        S7commMessage cut = decode(hex("32 01 0000 0005 0010 0000 04"));
        assertNull(cut.malformedReason);
        assertEquals("read_var", cut.action);
        assertEquals(Operation.READ, cut.operation);
        assertEquals(List.of(S7commAnomaly.PARAMETER_OR_DATA_TRUNCATED, S7commAnomaly.LAYOUT_TRUNCATED), cut.anomalies);
        // header consistent, but the item address stops after its specification byte
        S7commMessage shortItem = decode(job(9, hex("04 01 12 0a"), hex("")));
        assertEquals("read_var", shortItem.action);
        assertTrue(shortItem.anomalies.contains(S7commAnomaly.LAYOUT_TRUNCATED), shortItem.anomalies.toString());
    }

    @Test
    void badBytesGiveAMessageCarryingTheReason() {
        assertEquals("parameter_or_data_truncated", decode(hex("32 01 0000 0005 0010 0000")).malformedReason); // nothing after the header
        assertEquals("unknown_rosctr", decode(hex("32 09 0000 0006 0000 0000")).malformedReason);
        assertEquals("header_truncated", decode(hex("32 01 00")).malformedReason);
        byte[] plus = hex("72 02 0003 99 0000 72 02 0000"); // opcode 0x99 does not exist
        assertEquals("s7comm_plus_unknown_opcode", S7commPlusDecoder.decode(plus, 0, plus.length).malformedReason);
    }

    @Test
    void aShortBlockNameIsAnAnomaly() {
        S7commMessage m = decode(job(1, hex("1d 00 0000 00000000 03 5f3038"), hex(""))); // start upload "_08"
        assertNull(m.block);
        assertEquals(List.of(S7commAnomaly.SHORT_BLOCK_NAME), m.anomalies);
    }
}
