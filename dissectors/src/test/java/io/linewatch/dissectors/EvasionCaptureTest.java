package io.linewatch.dissectors;

import static io.linewatch.testkit.WireFeeder.concat;
import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.PcapWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, defect 1: junk sent before or among the PDUs of an industrial protocol on its port must not blind the
 * sensor for the rest of the connection. Each test writes a capture (PcapWriter, Conversation) with a full
 * handshake, junk first, valid PDUs, junk among them, more valid PDUs; then runs every dissector over it as the
 * pipeline does. Every valid exchange after the junk is a transaction; the junk is counted.
 */
class EvasionCaptureTest {
    private static final long START = 1_700_000_000_000_000_000L;
    /** Exchanges after the first junk; the Modbus case is the reproduction (1,000 write requests). */
    private static final int EXCHANGES = 1000;

    @TempDir
    Path tmp;

    private CaptureRunner run(String name, Consumer<Conversation> traffic) throws IOException {
        Path file = tmp.resolve(name + ".pcap");
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            traffic.accept(new Conversation(w::frame, START, "10.0.0.1", "10.0.0.2"));
        }
        return CaptureRunner.run(file, DissectorWiring.of(Dissectors.all()));
    }

    private static long actions(CaptureRunner r, String protocol, String action) {
        return r.protocol(protocol).stream().filter(e -> action.equals(e.getString(Fields.EVENT_ACTION))
                && "both".equals(e.getString(Fields.OT_SEEN))).count();
    }

    private static long malformed(CaptureRunner r, String protocol) {
        return r.protocol(protocol).stream().filter(e -> "malformed".equals(e.getString(Fields.OT_SEEN))).count();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- Modbus/TCP (MBAP: transaction id, protocol id 0, length, unit id, then the PDU) ----

    /** Write multiple registers (16): address 100 + i, 2 registers. */
    private static byte[] modbusWrite(int tid, int i) {
        return concat(hex("%04x 0000 000b 01 10 %04x 0002 04".formatted(tid, 100 + i)), hex("%04x 0001".formatted(i)));
    }

    /** Its response: echoes address and quantity. */
    private static byte[] modbusWritten(int tid, int i) {
        return hex("%04x 0000 0006 01 10 %04x 0002".formatted(tid, 100 + i));
    }

    @Test
    void modbusAfterANonMbapUnitAndAmongJunkIsDissected() throws IOException {
        CaptureRunner r = run("modbus", c -> {
            Conversation.Tcp t = c.tcp(40000, 502).handshake();
            // the trick: one unit with protocol id 1 (not MBAP) opens the connection
            t.toServer(hex("0001 0001 0006 01 06 0001 0003")).serverAck();
            for (int i = 0; i < EXCHANGES; i++) {
                if (i == EXCHANGES / 2) {
                    // junk among the ADUs, more than the 64 KiB after which an established flow is given up
                    for (int k = 0; k < 70; k++) {
                        byte[] junk = new byte[1024];
                        Arrays.fill(junk, (byte) 0xA5);
                        t.toServer(junk);
                    }
                }
                if (i == EXCHANGES / 4) {
                    // junk and a request in one segment: the framer slides over the junk to the request
                    t.toServer(concat(ascii("GET / HTTP/1.0\r\n\r\n"), modbusWrite(i + 1, i))).toClient(modbusWritten(i + 1, i));
                    continue;
                }
                t.toServer(modbusWrite(i + 1, i)).toClient(modbusWritten(i + 1, i));
            }
            t.close();
        });
        assertEquals(EXCHANGES, actions(r, "modbus", "write_multiple_registers"));
        assertEquals(1L, r.counters().get("modbus.non_modbus_flows"));
        assertEquals(2L, r.counters().get("modbus.resumed_flows"), "after the first unit and after the 70 KiB");
        assertEquals(1L, r.counters().get("modbus.abandoned_flows"));
        assertTrue(malformed(r, "modbus") >= 3, "the junk is reported: " + malformed(r, "modbus"));
        assertTrue(r.counters().get("modbus.skipped_bytes") >= 12 + 18 + 70 * 1024, r.counters().toString());
        EventDoc flow = r.events.get(r.events.size() - 1);
        assertEquals("modbus", flow.getString("network.application"));
    }

    // ---- S7comm over ISO-on-TCP (TPKT version 3, reserved 0, length; COTP; S7 header 0x32) ----

    private static byte[] tpkt(byte[] cotp) {
        int len = cotp.length + 4;
        return concat(new byte[] {3, 0, (byte) (len >> 8), (byte) len}, cotp);
    }

    /** COTP DT with end of TSDU: length indicator 2, code F0, EOT | number 0. */
    private static byte[] dt(byte[] s7) {
        return tpkt(concat(hex("02 f0 80"), s7));
    }

    /** Read Var job (function 04, one item: DB1.DBB i as BYTE x1); S7 header: 32, ROSCTR 1, reference, lengths. */
    private static byte[] s7Read(int ref, int i) {
        byte[] param = hex("04 01 12 0a 10 02 0001 0001 84 %06x".formatted(i << 3));
        return dt(concat(hex("32 01 0000 %04x %04x 0000".formatted(ref, param.length)), param));
    }

    /** Its Ack_Data (ROSCTR 3, error class/code 0): one item, return code FF, transport size 04, 8 bits. */
    private static byte[] s7Value(int ref, int i) {
        byte[] data = hex("ff 04 0008 %02x".formatted(i & 0xff));
        return dt(concat(hex("32 03 0000 %04x 0002 %04x 00 00 04 01".formatted(ref, data.length)), data));
    }

    @Test
    void s7commAfterAndAmongJunkIsDissected() throws IOException {
        CaptureRunner r = run("s7", c -> {
            Conversation.Tcp t = c.tcp(49152, 102).handshake();
            t.toServer(ascii("\u0003\u0000junk that is no TPKT"), hex("0001 0001 0006 01 06 0001 0003"));
            // COTP connect request and confirm (called TSAP 0102: rack 0, slot 2), setup communication
            t.toServer(tpkt(hex("11 e0 0000 0001 00 c1 02 0100 c2 02 0102 c0 01 0a")))
                    .toClient(tpkt(hex("11 d0 0001 0044 00 c0 01 0a c1 02 0100 c2 02 0102")));
            t.toServer(dt(hex("32 01 0000 0000 0008 0000 f0 00 0001 0001 01e0")))
                    .toClient(dt(hex("32 03 0000 0000 0008 0000 00 00 f0 00 0001 0001 00f0")));
            for (int i = 0; i < EXCHANGES; i++) {
                int ref = i + 1;
                if (i % 100 == 50) {
                    t.toServer(concat(ascii("GET / HTTP/1.0\r\n\r\n"), s7Read(ref, i))); // junk before it, one segment
                } else if (i % 100 == 70) {
                    byte[] junk = new byte[5000];
                    Arrays.fill(junk, (byte) 0x03); // looks like TPKT version bytes, never a header
                    t.toServer(junk, s7Read(ref, i));
                } else {
                    t.toServer(s7Read(ref, i));
                }
                t.toClient(s7Value(ref, i));
            }
            t.close();
        });
        assertEquals(EXCHANGES, actions(r, "s7comm", "read_var"));
        assertEquals(1L, actions(r, "s7comm", "setup_communication"));
        assertTrue(malformed(r, "s7comm") >= 20, "bytes outside TPKT reported: " + malformed(r, "s7comm"));
        assertTrue(r.counters().get("s7comm.skipped_bytes") >= 10 * (18 + 5000), r.counters().toString());
    }

    // ---- EtherNet/IP encapsulation (24-byte little-endian header) carrying CIP ----

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    /** Header: command, length, session, status, sender context (8), options. */
    private static byte[] encap(int command, long session, long context, byte[] body) {
        return concat(le16(command), le16(body.length), le32(session), le32(0), le32(context), le32(0), le32(0), body);
    }

    /** SendRRData: interface handle 0, timeout 10, CPF: null address item, unconnected data item with the CIP. */
    private static byte[] sendRRData(long session, long context, byte[] cip) {
        return encap(0x6F, session, context, concat(le32(0), le16(10), le16(2), le16(0), le16(0), le16(0xB2),
                le16(cip.length), cip));
    }

    @Test
    void enipAfterAndAmongJunkIsDissected() throws IOException {
        long session = 0x11223344L;
        CaptureRunner r = run("enip", c -> {
            Conversation.Tcp t = c.tcp(50000, 44818).handshake();
            t.toServer(ascii("GET / HTTP/1.0\r\nHost: plc\r\n\r\n")).serverAck();
            // RegisterSession (0x65): protocol version 1, options 0
            t.toServer(encap(0x65, 0, 1, hex("0100 0000"))).toClient(encap(0x65, session, 1, hex("0100 0000")));
            for (int i = 0; i < EXCHANGES; i++) {
                // CIP Get_Attribute_Single (0x0E) of identity (class 1, instance 1) attribute 7; reply 0x8E, status 0
                byte[] request = sendRRData(session, 100 + i, hex("0e 03 20 01 24 01 30 07"));
                byte[] reply = sendRRData(session, 100 + i, hex("8e 00 00 00 04 41 42 43 44"));
                if (i % 100 == 50) {
                    t.toServer(concat(ascii("\u00ff\u00ffjunk"), request));
                } else if (i % 100 == 70) {
                    byte[] junk = new byte[5000];
                    Arrays.fill(junk, (byte) 0xFF);
                    t.toServer(junk, request);
                } else {
                    t.toServer(request);
                }
                t.toClient(reply);
            }
            t.close();
        });
        assertEquals(1L, actions(r, "enip", "register_session"));
        assertEquals(EXCHANGES, r.protocol("cip").stream().filter(e -> "both".equals(e.getString(Fields.OT_SEEN))).count(),
                r.protocol("cip").isEmpty() ? "none" : r.protocol("cip").get(0).toString());
        assertEquals(29L + 10 * (6 + 5000), r.counters().get("enip.bytes_skipped"), "every junk byte counted");
    }

    /** The flow record says the flow spoke the protocol after the junk. */
    @Test
    void flowRecordsNameTheProtocolAfterJunk() throws IOException {
        CaptureRunner r = run("names", c -> {
            c.tcp(40001, 502).handshake().toServer(ascii("junk junk junk")).toServer(modbusWrite(1, 0))
                    .toClient(modbusWritten(1, 0)).close();
        });
        List<EventDoc> flows = r.events.stream().filter(e -> "linewatch.flow".equals(e.getString(Fields.EVENT_DATASET))).toList();
        assertEquals(1, flows.size());
        assertEquals("modbus", flows.get(0).getString("network.application"));
        assertEquals(1L, actions(r, "modbus", "write_multiple_registers"));
    }
}
