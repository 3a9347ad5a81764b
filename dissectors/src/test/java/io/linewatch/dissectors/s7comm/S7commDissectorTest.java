package io.linewatch.dissectors.s7comm;

import static io.linewatch.dissectors.s7comm.S7Bytes.ackData;
import static io.linewatch.dissectors.s7comm.S7Bytes.dt;
import static io.linewatch.dissectors.s7comm.S7Bytes.dtMore;
import static io.linewatch.dissectors.s7comm.S7Bytes.job;
import static io.linewatch.dissectors.s7comm.S7Bytes.tpkt;
import static io.linewatch.dissectors.s7comm.S7Bytes.userdata;
import static io.linewatch.testkit.WireFeeder.concat;
import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import io.linewatch.model.schema.S7commFields;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Byte-array tests: one per job function and userdata group, plus TPKT/COTP framing cases. */
class S7commDissectorTest {
    private static final String NO_DATA = "";

    private final WireFeeder w = new WireFeeder(DissectorWiring.of(List.of(new S7commFactory())));

    /** The client 10.0.0.1:49152 and the PLC 10.0.0.2:102, with or without the TCP handshake captured. */
    private WireFeeder.Tcp plc(boolean handshakeSeen) {
        WireFeeder.Tcp connection = w.tcp("10.0.0.1", 49152, "10.0.0.2", 102);
        return handshakeSeen ? connection.handshake() : connection;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Setup communication job and its Ack_Data, each in one COTP DT. */
    private static byte[][] setup(int ref) {
        return new byte[][] {
            dt(job(ref, hex("f0 00 0001 0001 01e0"), hex(NO_DATA))), // func F0, reserved, AmQ calling 1, called 1, PDU 480
            dt(ackData(ref, 0, 0, hex("f0 00 0001 0001 00f0"), hex(NO_DATA))), // negotiated PDU 240
        };
    }

    @Test
    void connectionRequestAndSetupCommunication() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(tpkt(hex("11 e0 0000 0001 00" // LI 17, CR, dst-ref 0, src-ref 1, class 0
                + "c1 02 0100" // calling TSAP 0100
                + "c2 02 0102" // called TSAP: connection type 1 (PG), rack 0, slot 2
                + "c0 01 0a"))); // TPDU size 2^10
        h.toClient(tpkt(hex("11 d0 0001 0044 00 c0 01 0a c1 02 0100 c2 02 0102"))); // CC echoing the parameters
        byte[][] s = setup(0x0100);
        h.toServer(s[0]).toClient(s[1]).end();

        EventDoc cotp = w.only("cotp");
        assertEquals("cotp_connect", cotp.getString(Fields.EVENT_ACTION));
        assertEquals("both", cotp.getString(Fields.OT_SEEN));
        assertEquals("0102", cotp.getString("cotp.called_tsap"));
        assertEquals(1024L, cotp.getLong("cotp.tpdu_size"));

        EventDoc e = w.only("s7comm");
        assertEquals("setup_communication", e.getString(Fields.EVENT_ACTION));
        assertEquals("session", e.getString(Fields.OT_OPERATION));
        assertEquals("success", e.getString(Fields.EVENT_OUTCOME));
        assertEquals("both", e.getString(Fields.OT_SEEN));
        assertEquals(1_000_000L, e.getLong(Fields.EVENT_DURATION));
        assertEquals(1L, e.getLong("s7comm.rosctr"));
        assertEquals(3L, e.getLong("s7comm.response_rosctr"));
        assertEquals(0xF0L, e.getLong("s7comm.function_code"));
        assertEquals(0x0100L, e.getLong("s7comm.pdu_reference"));
        assertEquals(480L, e.getLong("s7comm.setup.pdu_length_requested"));
        assertEquals(240L, e.getLong("s7comm.setup.pdu_length"));
        assertEquals(0L, e.getLong("s7comm.rack"));
        assertEquals(2L, e.getLong("s7comm.slot"));
        assertEquals(1L, e.getLong("s7comm.connection_type"));
        assertEquals("10.0.0.1", e.getString(Fields.SOURCE_IP));
    }

    @Test
    void aJobUnansweredForThirtySecondsIsReportedWhenTheNextOneIsSent() {
        WireFeeder.Tcp h = w.tcp("10.0.0.1", 49152, "10.0.0.2", 102).handshake(1_000_000L);
        byte[] plcStop = dt(job(1, hex("29 0000000000 00 09 505f50524f4752414d"), hex(NO_DATA))); // PLC stop, P_PROGRAM
        h.toServer(2_000_000L, plcStop);                   // never answered
        h.toServer(33_000_000L, setup(2)[0]);              // 31 s later
        List<EventDoc> now = w.protocol("s7comm");
        assertEquals(1, now.size(), "reported before the connection ends");
        assertEquals("plc_stop", now.get(0).getString(Fields.EVENT_ACTION));
        assertEquals("request", now.get(0).getString(Fields.OT_SEEN));
        assertEquals(1L, w.counter("s7comm.requests_expired"));
    }

    @Test
    void readVarItemsWithValues() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(job(7, hex("04 02" // Read Var, 2 items
                + "12 0a 10 02 0004 0001 84 000050" // S7ANY, BYTE x4, DB1, area DB, bit address 0x50 = byte 10 bit 0
                + "12 0a 10 01 0001 0000 83 000013"), // S7ANY, BIT x1, M, byte 2 bit 3
                hex(NO_DATA))));
        h.toClient(dt(ackData(7, 0, 0, hex("04 02"), hex(
                "ff 04 0020 01020304" // success, BYTE/WORD/DWORD, 32 bits, value
                + "ff 03 0001 01")))).end(); // success, BIT, 1 bit, value
        EventDoc e = w.only("s7comm");
        assertEquals("read_var", e.getString(Fields.EVENT_ACTION));
        assertEquals("read", e.getString(Fields.OT_OPERATION));
        assertEquals("success", e.getString(Fields.EVENT_OUTCOME));
        List<?> items = (List<?>) e.get("s7comm.items");
        assertEquals(2, items.size());
        Map<?, ?> first = (Map<?, ?>) items.get(0);
        assertEquals(0x84, first.get("area"));
        assertEquals("DB", first.get("area_name"));
        assertEquals(1, first.get("db"));
        assertEquals(10, first.get("address"));
        assertEquals(4, first.get("length"));
        assertEquals("01020304", first.get("value"));
        Map<?, ?> second = (Map<?, ?>) items.get(1);
        assertEquals(0x83, second.get("area"));
        assertEquals(2, second.get("address"));
        assertEquals(3, second.get("bit"));
        assertEquals("01", second.get("value"));
    }

    @Test
    void writeVarWithARejectedItemFails() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(job(8, hex("05 01 12 0a 10 02 0001 0000 82 000000"), // Write Var, 1 item, BYTE x1 at Q0.0
                hex("00 04 0008 ff")))); // reserved, BYTE/WORD/DWORD, 8 bits, value ff
        h.toClient(dt(ackData(8, 0, 0, hex("05 01"), hex("05")))).end(); // item return code 05: invalid address
        EventDoc e = w.only("s7comm");
        assertEquals("write_var", e.getString(Fields.EVENT_ACTION));
        assertEquals("write", e.getString(Fields.OT_OPERATION));
        assertEquals("failure", e.getString(Fields.EVENT_OUTCOME));
        Map<?, ?> item = (Map<?, ?>) ((List<?>) e.get("s7comm.items")).get(0);
        assertEquals("ff", item.get("value"));
        assertEquals(5, item.get("return_code"));
        assertEquals(0x82, item.get("area"));
    }

    @Test
    void plcStop() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(job(9, concat(hex("29 0000000000 09"), ascii("P_PROGRAM")), hex(NO_DATA)))); // func 29, reserved(5), name
        h.toClient(dt(ackData(9, 0, 0, hex("29"), hex(NO_DATA)))).end();
        EventDoc e = w.only("s7comm");
        assertEquals("plc_stop", e.getString(Fields.EVENT_ACTION));
        assertEquals("control", e.getString(Fields.OT_OPERATION));
        assertEquals("P_PROGRAM", e.getString("s7comm.pi.service"));
        assertEquals(0x29L, e.getLong("s7comm.function_code"));
    }

    /** PI-Service: func 28, reserved (7), parameter block length, block, name length, name. */
    private static byte[] pi(String block, String service) {
        return concat(hex("28 000000000000fd"), S7Bytes.u16(block.length()), ascii(block),
                new byte[] {(byte) service.length()}, ascii(service));
    }

    @Test
    void piServicesStartAndBlockDelete() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(job(10, pi("", "P_PROGRAM"), hex(NO_DATA))));
        h.toClient(dt(ackData(10, 0, 0, hex("28"), hex(NO_DATA))));
        h.toServer(dt(job(11, pi("C ", "P_PROGRAM"), hex(NO_DATA))));
        h.toClient(dt(ackData(11, 0, 0, hex("28"), hex(NO_DATA))));
        // _DELE parameter block: block count 1, reserved, block "0C00005P" (FC 5, passive)
        h.toServer(dt(job(12, pi("\u0001\u00000C00005P", "_DELE"), hex(NO_DATA))));
        h.toClient(dt(ackData(12, 0, 0, hex("28"), hex(NO_DATA))));
        h.toServer(dt(job(13, pi("EP", "_MODU"), hex(NO_DATA))));
        h.toClient(dt(ackData(13, 0xd2, 0x05, hex("28"), hex(NO_DATA)))).end(); // refused: error class D2
        List<EventDoc> e = w.protocol("s7comm");
        assertEquals(List.of("plc_hot_restart", "plc_cold_restart", "block_delete", "copy_ram_to_rom"),
                e.stream().map(d -> d.getString(Fields.EVENT_ACTION)).toList());
        assertEquals("control", e.get(1).getString(Fields.OT_OPERATION));
        assertEquals("program", e.get(2).getString(Fields.OT_OPERATION));
        assertEquals(0x0CL, e.get(2).getLong("s7comm.block_type"));
        assertEquals("FC", e.get(2).getString("s7comm.block_type_name"));
        assertEquals(5L, e.get(2).getLong("s7comm.block_number"));
        assertEquals("failure", e.get(3).getString(Fields.EVENT_OUTCOME));
        assertEquals(0xd2L, e.get(3).getLong("s7comm.error_class"));
        assertEquals(List.of("EP"), e.get(3).get("s7comm.pi.arguments"));
    }

    @Test
    void downloadIsPulledByThePlc() {
        WireFeeder.Tcp h = plc(true);
        // Request download: status, reserved, id, name "_0A00001P", part 2: '1', load memory 000500, MC7 000400
        h.toServer(dt(job(20, concat(hex("1a 00 0100 00000000 09"), ascii("_0A00001P"), hex("0d"), ascii("1000500000400")),
                hex(NO_DATA))));
        h.toClient(dt(ackData(20, 0, 0, hex("1a"), hex(NO_DATA))));
        // the PLC asks for the block: Download block job from PLC, Ack_Data with 4 bytes from the station
        h.toClient(dt(job(0x100, concat(hex("1b 00 0000 00000000 09"), ascii("_0A00001P")), hex(NO_DATA))));
        h.toServer(dt(ackData(0x100, 0, 0, hex("1b 00"), hex("0004 00fb aabbccdd"))));
        h.toClient(dt(job(0x101, concat(hex("1c 00 0000 00000000 09"), ascii("_0A00001P")), hex(NO_DATA))));
        h.toServer(dt(ackData(0x101, 0, 0, hex("1c"), hex(NO_DATA)))).end();
        List<EventDoc> e = w.protocol("s7comm");
        assertEquals(List.of("program_download", "download_block", "download_ended"),
                e.stream().map(d -> d.getString(Fields.EVENT_ACTION)).toList());
        assertEquals("10.0.0.1", e.get(0).getString(Fields.SOURCE_IP));
        assertEquals(500L, e.get(0).getLong("s7comm.load_memory_length"));
        assertEquals("10.0.0.2", e.get(1).getString(Fields.SOURCE_IP)); // the PLC is the requester here
        assertEquals("both", e.get(1).getString(Fields.OT_SEEN));
        assertEquals(4L, e.get(1).getLong("s7comm.transfer_bytes"));
        for (EventDoc d : e) {
            assertEquals(10L, d.getLong("s7comm.block_type"));
            assertEquals(1L, d.getLong("s7comm.block_number"));
            assertEquals("program", d.getString(Fields.OT_OPERATION));
        }
    }

    @Test
    void uploadBlockNamesFollowTheUploadId() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(job(30, concat(hex("1d 00 0000 00000000 09"), ascii("_0800001A")), hex(NO_DATA)))); // start upload OB1
        h.toClient(dt(ackData(30, 0, 0, concat(hex("1d 00 0100 00000007 07"), ascii("0000216")), hex(NO_DATA)))); // id 7
        h.toServer(dt(job(31, hex("1e 00 0000 00000007"), hex(NO_DATA)))); // upload, id 7
        h.toClient(dt(ackData(31, 0, 0, hex("1e 01"), hex("0004 00fb 01020304")))); // more data follows
        h.toServer(dt(job(32, hex("1f 00 0000 00000007"), hex(NO_DATA)))); // end upload
        h.toClient(dt(ackData(32, 0, 0, hex("1f"), hex(NO_DATA)))).end();
        List<EventDoc> e = w.protocol("s7comm");
        assertEquals(List.of("program_upload", "upload_block", "upload_ended"),
                e.stream().map(d -> d.getString(Fields.EVENT_ACTION)).toList());
        assertEquals(216L, e.get(0).getLong("s7comm.block_length"));
        assertEquals(7L, e.get(0).getLong("s7comm.upload_id"));
        assertEquals(true, e.get(1).get("s7comm.more_data"));
        for (EventDoc d : e) {
            assertEquals("OB", d.getString("s7comm.block_type_name"));
            assertEquals(1L, d.getLong("s7comm.block_number"));
        }
    }

    @Test
    void unansweredJobIsEmittedAtTheEnd() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(job(40, hex("00"), hex(NO_DATA)))).end(); // CPU services, never answered
        EventDoc e = w.only("s7comm");
        assertEquals("request", e.getString(Fields.OT_SEEN));
        assertEquals("unknown", e.getString(Fields.EVENT_OUTCOME));
        assertNull(e.get(Fields.EVENT_DURATION));
    }

    // ---- userdata ---------------------------------------------------------------------------------

    private static String moduleRecord(int index, String orderNumber, String versions) {
        StringBuilder mlfb = new StringBuilder(orderNumber);
        while (mlfb.length() < 20) {
            mlfb.append(' ');
        }
        return String.format("%04x", index) + toHex(mlfb.toString()) + "00c0" + versions;
    }

    private static String componentRecord(int index, String text) {
        byte[] t = Arrays.copyOf(ascii(text), 32);
        return String.format("%04x", index) + S7commDecoder.hex(t, 0, t.length);
    }

    private static String toHex(String s) {
        byte[] b = ascii(s);
        return S7commDecoder.hex(b, 0, b.length);
    }

    @Test
    void readSzlModuleIdentificationFeedsTheInventory() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(userdata(0x200, hex("000112 04 11 44 01 00"), // head, length 4, request, type 4 group 4, Read SZL, seq 0
                hex("ff 09 0004 0011 0000")))); // success, octet string, 4 bytes: SZL 0x0011 index 0
        String records = moduleRecord(0x0001, "6ES7 315-2EH14-0AB0", "0003 0001")
                + moduleRecord(0x0007, "", "5603 0207"); // firmware 'V' 3 . 2 . 7
        byte[] data = hex("0011 0000 001c 0002" + records); // id, index, record length 28, 2 records
        h.toClient(dt(userdata(0x200, hex("000112 08 12 84 01 01 00 00 0000"), // response, last unit, no error
                concat(hex("ff 09"), S7Bytes.u16(data.length), data)))).end();
        EventDoc e = w.only("s7comm");
        assertEquals("read_szl", e.getString(Fields.EVENT_ACTION));
        assertEquals("discovery", e.getString(Fields.OT_OPERATION));
        assertEquals(7L, e.getLong("s7comm.rosctr"));
        assertEquals(4L, e.getLong("s7comm.userdata.group"));
        assertEquals(1L, e.getLong("s7comm.userdata.subfunction"));
        assertEquals(0x11L, e.getLong("s7comm.szl_id"));
        assertEquals("V3.2.7", e.getString("s7comm.szl.firmware_version"));
        Map<String, String> facts = w.identities.stream()
                .collect(Collectors.toMap(IdentityFact::field, IdentityFact::value));
        assertEquals("6ES7 315-2EH14-0AB0", facts.get(Fields.DEVICE_MODEL_IDENTIFIER));
        assertEquals("V3.2.7", facts.get(Fields.DEVICE_FIRMWARE_VERSION));
        assertEquals("Siemens", facts.get(Fields.DEVICE_MANUFACTURER));
        for (IdentityFact f : w.identities) {
            assertEquals("10.0.0.2", f.ip());
            assertEquals("s7comm.szl_0x0011", f.source());
            assertEquals(e.id(), f.eventId());
        }
    }

    @Test
    void fragmentedComponentIdentificationIsReassembled() {
        WireFeeder.Tcp h = plc(true);
        byte[] records = hex(componentRecord(0x0005, "S C-B1U393142011") + componentRecord(0x0007, "CPU 315-2 PN/DP"));
        byte[] first = concat(hex("001c 0000 0022 0002"), Arrays.copyOfRange(records, 0, 44)); // header + 1.3 records
        byte[] rest = Arrays.copyOfRange(records, 44, records.length);
        h.toServer(dt(userdata(0x300, hex("000112 04 11 44 01 00"), hex("ff 09 0004 001c 0000"))));
        h.toClient(dt(userdata(0x300, hex("000112 08 12 84 01 01 d5 01 0000"), // data unit d5, more follow
                concat(hex("ff 09"), S7Bytes.u16(first.length), first))));
        h.toServer(dt(userdata(0x301, hex("000112 08 12 44 01 01 00 00 0000"), hex("0a 00 0000")))); // follow-up request
        h.toClient(dt(userdata(0x301, hex("000112 08 12 84 01 01 d5 00 0000"), // same unit, last
                concat(hex("ff 09"), S7Bytes.u16(rest.length), rest)))).end();
        List<EventDoc> e = w.protocol("s7comm");
        assertEquals(2, e.size());
        assertEquals(0x1cL, e.get(1).getLong("s7comm.szl_id")); // the follow-up carries the SZL id it continues
        assertEquals("S C-B1U393142011", e.get(1).getString("s7comm.szl.serial_number"));
        assertEquals("CPU 315-2 PN/DP", e.get(1).getString("s7comm.szl.module_type_name"));
        Map<String, String> facts = w.identities.stream()
                .collect(Collectors.toMap(IdentityFact::field, IdentityFact::value));
        assertEquals("S C-B1U393142011", facts.get(Fields.DEVICE_SERIAL_NUMBER));
        assertEquals("CPU 315-2 PN/DP", facts.get(Fields.DEVICE_MODEL_NAME));
        assertEquals(1L, w.counter("s7comm.szl_fragmented"));
    }

    @Test
    void cyclicSubscriptionAndPushes() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(userdata(0x400, hex("000112 04 11 42 01 00"), // request, group 2 cyclic, subfunction 1
                hex("ff 09 0010 0001 01 05" // 16 bytes: 1 item, time base 1 s, factor 5
                        + "12 0a 10 02 0002 0001 84 000000")))); // DB1.DBB0, 2 bytes
        h.toClient(dt(userdata(0x400, hex("000112 08 12 82 01 01 00 00 0000"), hex("0a 00 0000"))));
        h.toClient(dt(userdata(0x401, hex("000112 08 12 02 01 01 00 00 0000"), // type 0: pushed by the PLC
                hex("ff 09 0008 0001 ff 04 0010 abcd")))).end(); // 1 item, success, 16 bits
        List<EventDoc> e = w.protocol("s7comm");
        assertEquals("cyclic_subscribe", e.get(0).getString(Fields.EVENT_ACTION));
        assertEquals("success", e.get(0).getString(Fields.EVENT_OUTCOME));
        assertEquals(5000L, e.get(0).getLong("s7comm.cyclic.interval_ms"));
        assertEquals(1, ((List<?>) e.get(0).get("s7comm.items")).size());
        assertEquals("cyclic_data", e.get(1).getString(Fields.EVENT_ACTION));
        assertEquals("response", e.get(1).getString(Fields.OT_SEEN));
        assertEquals("push", e.get(1).getString("s7comm.userdata.type"));
        assertEquals("10.0.0.1", e.get(1).getString(Fields.SOURCE_IP)); // the subscriber stays the source
        assertEquals("abcd", ((Map<?, ?>) ((List<?>) e.get(1).get("s7comm.items")).get(0)).get("value"));
    }

    @Test
    void aModeTransitionPushTellsTheCpuMode() {
        WireFeeder.Tcp h = plc(true);
        // push, group 0 mode transition; the subfunction is the mode entered (Wireshark: 0 STOP, 2 RUN)
        h.toClient(dt(userdata(0x600, hex("000112 04 11 00 00 00"), new byte[0])));
        h.toClient(dt(userdata(0x601, hex("000112 04 11 00 02 00"), new byte[0])));
        h.toClient(dt(userdata(0x602, hex("000112 04 11 00 07 00"), new byte[0]))).end(); // a code not in the table
        List<EventDoc> e = w.protocol("s7comm");
        assertEquals(3, e.size());
        assertEquals(List.of("stop", "run", "mode_7"), w.identities.stream().map(IdentityFact::value).toList());
        for (int i = 0; i < 3; i++) {
            IdentityFact f = w.identities.get(i);
            assertEquals(Fields.DEVICE_CPU_MODE, f.field());
            assertEquals("10.0.0.2", f.ip(), "the PLC that pushed it");
            assertEquals("s7comm.mode_transition", f.source());
            assertEquals(e.get(i).id(), f.eventId());
        }
    }

    @Test
    void blockInfoProgrammerSecurityAndTimeGroups() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(userdata(0x500, hex("000112 04 11 43 03 00"), concat(hex("ff 09 0008"), ascii("0A00001A")))));
        h.toClient(dt(userdata(0x500, hex("000112 08 12 83 03 01 00 00 d209"), hex("0a 00 0000")))); // block not found
        h.toServer(dt(userdata(0x501, hex("000112 04 11 45 01 00"), hex("ff 09 0008 0102030405060708")))); // password
        h.toClient(dt(userdata(0x501, hex("000112 08 12 85 01 01 00 00 0000"), hex("0a 00 0000"))));
        h.toServer(dt(userdata(0x502, hex("000112 04 11 47 01 00"), hex("0a 00 0000")))); // read clock
        h.toClient(dt(userdata(0x502, hex("000112 08 12 87 01 01 00 00 0000"),
                hex("ff 09 000a 00 19 16 02 08 23 08 10 00 02")))); // BCD 2016-02-08 23:08:10.000, Monday
        h.toServer(dt(userdata(0x503, hex("000112 04 11 41 0c 00"), hex("0a 00 0000")))).end(); // memory reset, no answer
        List<EventDoc> e = w.protocol("s7comm");
        assertEquals(List.of("get_block_info", "plc_password", "read_clock", "memory_reset"),
                e.stream().map(d -> d.getString(Fields.EVENT_ACTION)).toList());
        assertEquals("failure", e.get(0).getString(Fields.EVENT_OUTCOME));
        assertEquals(0xd2L, e.get(0).getLong("s7comm.error_class"));
        assertEquals(0x09L, e.get(0).getLong("s7comm.error_code"));
        assertEquals("DB", e.get(0).getString("s7comm.block_type_name"));
        assertEquals("session", e.get(1).getString(Fields.OT_OPERATION));
        assertFalse(e.get(1).toString().contains("0102030405060708"), "password bytes are never logged");
        assertEquals("2016-02-08T23:08:10.000", e.get(2).getString("s7comm.clock"));
        assertEquals("control", e.get(3).getString(Fields.OT_OPERATION));
        assertEquals("request", e.get(3).getString(Fields.OT_SEEN));
    }

    // ---- typed slots ------------------------------------------------------------------------------

    /** The transactions as the dissector hands them downstream (before any document is built). */
    private final List<Transaction> records = new ArrayList<>();

    /** A connection whose transactions are kept typed: the S7comm dissector, given a session that records them. */
    private WireFeeder.Tcp typedPlc() {
        S7commFactory s7 = new S7commFactory();
        DissectorContext typedContext = new DissectorContext(new Records() {
            @Override
            public void transaction(Transaction t) {
                records.add(t);
            }

            @Override
            public void flowEnded(FlowRecord f) {
                // not under test
            }
        }, fact -> { });
        WireFeeder feeder = new WireFeeder(DissectorWiring.of(List.of(new DissectorFactory() {
            @Override
            public Protocol protocol() {
                return s7.protocol();
            }

            @Override
            public boolean handles(Flow flow) {
                return s7.handles(flow);
            }

            @Override
            public FlowListener create(FlowSession session) {
                return s7.create(new FlowSession(session.flow(), typedContext));
            }
        })));
        WireFeeder.Tcp h = feeder.tcp("10.0.0.1", 49152, "10.0.0.2", 102).handshake();
        h.toServer(tpkt(hex("11 e0 0000 0001 00 c1 02 0100 c2 02 0102 c0 01 0a"))); // CR to rack 0, slot 2
        h.toClient(tpkt(hex("11 d0 0001 0044 00 c0 01 0a c1 02 0100 c2 02 0102")));
        return h;
    }

    private Transaction onlyTyped(Protocol protocol) {
        List<Transaction> l = records.stream().filter(t -> t.protocol() == protocol).toList();
        assertEquals(1, l.size(), l.toString());
        return l.get(0);
    }

    @Test
    void typedSlotsOfAReadVar() {
        WireFeeder.Tcp h = typedPlc();
        h.toServer(dt(concat(job(7, hex("04 01 12 0a 10 04 0002 0001 84 000050"), // Read Var: WORD x2 at DB1.DBW10
                hex(NO_DATA)), hex("00")))); // one byte past the announced parameter and data
        h.toClient(dt(ackData(7, 0, 0, hex("04 01"), hex("ff 04 0020 0102fffe")))).end(); // 32 bits: 0x0102, 0xfffe
        Transaction cotp = onlyTyped(Protocol.COTP);
        assertEquals("cotp_connect", cotp.action());
        assertEquals(Operation.SESSION, cotp.operation());
        assertEquals(2, cotp.unit());
        Transaction t = onlyTyped(Protocol.S7COMM);
        assertEquals("read_var", t.action());
        assertEquals(Operation.READ, t.operation());
        assertEquals(Outcome.SUCCESS, t.outcome());
        assertEquals(Seen.BOTH, t.seen());
        assertEquals(0x04, t.function());
        assertEquals(-1, t.subfunction());
        assertEquals(2, t.unit());
        assertEquals(-1, t.status());
        assertArrayEquals(new ObjectRef[] {ObjectRef.range("db", 1, 10, 2)}, t.objects());
        assertArrayEquals(new long[] {0x0102, 0xfffe}, t.values());
        assertFalse(t.valuesWritten());
        assertEquals(List.of(S7commAnomaly.TRAILING_BYTES), t.anomalies());
        assertEquals(1_000_000L, t.durationNanos());
        assertNull(t.malformedReason());
    }

    @Test
    void pollsOfTheSameItemsShareTheirObjectsAndOtherItemsGetTheirOwn() {
        WireFeeder.Tcp h = typedPlc();
        String db1 = "04 01 12 0a 10 04 0002 0001 84 000050"; // Read Var: WORD x2 at DB1.DBW10
        String db2 = "04 01 12 0a 10 04 0002 0002 84 000050"; // the same in DB2
        String[] polls = {db1, db1, db2, db1};
        for (int i = 0; i < polls.length; i++) {
            h.toServer(dt(job(20 + i, hex(polls[i]), hex(NO_DATA))));
            h.toClient(dt(ackData(20 + i, 0, 0, hex("04 01"), hex("ff 04 0020 0102fffe"))));
        }
        h.end();
        List<ObjectRef[]> objects = records.stream().filter(t -> t.protocol() == Protocol.S7COMM)
                .map(Transaction::objects).toList();
        assertEquals(4, objects.size());
        assertSame(objects.get(0), objects.get(1));
        assertArrayEquals(new ObjectRef[] {ObjectRef.range("db", 2, 10, 2)}, objects.get(2));
        assertArrayEquals(new ObjectRef[] {ObjectRef.range("db", 1, 10, 2)}, objects.get(3));
    }

    @Test
    void typedSlotsOfAWriteVar() {
        WireFeeder.Tcp h = typedPlc();
        h.toServer(dt(job(8, hex("05 01 12 0a 10 05 0001 0000 82 000010"), // Write Var: INT x1 at QW2
                hex("00 04 0010 fffe")))); // BYTE/WORD/DWORD, 16 bits, -2
        h.toClient(dt(ackData(8, 0, 0, hex("05 01"), hex("ff")))).end();
        Transaction t = onlyTyped(Protocol.S7COMM);
        assertEquals("write_var", t.action());
        assertEquals(Operation.WRITE, t.operation());
        assertEquals(Outcome.SUCCESS, t.outcome());
        assertEquals(0x05, t.function());
        assertArrayEquals(new ObjectRef[] {ObjectRef.range("outputs", -1, 2, 1)}, t.objects());
        assertArrayEquals(new long[] {-2}, t.values());
        assertTrue(t.valuesWritten());
        assertTrue(t.anomalies().isEmpty());
    }

    @Test
    void typedSlotsOfARefusedPlcStop() {
        WireFeeder.Tcp h = typedPlc();
        h.toServer(dt(job(9, concat(hex("29 0000000000 09"), ascii("P_PROGRAM")), hex(NO_DATA))));
        h.toClient(dt(ackData(9, 0x81, 0x04, hex("29"), hex(NO_DATA)))).end(); // error class 0x81, code 0x04
        Transaction t = onlyTyped(Protocol.S7COMM);
        assertEquals("plc_stop", t.action());
        assertEquals(Operation.CONTROL, t.operation());
        assertEquals(Outcome.FAILURE, t.outcome());
        assertEquals(0x29, t.function());
        assertEquals(0x8104, t.status());
        assertEquals(0, t.objects().length);
        assertNull(t.values());
        assertEquals("P_PROGRAM", t.detail().get(S7commFields.PI_SERVICE));
    }

    @Test
    void typedSlotsOfABlockUpload() {
        WireFeeder.Tcp h = typedPlc();
        h.toServer(dt(job(30, concat(hex("1d 00 0000 00000000 09"), ascii("_0800001A")), hex(NO_DATA)))); // start upload OB1
        h.toClient(dt(ackData(30, 0, 0, concat(hex("1d 00 0100 00000007 07"), ascii("0000216")), hex(NO_DATA)))); // id 7
        h.toServer(dt(job(31, hex("1e 00 0000 00000007"), hex(NO_DATA)))); // upload, id 7: names no block
        h.toClient(dt(ackData(31, 0, 0, hex("1e 00"), hex("0004 00fb 01020304")))).end();
        List<Transaction> t = records.stream().filter(r -> r.protocol() == Protocol.S7COMM).toList();
        assertEquals(List.of("program_upload", "upload_block"), t.stream().map(Transaction::action).toList());
        assertEquals(List.of(0x1d, 0x1e), t.stream().map(Transaction::function).toList());
        for (Transaction r : t) {
            assertEquals(Operation.PROGRAM, r.operation());
            assertArrayEquals(new ObjectRef[] {ObjectRef.numbered("block_ob", 1)}, r.objects());
        }
    }

    @Test
    void typedSlotsOfAnSzlRead() {
        WireFeeder.Tcp h = typedPlc();
        h.toServer(dt(userdata(0x200, hex("000112 04 11 44 01 00"), hex("ff 09 0004 0011 0001")))); // SZL 0x0011 index 1
        String records = moduleRecord(0x0001, "6ES7 315-2EH14-0AB0", "0003 0001");
        byte[] data = hex("0011 0001 001c 0001" + records);
        h.toClient(dt(userdata(0x200, hex("000112 08 12 84 01 01 00 00 0000"),
                concat(hex("ff 09"), S7Bytes.u16(data.length), data)))).end();
        Transaction t = onlyTyped(Protocol.S7COMM);
        assertEquals("read_szl", t.action());
        assertEquals(Operation.DISCOVERY, t.operation());
        assertEquals(Outcome.SUCCESS, t.outcome());
        assertEquals(-1, t.function(), "userdata has no job function");
        assertEquals(0x01, t.subfunction());
        assertEquals(4, t.detail().get(S7commFields.USERDATA_GROUP));
        assertArrayEquals(new ObjectRef[] {new ObjectRef("szl", 0x0011, 1, -1, -1, -1, null)}, t.objects());
        assertEquals(2, t.unit());
    }

    // ---- framing ----------------------------------------------------------------------------------

    @Test
    void twoTpktsInOneSegmentAndOneSplitOverThree() {
        WireFeeder.Tcp h = plc(true);
        byte[][] a = setup(1);
        byte[][] b = setup(2);
        byte[] both = concat(a[0], b[0]);
        h.toServer(Arrays.copyOfRange(both, 0, a[0].length + 2), // first job, then 2 bytes of the next TPKT header
                Arrays.copyOfRange(both, a[0].length + 2, a[0].length + 9),
                Arrays.copyOfRange(both, a[0].length + 9, both.length));
        h.toClient(concat(a[1], b[1])).end();
        List<EventDoc> e = w.protocol("s7comm");
        assertEquals(2, e.size());
        assertTrue(e.stream().allMatch(d -> "both".equals(d.getString(Fields.OT_SEEN))));
        assertEquals(0, w.counter("s7comm.malformed"));
    }

    @Test
    void streamJoinedMidwayResynchronises() {
        WireFeeder.Tcp h = plc(false);
        byte[][] s = setup(3);
        h.toServer(concat(hex("0a 0b 00 01 02"), s[0])); // tail of a PDU sent before the capture started
        h.toClient(s[1]).end();
        assertEquals("both", w.only("s7comm").getString(Fields.OT_SEEN));
        assertEquals(5L, w.counter("s7comm.skipped_bytes"));
        assertEquals(0L, w.counter("s7comm.malformed"));
    }

    @Test
    void cotpFragmentsAreReassembled() {
        WireFeeder.Tcp h = plc(true);
        byte[] pdu = job(4, hex("f0 00 0001 0001 01e0"), hex(NO_DATA));
        h.toServer(dtMore(Arrays.copyOfRange(pdu, 0, 6)), dtMore(new byte[0]), dt(Arrays.copyOfRange(pdu, 6, pdu.length)));
        h.toClient(setup(4)[1]).end();
        assertEquals("setup_communication", w.only("s7comm").getString(Fields.EVENT_ACTION));
        assertEquals(1L, w.counter("s7comm.cotp_reassembled"));
    }

    @Test
    void truncatedPduIsACountedMalformedRecord() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(hex("32 01 0000 0005 0010 0000"))); // parameter length 16, nothing present
        h.toServer(dt(hex("32 09 0000 0006 0000 0000"))); // ROSCTR 9 does not exist
        h.end();
        List<EventDoc> bad = w.events.stream().filter(d -> "malformed".equals(d.getString(Fields.EVENT_ACTION))).toList();
        assertEquals(List.of("parameter_or_data_truncated", "unknown_rosctr"),
                bad.stream().map(d -> d.getString(Fields.OT_MALFORMED_REASON)).toList());
        assertEquals(2L, w.counter("s7comm.malformed"));
        assertTrue(w.protocol("s7comm").isEmpty());
    }

    @Test
    void bytesBetweenTpktsOnASyncedStreamAreMalformed() {
        WireFeeder.Tcp h = plc(true);
        byte[][] s = setup(5);
        h.toServer(concat(s[0], hex("ff ff"), setup(6)[0])).end();
        assertEquals(1L, w.counter("s7comm.malformed"));
        assertEquals(2, w.protocol("s7comm").size());
    }

    // ---- S7comm-plus ------------------------------------------------------------------------------

    private static final String DIGEST = "20" + "11".repeat(32); // integrity part: length 32, digest

    @Test
    void s7commPlusV3IsRecognisedAndFlagged() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(hex("72 03 002f" + DIGEST // header: id, version 3, data length 47
                + "31 0000 054c 0000 0007" // request, reserved, GetMultiVariables, reserved, sequence 7
                + "70000e4d 34" // session id, transport flags
                + "72 03 0000"))); // trailer
        h.toClient(dt(hex("72 03 002c" + DIGEST + "32 0000 054c 0000 0007 34 00" + "72 03 0000"))); // response, return 0
        h.toServer(dt(hex("72 ff 03 00"))).end(); // keep-alive
        EventDoc e = w.only("s7comm_plus");
        assertEquals("get_multi_variables", e.getString(Fields.EVENT_ACTION));
        assertEquals("read", e.getString(Fields.OT_OPERATION));
        assertEquals("both", e.getString(Fields.OT_SEEN));
        assertEquals("success", e.getString(Fields.EVENT_OUTCOME));
        assertEquals(3L, e.getLong("s7comm_plus.version"));
        assertEquals(0x31L, e.getLong("s7comm_plus.opcode"));
        assertEquals(0x054cL, e.getLong("s7comm_plus.function_code"));
        assertEquals(7L, e.getLong("s7comm_plus.sequence_number"));
        assertEquals(0x70000e4dL, e.getLong("s7comm_plus.session_id"));
        assertEquals(true, e.get("s7comm_plus.integrity_protected"));
        assertEquals(1L, w.counter("s7comm_plus.keep_alives"));
    }

    @Test
    void s7commPlusFragmentedMessageSpansDataUnits() {
        WireFeeder.Tcp h = plc(true);
        h.toServer(dt(hex("72 02 000e 31 0000 0542 0000 0002 000003c0 34")), // first unit, no trailer: continues
                dt(hex("72 02 0004 aabbccdd 72 02 0000"))); // last unit with the trailer
        h.toClient(dt(hex("72 02 000b 32 0000 0542 0000 0002 34 00 72 02 0000"))).end();
        EventDoc e = w.only("s7comm_plus");
        assertEquals("set_multi_variables", e.getString(Fields.EVENT_ACTION));
        assertEquals("both", e.getString(Fields.OT_SEEN));
        assertEquals(false, e.get("s7comm_plus.integrity_protected"));
        assertEquals(1L, w.counter("s7comm_plus.continuation_units"));
        assertEquals(0L, w.counter("s7comm_plus.malformed"));
    }
}
