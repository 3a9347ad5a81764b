package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.Timestamps;
import io.linewatch.model.schema.ObservationFields;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.ModbusTcp;
import io.linewatch.testkit.TimeOrderedFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each kind of departure end to end, through {@code analyze} in its default mode (polling folded into summaries):
 * one generated plant (an HMI polling a PLC's registers and coils once a second, reading its identity every 30 s,
 * writing a setpoint every minute, and polling a second PLC), learned for two minutes; from five minutes on,
 * one departure. The normal phase must raise nothing; the departure exactly the expected observations, with the
 * actor and target right and evidence that names documents of the output. Two departures add a device to the
 * plant: an S7 PLC that announced a restart while learning pushes "stop" (mode_change), and a CIP adapter that
 * PLC2 opened an I/O connection to while learning gets a Forward_Open from a scanner nobody knew (new_device,
 * citing its first transaction, new_talker, new_io_connection). (A new writer's unauthorized_write:
 * {@link BaselineCaptureTest}.)
 */
class BaselineDeparturesTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final int SECONDS = 8 * 60;
    /** Departures start here, well after learning (2 min) and every device's settling (at most 1 min more). */
    private static final int DEPARTURE = 5 * 60;
    private static final String HMI = "10.10.2.20";
    private static final String PLC = "10.10.2.10";
    private static final String PLC2 = "10.10.2.11";
    /** An S7 PLC the HMI keeps a connection to (in {@link Departure#MODE_CHANGE} only). */
    private static final String S7_PLC = "10.10.2.13";
    /** A CIP I/O adapter PLC2 opened an I/O connection to while learning (in {@link Departure#NEW_IO_CONNECTION}). */
    private static final String ADAPTER = "10.10.2.12";
    /** Nobody saw it while learning. */
    private static final String SCANNER = "10.10.2.99";

    @TempDir
    Path tmp;

    enum Departure {
        NONE, NEW_FUNCTION, NEW_OBJECT_READ, NEW_WRITE_ADDRESS, VALUE_OUT_OF_RANGE, NEW_VALUE, PERIOD_CHANGE, FLOOD,
        POLL_STOPS, PLC_SILENT, FIRMWARE_CHANGE, IDENTITY_CHANGE, NEW_PROTOCOL, MODE_CHANGE, NEW_IO_CONNECTION
    }

    /** One observation as the test expects it: type, key, actor (null: none) and target. */
    record Expected(String type, String key, String actor, String target) {
    }

    private static final String REGISTERS = HMI + ">" + PLC + "/modbus/1/3/-1/holding_registers/-1/100+2";
    private static final String COILS = HMI + ">" + PLC + "/modbus/1/1/-1/coils/-1/0+8";

    private static List<Expected> expected(Departure d) {
        return switch (d) {
            case NONE -> List.of();
            case NEW_FUNCTION -> List.of(new Expected("new_function", "function:" + HMI + ">" + PLC + "/modbus/1/8/0", HMI, PLC));
            case NEW_OBJECT_READ -> List.of(new Expected("new_object_read", "read:" + HMI + ">" + PLC + "/modbus/1/holding_registers/-1", HMI, PLC));
            case NEW_WRITE_ADDRESS -> List.of(new Expected("unauthorized_write", "write:" + HMI + ">" + PLC + "/modbus/1/holding_registers/-1", HMI, PLC));
            case VALUE_OUT_OF_RANGE -> List.of(new Expected("value_out_of_range", "value:" + PLC + "/modbus/1/holding_registers/-1/100", HMI, PLC));
            case NEW_VALUE -> List.of(new Expected("new_value", "value:" + PLC + "/modbus/1/holding_registers/-1/101", HMI, PLC));
            case PERIOD_CHANGE -> List.of(new Expected("timing_change", "timing:" + REGISTERS, HMI, PLC));
            // a flood of the learned poll is also a change of its period
            case FLOOD -> List.of(new Expected("timing_change", "flood:" + HMI + ">" + PLC + "/modbus/1/3/-1", HMI, PLC),
                    new Expected("timing_change", "timing:" + REGISTERS, HMI, PLC));
            case POLL_STOPS -> List.of(new Expected("timing_change", "stop:" + COILS, HMI, PLC));
            case PLC_SILENT -> List.of(new Expected("device_silent", "silent:" + PLC, null, PLC),
                    new Expected("timing_change", "stop:" + COILS, HMI, PLC),
                    new Expected("timing_change", "stop:" + REGISTERS, HMI, PLC));
            case FIRMWARE_CHANGE -> List.of(new Expected("firmware_change", "identity:" + PLC + "/device.firmware.version=V2.0", null, PLC));
            case IDENTITY_CHANGE -> List.of(new Expected("identity_change", "identity:" + PLC + "/device.product_code=PX-200", null, PLC));
            case NEW_PROTOCOL -> List.of(new Expected("new_protocol", "protocol:" + PLC + "/enip", HMI, PLC));
            // the PLC announced stop, warm restart and run while learning: stop now is a change of mode, not a new function
            case MODE_CHANGE -> List.of(new Expected("mode_change", "identity:" + S7_PLC + "/device.cpu_mode=stop", null, S7_PLC));
            // a scanner nobody knew opens an I/O connection to the adapter: new, a new talker, a new I/O connection
            // (not a new function: the adapter served Forward_Open while learning)
            case NEW_IO_CONNECTION -> List.of(new Expected("new_device", "device:" + SCANNER, SCANNER, null),
                    new Expected("new_talker", "talker:" + SCANNER + ">" + ADAPTER, SCANNER, ADAPTER),
                    new Expected("new_io_connection", "io:" + SCANNER + ">" + ADAPTER, SCANNER, ADAPTER));
        };
    }

    // ------------------------------------------------------------------------------------------ the plant

    /** Modbus/TCP ADU, unit 1. */
    private static byte[] adu(int tid, int... pdu) {
        return ModbusTcp.adu(tid, 1, pdu);
    }

    /** One request and its response on a connection, at {@code at}; the client acknowledges. */
    private static void exchange(Conversation c, Conversation.Tcp tcp, long at, byte[] request, byte[] response) {
        c.at(at);
        tcp.toServer(request).toClient(response).clientAck();
    }

    private static int tid;

    /** Read holding registers 100..101 (a measurement 500..520 and a constant 7). */
    private static void readRegisters(Conversation c, Conversation.Tcp tcp, long at, int value, int constant) {
        exchange(c, tcp, at, adu(++tid, 0x03, 0, 100, 0, 2), adu(tid, 0x03, 4, value >> 8, value & 0xff, 0, constant));
    }

    /**
     * Modbus Read Device Identification (function 43, MEI type 14, basic objects; Modbus Application Protocol
     * v1.1b3 section 6.21): vendor name, product code, major/minor revision.
     */
    private static void readIdentity(Conversation c, Conversation.Tcp tcp, long at, String product, String revision) {
        List<Integer> pdu = new ArrayList<>(List.of(0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 3));
        String[] objects = {"Acme", product, revision};
        for (int i = 0; i < objects.length; i++) {
            byte[] text = objects[i].getBytes(StandardCharsets.US_ASCII);
            pdu.add(i);
            pdu.add(text.length);
            for (byte b : text) {
                pdu.add(b & 0xff);
            }
        }
        exchange(c, tcp, at, adu(++tid, 0x2B, 0x0E, 0x01, 0x00), adu(tid, pdu.stream().mapToInt(Integer::intValue).toArray()));
    }

    /**
     * EtherNet/IP List Services (command 0x0004; ODVA Vol. 2 section 2-4.6, as Wireshark's packet-enip.c reads it):
     * a 24-byte encapsulation header, and in the reply one CIP communications item (type 0x0100).
     */
    private static void listServices(Conversation c, long at) {
        byte[] request = new byte[24];
        request[0] = 0x04;
        byte[] reply = new byte[24 + 26];
        reply[0] = 0x04;
        reply[2] = 26;
        int o = 24;
        reply[o] = 1; // item count
        reply[o + 2] = 0x00;
        reply[o + 3] = 0x01; // type 0x0100, little-endian
        reply[o + 4] = 20; // item length
        reply[o + 6] = 1; // version
        reply[o + 8] = 0x20;
        reply[o + 9] = 0x01; // flags: CIP over TCP and UDP
        byte[] name = "Communications".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, reply, o + 10, name.length);
        c.at(at);
        c.tcp(50300, 44818).handshake().toServer(request).toClient(reply).close();
    }

    /** ISO-on-TCP (RFC 1006): TPKT header, then a COTP TPDU. */
    private static byte[] tpkt(int... cotpAndPayload) {
        byte[] b = new byte[4 + cotpAndPayload.length];
        b[0] = 3;
        b[2] = (byte) (b.length >> 8);
        b[3] = (byte) b.length;
        for (int i = 0; i < cotpAndPayload.length; i++) {
            b[4 + i] = (byte) cotpAndPayload[i];
        }
        return b;
    }

    /** COTP connection request (0xE0) or confirm (0xD0), class 0: TPDU size 1024, TSAPs 0x0100 / 0x0102 (slot 2). */
    private static byte[] cotpConnect(int code) {
        return tpkt(0x11, code, 0, code == 0xD0 ? 1 : 0, 0, 1, 0, 0xC0, 1, 0x0A, 0xC1, 2, 1, 0, 0xC2, 2, 1, 2);
    }

    /** A COTP DT TPDU (EOT) carrying one S7comm PDU: header 0x32, ROSCTR, reference, parameter and data lengths. */
    private static byte[] s7(int rosctr, int ref, int[] param, int... data) {
        boolean ack = rosctr == 2 || rosctr == 3; // Ack and Ack_Data carry error class and code
        int header = ack ? 12 : 10;
        int[] b = new int[3 + header + param.length + data.length];
        int o = 0;
        b[o++] = 0x02;
        b[o++] = 0xF0;
        b[o++] = 0x80;
        b[o++] = 0x32;
        b[o++] = rosctr;
        o += 2;
        b[o++] = ref >> 8;
        b[o++] = ref & 0xff;
        b[o++] = param.length >> 8;
        b[o++] = param.length & 0xff;
        b[o++] = data.length >> 8;
        b[o++] = data.length & 0xff;
        if (ack) {
            o += 2;
        }
        System.arraycopy(param, 0, b, o, param.length);
        System.arraycopy(data, 0, b, o + param.length, data.length);
        return tpkt(b);
    }

    /**
     * S7comm mode transition (userdata, type push, function group 0; Wireshark packet-s7comm.c
     * {@code modetrans_param_subfunc_names}): the subfunction is the mode the CPU entered (0 stop, 1 warm restart,
     * 2 run). Pushed by the PLC to the connected HMI.
     */
    private static void modeTransition(Conversation c, Conversation.Tcp tcp, long at, int mode) {
        c.at(at);
        tcp.toClient(s7(7, 0, new int[] {0x00, 0x01, 0x12, 0x04, 0x11, 0x00, mode, 0x00})).clientAck();
    }

    /** EtherNet/IP encapsulation header (ODVA Vol. 2 section 2-3, little-endian) around {@code data}. */
    private static byte[] encapsulation(int command, byte[] data) {
        byte[] b = new byte[24 + data.length];
        b[0] = (byte) command;
        b[2] = (byte) data.length;
        b[3] = (byte) (data.length >> 8);
        b[4] = 1; // session handle 1
        System.arraycopy(data, 0, b, 24, data.length);
        return b;
    }

    /** SendRRData (0x6F): interface 0, timeout 10, a null address item and an unconnected data item (0xB2). */
    private static byte[] sendRRData(int... cip) {
        byte[] d = new byte[16 + cip.length];
        d[4] = 10;
        d[6] = 2; // item count
        d[12] = (byte) 0xB2;
        d[14] = (byte) cip.length;
        for (int i = 0; i < cip.length; i++) {
            d[16 + i] = (byte) cip[i];
        }
        return encapsulation(0x6F, d);
    }

    /**
     * CIP Forward_Open (service 0x54) to the Connection Manager (class 6, instance 1), class 1 cyclic I/O to an
     * assembly, and its success reply (0xD4); layout of ODVA Vol. 1 section 3-5.5.2 as Wireshark's packet-cip.c reads it.
     */
    private static void forwardOpen(Conversation c, long at, int clientPort, int serial) {
        int[] request = {0x54, 0x02, 0x20, 0x06, 0x24, 0x01, 0x0A, 0x0E,
            0, 0, 0, 0, 0x11, 0x11, 0x11, serial, serial, 0x00, 0x4D, 0x00, 0x78, 0x56, 0x34, 0x12,
            0x01, 0, 0, 0, 0x10, 0x27, 0, 0, 0x02, 0x48, 0x10, 0x27, 0, 0, 0x02, 0x48, 0x01,
            0x03, 0x20, 0x04, 0x24, 0x65, 0x2C, 0x64};
        int[] reply = {0xD4, 0, 0, 0, 0x22, 0x22, 0x22, serial, 0x11, 0x11, 0x11, serial, serial, 0x00, 0x4D, 0x00,
            0x78, 0x56, 0x34, 0x12, 0x10, 0x27, 0, 0, 0x10, 0x27, 0, 0, 0, 0};
        c.at(at);
        c.tcp(clientPort, 44818).handshake().toServer(sendRRData(request)).toClient(sendRRData(reply)).close();
    }

    /** The plant for {@link #SECONDS} seconds, with {@code departure} from {@link #DEPARTURE} on. */
    private static void plant(TimeOrderedFrames frames, Departure departure) {
        tid = 0;
        Conversation plc = new Conversation(frames, T0, HMI, PLC);
        Conversation.Tcp hmi = plc.tcp(49152, 502).handshake();
        Conversation plc2 = new Conversation(frames, T0 + 250 * MILLI, HMI, PLC2);
        Conversation.Tcp hmi2 = plc2.tcp(49153, 502).handshake();
        boolean plcOpen = true;
        Conversation s7 = null;
        Conversation.Tcp s7hmi = null;
        if (departure == Departure.MODE_CHANGE) { // the HMI connects to an S7 PLC; it restarts while learning
            s7 = new Conversation(frames, T0 + 100 * MILLI, HMI, S7_PLC);
            s7hmi = s7.tcp(49154, 102).handshake().toServer(cotpConnect(0xE0)).toClient(cotpConnect(0xD0));
            s7hmi.toServer(s7(1, 1, new int[] {0xF0, 0x00, 0x00, 0x01, 0x00, 0x01, 0x01, 0xE0}))
                    .toClient(s7(3, 1, new int[] {0xF0, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0xF0})).clientAck();
        }
        if (departure == Departure.NEW_IO_CONNECTION) { // PLC2 scans the adapter's I/O while learning
            forwardOpen(new Conversation(frames, T0 + 10 * SECOND, PLC2, ADAPTER), T0 + 10 * SECOND, 50500, 0x42);
        }
        for (int s = 1; s < SECONDS; s++) {
            long second = T0 + s * SECOND;
            boolean after = s >= DEPARTURE;
            exchange(plc2, hmi2, second + 250 * MILLI, adu(++tid, 0x03, 0, 0, 0, 2), adu(tid, 0x03, 4, 0, 1, 0, 2));
            if (after && departure == Departure.PLC_SILENT) {
                if (plcOpen) {
                    plc.at(second);
                    hmi.close();
                    plcOpen = false;
                }
                continue;
            }
            int value = 500 + 20 * (s % 10) / 9;
            boolean departing = after && s < DEPARTURE + 3; // a short departure: three seconds
            if (departing && departure == Departure.VALUE_OUT_OF_RANGE) {
                value = 900;
            }
            int constant = departing && departure == Departure.NEW_VALUE ? 8 : 7;
            if (after && s < DEPARTURE + 5 && departure == Departure.PERIOD_CHANGE) {
                for (int k = 0; k < 5; k++) { // every 100 ms for five seconds
                    readRegisters(plc, hmi, second + k * 100 * MILLI, value, constant);
                }
            } else if (after && s < DEPARTURE + 30 && departure == Departure.FLOOD) {
                for (int k = 0; k < 25; k++) { // 25 a second for 30 s, within one capture minute
                    readRegisters(plc, hmi, second + k * 20 * MILLI, value, constant);
                }
            } else {
                readRegisters(plc, hmi, second, value, constant);
            }
            if (!(after && departure == Departure.POLL_STOPS)) {
                exchange(plc, hmi, second + 500 * MILLI, adu(++tid, 0x01, 0, 0, 0, 8), adu(tid, 0x01, 1, 0x05));
            }
            if (s % 30 == 0) {
                String product = after && departure == Departure.IDENTITY_CHANGE ? "PX-200" : "PX-100";
                String revision = after && departure == Departure.FIRMWARE_CHANGE ? "V2.0" : "V1.0";
                readIdentity(plc, hmi, second + 700 * MILLI, product, revision);
            }
            if (s % 60 == 0) { // the operator's setpoint
                exchange(plc, hmi, second + 800 * MILLI, adu(++tid, 0x06, 0, 110, 0, 42), adu(tid, 0x06, 0, 110, 0, 42));
            }
            if (s7 != null && s % 30 == 15) { // a TCP keep-alive: the connection outlives the flow table's idle timeout
                s7.at(second);
                s7hmi.clientAck();
            }
            if (s7 != null && (s == 20 || s == 21 || s == 22 || s == DEPARTURE)) {
                modeTransition(s7, s7hmi, second + 600 * MILLI, s == 20 || s == DEPARTURE ? 0 : s - 20); // stop, warm restart, run; stop
            }
            if (s == DEPARTURE) {
                long at = second + 900 * MILLI;
                switch (departure) {
                    case NEW_FUNCTION -> // diagnostics, return query data (section 6.8.1): echoed
                        exchange(plc, hmi, at, adu(++tid, 0x08, 0, 0, 0xA5, 0x37), adu(tid, 0x08, 0, 0, 0xA5, 0x37));
                    case NEW_WRITE_ADDRESS ->
                        exchange(plc, hmi, at, adu(++tid, 0x06, 0, 150, 0, 42), adu(tid, 0x06, 0, 150, 0, 42));
                    case NEW_PROTOCOL -> listServices(new Conversation(frames, at, HMI, PLC), at);
                    case NEW_IO_CONNECTION -> forwardOpen(new Conversation(frames, at, SCANNER, ADAPTER), at, 50600, 0x43);
                    default -> { }
                }
            }
            if (departure == Departure.NEW_OBJECT_READ && after && s < DEPARTURE + 5) { // a new block, polled 5 times
                exchange(plc, hmi, second + 900 * MILLI, adu(++tid, 0x03, 1, 44, 0, 2), adu(tid, 0x03, 4, 0, 3, 0, 4));
            }
        }
        if (plcOpen) {
            hmi.close();
        }
        hmi2.close();
        if (s7hmi != null) {
            s7hmi.close();
        }
    }

    // ------------------------------------------------------------------------------------------ the test

    @ParameterizedTest
    @EnumSource(Departure.class)
    void eachDepartureIsReportedExactlyWithItsEvidence(Departure departure) throws IOException {
        TimeOrderedFrames frames = new TimeOrderedFrames();
        plant(frames, departure);
        Path capture = tmp.resolve(departure + ".pcap");
        frames.write(capture);
        Path out = tmp.resolve("out");
        TestData.Result r = TestData.run("analyze", capture.toString(), "--out", out.toString(), "--quiet", "--learn", "2m");
        assertEquals(0, r.exitCode(), r.err());

        Map<String, EventDoc> documents = new HashMap<>();
        Map<String, EventDoc> observations = new LinkedHashMap<>(); // an observation updated later keeps its id
        for (String line : Files.readAllLines(out.resolve("events.ndjson"))) {
            EventDoc e = Json.readDoc(line);
            documents.put(e.id(), e);
            if (ObservationFields.DATASET.equals(e.getString(Fields.EVENT_DATASET))) {
                observations.put(e.id(), e);
            }
        }
        Map<String, EventDoc> byKey = new TreeMap<>();
        for (EventDoc o : observations.values()) {
            String typeKey = o.getString(ObservationFields.TYPE) + " " + o.getString(ObservationFields.KEY);
            assertFalse(byKey.containsKey(typeKey), "one document id per departure: " + typeKey);
            byKey.put(typeKey, o);
        }
        Map<String, Expected> want = new TreeMap<>();
        for (Expected e : expected(departure)) {
            want.put(e.type() + " " + e.key(), e);
        }
        assertEquals(want.keySet(), byKey.keySet(), departure + ": " + observations.values());

        for (Map.Entry<String, EventDoc> entry : byKey.entrySet()) {
            EventDoc o = entry.getValue();
            Expected e = want.get(entry.getKey());
            assertTrue(Timestamps.parse(o.getString(Fields.TIMESTAMP)) >= T0 + DEPARTURE * SECOND,
                    "the normal phase raises nothing: " + o);
            assertEquals(e.actor(), o.getString(Fields.SOURCE_IP), "actor of " + entry.getKey());
            assertEquals(e.target(), o.getString(Fields.DESTINATION_IP), "target of " + entry.getKey());
            Object evidence = o.get(Fields.EVIDENCE_EVENT_IDS);
            List<?> ids = evidence instanceof List<?> l ? l : List.of();
            boolean scanned = e.type().equals("device_silent") || e.key().startsWith("stop:");
            assertEquals(scanned, ids.isEmpty(), "a silence has no transaction to cite, the others do: " + o);
            for (Object id : ids) {
                EventDoc cited = documents.get(id);
                assertTrue(cited != null, "evidence " + id + " of " + entry.getKey() + " is a document of the output");
                // the right evidence: an exchange of the departure (a transaction, or the summary counting it)
                // between the observation's actor and target
                String end = cited.getString(Fields.EVENT_END) != null ? cited.getString(Fields.EVENT_END) : cited.getString(Fields.TIMESTAMP);
                assertTrue(Timestamps.parse(end) >= T0 + DEPARTURE * SECOND, "evidence from the departure: " + cited);
                Set<String> ends = new HashSet<>(java.util.Arrays.asList(cited.getString(Fields.SOURCE_IP), cited.getString(Fields.DESTINATION_IP)));
                for (String party : java.util.Arrays.asList(e.actor(), e.target())) {
                    assertTrue(party == null || ends.contains(party), party + " in the evidence of " + entry.getKey() + ": " + cited);
                }
            }
        }
        if (departure == Departure.NEW_OBJECT_READ || departure == Departure.VALUE_OUT_OF_RANGE) {
            // repeats of one departure fold into its observation, each cited transaction kept as a document
            EventDoc o = byKey.values().iterator().next();
            int repeats = departure == Departure.NEW_OBJECT_READ ? 5 : 3;
            assertEquals(repeats, ((Number) o.get(ObservationFields.COUNT)).intValue(), o.toString());
            assertEquals(repeats, ((List<?>) o.get(Fields.EVIDENCE_EVENT_IDS)).size(), o.toString());
        }
    }
}
