package io.linewatch.dissectors.modbus;

import static io.linewatch.testkit.WireFeeder.concat;
import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.testkit.WireFeeder;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.schema.ModbusFields;
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
import org.junit.jupiter.api.Test;

/** The dissector over scripted TCP connections: framing, roles, pairing, bounds, non-Modbus traffic. */
class ModbusDissectorTest {
    // tid 1, unit 1: read holding registers from 107, quantity 3
    private static final byte[] READ_REQ_1 = hex("0001 0000 0006 01 03 006b 0003");
    // its response: 3 registers 555, 0, 100
    private static final byte[] READ_RESP_1 = hex("0001 0000 0009 01 03 06 022b 0000 0064");
    // tid 2, unit 1: write single register 1 := 3
    private static final byte[] WRITE_REQ_2 = hex("0002 0000 0006 01 06 0001 0003");
    private static final byte[] WRITE_RESP_2 = hex("0002 0000 0006 01 06 0001 0003");

    private static WireFeeder.Tcp conversation() {
        return new WireFeeder(DissectorWiring.of(List.of(new ModbusFactory()))).tcp("10.0.0.1", 40000, "10.0.0.2", 502);
    }

    private static List<EventDoc> modbus(WireFeeder c) {
        return c.transactions().stream().filter(e -> "modbus".equals(e.getString(Fields.NETWORK_PROTOCOL))).toList();
    }

    private static List<EventDoc> seen(WireFeeder c, String seen) {
        return modbus(c).stream().filter(e -> seen.equals(e.getString(Fields.OT_SEEN))).toList();
    }

    @Test
    void pairsRequestWithResponseAndCarriesTheRequestAddress() {
        WireFeeder c = conversation().handshake().toServer(READ_REQ_1).toClient(READ_RESP_1).close();
        List<EventDoc> events = modbus(c);
        assertEquals(1, events.size());
        EventDoc e = events.get(0);
        assertEquals("read_holding_registers", e.getString(Fields.EVENT_ACTION));
        assertEquals(Values.SEEN_BOTH, e.getString(Fields.OT_SEEN));
        assertEquals(Values.OUTCOME_SUCCESS, e.getString(Fields.EVENT_OUTCOME));
        assertEquals(Values.OP_READ, e.getString(Fields.OT_OPERATION));
        assertEquals(1_000_000L, e.getLong(Fields.EVENT_DURATION));
        assertEquals(107L, e.getLong(ModbusFields.ADDRESS));
        assertEquals(3L, e.getLong(ModbusFields.QUANTITY));
        assertEquals(List.of(555, 0, 100), e.get(ModbusFields.VALUES));
        assertEquals("10.0.0.1", e.getString(Fields.SOURCE_IP));
        assertEquals(502L, e.getLong(Fields.DESTINATION_PORT));
    }

    @Test
    void twoAdusInOneSegmentAndOneAduSplitOverThree() {
        byte[] both = concat(READ_REQ_1, WRITE_REQ_2);
        byte[] responses = concat(READ_RESP_1, WRITE_RESP_2);
        WireFeeder c = conversation().handshake()
                .toServer(both)
                // responses cut at awkward places: inside the MBAP header and inside the data
                .toClient(Arrays.copyOfRange(responses, 0, 3), Arrays.copyOfRange(responses, 3, 17),
                        Arrays.copyOfRange(responses, 17, responses.length))
                .close();
        List<EventDoc> events = seen(c, Values.SEEN_BOTH);
        assertEquals(2, events.size());
        assertEquals("read_holding_registers", events.get(0).getString(Fields.EVENT_ACTION));
        assertEquals("write_single_register", events.get(1).getString(Fields.EVENT_ACTION));
        assertEquals(List.of(3), events.get(1).get(ModbusFields.VALUES));
        assertEquals(0L, c.counter("modbus.malformed"));
    }

    @Test
    void streamJoinedMidwayResynchronisesWithoutMalformedRecords() {
        // no handshake: the capture starts 5 bytes into a request
        WireFeeder c = conversation()
                .toServer(concat(Arrays.copyOfRange(READ_REQ_1, 5, READ_REQ_1.length), WRITE_REQ_2))
                .toClient(WRITE_RESP_2)
                .end();
        List<EventDoc> events = modbus(c);
        assertEquals(1, events.size());
        assertEquals("write_single_register", events.get(0).getString(Fields.EVENT_ACTION));
        assertEquals(7L, c.counter("modbus.skipped_bytes"));
        assertEquals(0L, c.counter("modbus.malformed"));
    }

    @Test
    void nonModbusOnPort502IsRecognisedNotDecodedAndItsClientBytesAreMalformedRecords() {
        byte[] http = "GET / HTTP/1.1\r\nHost: 10.0.0.2\r\n\r\n\u0000\u0000\u0000\u0000\u0000\u0006\u0001\u0003\u0000\u0001\u0000\u0001"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        WireFeeder c = conversation().handshake().toServer(http).toClient(hex("0000 0000 0003 01 83 02")).close();
        // the MBAP-looking tail and the answer are not decoded; what the client sent is one malformed record
        List<EventDoc> records = modbus(c);
        assertEquals(1, records.size(), records.toString());
        assertEquals(Values.SEEN_MALFORMED, records.get(0).getString(Fields.OT_SEEN));
        assertEquals("46 bytes on the Modbus port that are not Modbus/TCP (starting 47 45 54 20)",
                records.get(0).getString(Fields.OT_MALFORMED_REASON));
        assertEquals(1L, c.counter("modbus.non_modbus_flows"));
        assertEquals(1L, c.counter("modbus.malformed"));
        EventDoc flow = c.events.get(c.events.size() - 1);
        assertEquals(Values.DATASET_FLOW, flow.getString(Fields.EVENT_DATASET));
        assertNull(flow.get("network.application"));
    }

    @Test
    void aLongNonModbusStreamMakesBoundedRecordsAndCountsTheRest() {
        WireFeeder.Tcp tcp = conversation().handshake();
        for (int i = 0; i < ModbusDissector.MAX_FOREIGN_RECORDS + 4; i++) {
            tcp.toServer(hex("1603 0100 0201 0055 5555")); // a TLS-like record, one segment each
        }
        WireFeeder c = tcp.close();
        assertEquals(ModbusDissector.MAX_FOREIGN_RECORDS, modbus(c).size());
        assertEquals(4L, c.counter("modbus.non_modbus_segments_not_recorded"));
    }

    @Test
    void unmatchedResponsesAndUnansweredRequestsAreReportedAndCounted() {
        WireFeeder c = conversation().handshake()
                .toClient(READ_RESP_1)       // nobody asked
                .toServer(WRITE_REQ_2)       // never answered
                .close();
        EventDoc response = seen(c, Values.SEEN_RESPONSE).get(0);
        assertEquals(3L, response.getLong(ModbusFields.FUNCTION_CODE));
        assertEquals(List.of(555, 0, 100), response.get(ModbusFields.VALUES));
        EventDoc request = seen(c, Values.SEEN_REQUEST).get(0);
        assertEquals(Values.OUTCOME_UNKNOWN, request.getString(Fields.EVENT_OUTCOME));
        assertNull(request.get(Fields.EVENT_DURATION));
        assertEquals(1L, c.counter("modbus.unmatched_responses"));
        assertEquals(1L, c.counter("modbus.unanswered_requests"));
    }

    @Test
    void aRequestUnansweredForThirtySecondsIsReportedWithoutWaitingForTheConnectionToEnd() {
        WireFeeder w = new WireFeeder(DissectorWiring.of(List.of(new ModbusFactory())));
        WireFeeder.Tcp t = w.tcp("10.0.0.1", 40000, "10.0.0.2", 502).handshake(1_000_000L)
                .toServer(1_000_001L, WRITE_REQ_2)                    // never answered
                .toServer(32_000_000L, READ_REQ_1);                   // 31 s later, the next request
        assertEquals(1, seen(w, Values.SEEN_REQUEST).size(), "reported before the connection ends");
        assertEquals(1L, w.counter("modbus.unanswered_requests"));
        assertEquals(1L, w.counter(ModbusCounter.REQUESTS_EXPIRED.counterName));
        WireFeeder c = t.toClient(32_000_010L, READ_RESP_1).close();
        assertEquals(1, seen(c, Values.SEEN_BOTH).size(), "the later request still pairs");
    }

    @Test
    void openTransactionsAreCapped() {
        WireFeeder.Tcp t = conversation().handshake();
        int sent = ModbusDissector.MAX_OPEN_TRANSACTIONS + 6;
        for (int tid = 0; tid < sent; tid++) {
            t.toServer(hex(String.format("%04x 0000 0006 01 03 0000 0001", tid)));
        }
        // the newest is still open and gets its answer
        WireFeeder c = t.toClient(hex(String.format("%04x 0000 0005 01 03 02 0007", sent - 1))).close();
        assertEquals(6L, c.counter(ModbusCounter.REQUESTS_EVICTED.counterName));
        assertEquals(sent - 1L, c.counter("modbus.unanswered_requests"));
        assertEquals(1, seen(c, Values.SEEN_BOTH).size());
        assertEquals(sent - 1, seen(c, Values.SEEN_REQUEST).size());
    }

    @Test
    void reusedTransactionIdClosesTheEarlierRequest() {
        WireFeeder c = conversation().handshake().toServer(READ_REQ_1, READ_REQ_1).toClient(READ_RESP_1).close();
        assertEquals(1, seen(c, Values.SEEN_REQUEST).size());
        assertEquals(1, seen(c, Values.SEEN_BOTH).size());
        assertEquals(1L, c.counter("modbus.duplicate_transaction_id"));
    }

    @Test
    void exceptionResponseIsAFailureOfTheRequestFunction() {
        WireFeeder c = conversation().handshake().toServer(READ_REQ_1)
                .toClient(hex("0001 0000 0003 01 83 02")).close(); // illegal data address
        EventDoc e = modbus(c).get(0);
        assertEquals(Values.OUTCOME_FAILURE, e.getString(Fields.EVENT_OUTCOME));
        assertEquals(3L, e.getLong(ModbusFields.FUNCTION_CODE));
        assertEquals(2L, e.getLong(ModbusFields.EXCEPTION_CODE));
        assertEquals("illegal_data_address", e.getString(ModbusFields.EXCEPTION_NAME));
        assertEquals(107L, e.getLong(ModbusFields.ADDRESS));
    }

    @Test
    void requestLongerOrShorterThanItsLayoutPairsWithItsReply() {
        WireFeeder c = conversation().handshake()
                .toServer(hex("0001 0000 0004 01 03 006b"), WRITE_REQ_2) // read without its quantity, then a good one
                .toClient(hex("0001 0000 0003 01 83 03"), WRITE_RESP_2)   // illegal data value, then the echo
                .close();
        assertTrue(seen(c, Values.SEEN_MALFORMED).isEmpty());
        List<EventDoc> both = seen(c, Values.SEEN_BOTH);
        assertEquals(2, both.size());
        EventDoc shortRead = both.get(0);
        assertEquals("read_holding_registers", shortRead.getString(Fields.EVENT_ACTION));
        assertEquals(3L, shortRead.getLong(ModbusFields.EXCEPTION_CODE));
        assertTrue(shortRead.getString(ModbusFields.LAYOUT_ERROR).startsWith("read_holding_registers request needs 4"));
        assertTrue(((List<?>) shortRead.get(Fields.OT_ANOMALIES)).contains("data_shorter_than_layout"));
        assertEquals(1L, c.counter("modbus.layout_mismatch"));
        assertEquals(0L, c.counter("modbus.malformed"));
    }

    @Test
    void captureGapInsideAnAduResynchronisesOnTheNextSegment() {
        WireFeeder c = conversation().handshake()
                .toServer(hex("0009 0000 0006 01 03 0000 0001")).toClient(hex("0009 0000 0005 01 03 02 0007"))
                .toServer(Arrays.copyOfRange(READ_REQ_1, 0, 4)).lostToServer(READ_REQ_1.length - 4) // rest of it lost
                .toServer(WRITE_REQ_2)
                .toClient(READ_RESP_1, WRITE_RESP_2).close();
        assertEquals(2, seen(c, Values.SEEN_BOTH).size());
        assertEquals(1, seen(c, Values.SEEN_RESPONSE).size());
        EventDoc cut = seen(c, Values.SEEN_MALFORMED).get(0);
        assertTrue(cut.getString(Fields.OT_MALFORMED_REASON).startsWith("ADU cut by a capture gap"));
    }

    @Test
    void deviceIdentificationFeedsTheAssetInventory() {
        WireFeeder c = conversation().handshake()
                .toServer(hex("0005 0000 0005 01 2b 0e 01 00"))
                .toClient(hex("0005 0000 0017 01 2b 0e 01 01 00 00 02 00 07 41636d6520436f 02 04 312e3233"))
                // vendor name "Acme Co", revision "1.23"
                .close();
        EventDoc e = modbus(c).get(0);
        assertEquals("read_device_identification", e.getString(Fields.EVENT_ACTION));
        assertEquals("Acme Co", e.getString("modbus.device_identification.vendor_name"));
        List<IdentityFact> facts = c.identities;
        assertEquals(2, facts.size());
        assertEquals(new IdentityFact(facts.get(0).timestampNanos(), "10.0.0.2", facts.get(0).mac(),
                Fields.DEVICE_MANUFACTURER, "Acme Co", ModbusDissector.IDENTITY_SOURCE, e.id()), facts.get(0));
        assertEquals(Fields.DEVICE_FIRMWARE_VERSION, facts.get(1).field());
    }

    @Test
    void rolesComeFromWhoOpenedTheConnectionNotFromThePort() {
        // a client whose source port happens to be 502 talks to a server on 1502
        WireFeeder c = new WireFeeder(DissectorWiring.of(List.of(new ModbusFactory()))).tcp("10.0.0.1", 502, "10.0.0.2", 1502)
                .handshake().toServer(READ_REQ_1).toClient(READ_RESP_1).close();
        EventDoc e = modbus(c).get(0);
        assertEquals(Values.SEEN_BOTH, e.getString(Fields.OT_SEEN));
        assertEquals(1502L, e.getLong(Fields.DESTINATION_PORT));
        assertEquals(List.of(555, 0, 100), e.get(ModbusFields.VALUES));
    }

    /** The Modbus factory with its transactions kept as the typed records the next stage receives. */
    private static final class TypedModbus implements DissectorFactory {
        final List<Transaction> transactions = new ArrayList<>();
        private final DissectorContext typed = new DissectorContext(new Records() {
            @Override
            public void transaction(Transaction t) {
                transactions.add(t);
            }

            @Override
            public void flowEnded(FlowRecord f) {
            }
        }, fact -> { });

        @Override
        public Protocol protocol() {
            return Protocol.MODBUS;
        }

        @Override
        public boolean handles(Flow flow) {
            return new ModbusFactory().handles(flow);
        }

        @Override
        public FlowListener create(FlowSession session) {
            return new ModbusDissector(new FlowSession(session.flow(), typed));
        }
    }

    @Test
    void transactionsCarryTypedSlots() {
        TypedModbus modbus = new TypedModbus();
        new WireFeeder(DissectorWiring.of(List.of(modbus))).tcp("10.0.0.1", 40000, "10.0.0.2", 502).handshake()
                // tid 3, unit 7: write multiple registers from 40 := 10, 258
                .toServer(hex("0003 0000 000b 07 10 0028 0002 04 000a 0102"))
                .toClient(hex("0003 0000 0006 09 10 0028 0002"))         // echo, from unit 9
                .toServer(READ_REQ_1).toClient(READ_RESP_1)               // read 107..109: 555, 0, 100
                .toServer(hex("0004 0000 0006 01 01 0013 000a"))          // read 10 coils from 19
                .toClient(hex("0004 0000 0003 01 81 02"))                 // exception: illegal data address
                .close();
        assertEquals(3, modbus.transactions.size());

        Transaction write = modbus.transactions.get(0);
        assertEquals(Protocol.MODBUS, write.protocol());
        assertEquals("write_multiple_registers", write.action());
        assertEquals(Operation.WRITE, write.operation());
        assertEquals(Outcome.SUCCESS, write.outcome());
        assertEquals(Seen.BOTH, write.seen());
        assertEquals(16, write.function());
        assertEquals(-1, write.subfunction());
        assertEquals(7, write.unit());
        assertEquals(-1, write.status());
        assertArrayEquals(new ObjectRef[] {ObjectRef.range("holding_registers", 40, 2)}, write.objects());
        assertArrayEquals(new long[] {10, 258}, write.values());
        assertTrue(write.valuesWritten());
        assertEquals(List.of(ModbusAnomaly.UNIT_ID_MISMATCH), write.anomalies());
        assertEquals(3, write.detail().get(ModbusFields.TRANSACTION_ID));

        Transaction read = modbus.transactions.get(1);
        assertEquals("read_holding_registers", read.action());
        assertEquals(Operation.READ, read.operation());
        assertEquals(3, read.function());
        assertEquals(1, read.unit());
        assertArrayEquals(new ObjectRef[] {ObjectRef.range("holding_registers", 107, 3)}, read.objects());
        assertArrayEquals(new long[] {555, 0, 100}, read.values());
        assertFalse(read.valuesWritten());
        assertEquals(List.of(), read.anomalies());
        assertEquals(1_000_000L, read.durationNanos());

        Transaction refused = modbus.transactions.get(2);
        assertEquals("read_coils", refused.action());
        assertEquals(Outcome.FAILURE, refused.outcome());
        assertEquals(1, refused.function());
        assertEquals(2, refused.status());
        assertArrayEquals(new ObjectRef[] {ObjectRef.range("coils", 19, 10)}, refused.objects());
        assertNull(refused.values());
        assertEquals(List.of(), refused.anomalies());
    }

    @Test
    void readWriteMultipleNamesTheReadThenTheWrittenRange() {
        TypedModbus modbus = new TypedModbus();
        new WireFeeder(DissectorWiring.of(List.of(modbus))).tcp("10.0.0.1", 40000, "10.0.0.2", 502).handshake()
                // read 6 from 3; write 3 to 14 := 0x00ff x3
                .toServer(hex("0017 0000 0011 01 17 0003 0006 000e 0003 06 00ff 00ff 00ff"))
                .toClient(hex("0017 0000 000f 01 17 0c 00fe 0acd 0001 0003 000d 00ff"))
                .close();
        Transaction t = modbus.transactions.get(0);
        assertArrayEquals(new ObjectRef[] {ObjectRef.range("holding_registers", 3, 6),
                ObjectRef.range("holding_registers", 14, 3)}, t.objects());
        assertArrayEquals(new long[] {255, 255, 255}, t.values());
        assertTrue(t.valuesWritten());
    }

    @Test
    void valuesSlotKeepsEveryValueWhileTheDocumentShowsTheFirst() {
        TypedModbus modbus = new TypedModbus();
        // write 300 coils from 0, all ON (38 bytes of 0xff, the last one padded)
        StringBuilder adu = new StringBuilder("0001 0000 002d 01 0f 0000 012c 26");
        adu.append(" ff".repeat(38));
        new WireFeeder(DissectorWiring.of(List.of(modbus))).tcp("10.0.0.1", 40000, "10.0.0.2", 502).handshake()
                .toServer(hex(adu.toString())).close();
        Transaction t = modbus.transactions.get(0);
        assertEquals(300, t.values().length);
        assertEquals(ModbusDecoder.MAX_VALUES, ((List<?>) t.detail().get(ModbusFields.VALUES)).size());
        assertEquals(true, t.detail().get(ModbusFields.VALUES_TRUNCATED));
    }
}
