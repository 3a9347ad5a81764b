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
import io.linewatch.testkit.PcapWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * actor and target right and evidence that names documents of the output. (new_device, new_talker and a new
 * writer's unauthorized_write: {@link BaselineCaptureTest}.)
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

    @TempDir
    Path tmp;

    enum Departure {
        NONE, NEW_FUNCTION, NEW_OBJECT_READ, NEW_WRITE_ADDRESS, VALUE_OUT_OF_RANGE, NEW_VALUE, PERIOD_CHANGE, FLOOD,
        POLL_STOPS, PLC_SILENT, FIRMWARE_CHANGE, IDENTITY_CHANGE, NEW_PROTOCOL
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
        };
    }

    // ------------------------------------------------------------------------------------------ the plant

    /** Frames of several conversations, written in capture-time order. */
    private static final class Frames implements Conversation.Sink {
        record Frame(long ts, long order, byte[] bytes) {
        }

        final List<Frame> frames = new ArrayList<>();

        @Override
        public void frame(long timestampNanos, byte[] frame) {
            frames.add(new Frame(timestampNanos, frames.size(), frame));
        }

        void write(Path file) throws IOException {
            frames.sort(Comparator.comparingLong(Frame::ts).thenComparingLong(Frame::order));
            try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
                for (Frame f : frames) {
                    w.frame(f.ts(), f.bytes());
                }
            }
        }
    }

    /** Modbus/TCP: MBAP header (unit 1) + PDU. */
    private static byte[] adu(int tid, int... pdu) {
        byte[] b = new byte[7 + pdu.length];
        b[0] = (byte) (tid >> 8);
        b[1] = (byte) tid;
        b[5] = (byte) (pdu.length + 1);
        b[6] = 1;
        for (int i = 0; i < pdu.length; i++) {
            b[7 + i] = (byte) pdu[i];
        }
        return b;
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

    /** The plant for {@link #SECONDS} seconds, with {@code departure} from {@link #DEPARTURE} on. */
    private static void plant(Frames frames, Departure departure) {
        tid = 0;
        Conversation plc = new Conversation(frames, T0, HMI, PLC);
        Conversation.Tcp hmi = plc.tcp(49152, 502).handshake();
        Conversation plc2 = new Conversation(frames, T0 + 250 * MILLI, HMI, PLC2);
        Conversation.Tcp hmi2 = plc2.tcp(49153, 502).handshake();
        boolean plcOpen = true;
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
            if (s == DEPARTURE) {
                long at = second + 900 * MILLI;
                switch (departure) {
                    case NEW_FUNCTION -> // diagnostics, return query data (section 6.8.1): echoed
                        exchange(plc, hmi, at, adu(++tid, 0x08, 0, 0, 0xA5, 0x37), adu(tid, 0x08, 0, 0, 0xA5, 0x37));
                    case NEW_WRITE_ADDRESS ->
                        exchange(plc, hmi, at, adu(++tid, 0x06, 0, 150, 0, 42), adu(tid, 0x06, 0, 150, 0, 42));
                    case NEW_PROTOCOL -> listServices(new Conversation(frames, at, HMI, PLC), at);
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
    }

    // ------------------------------------------------------------------------------------------ the test

    @ParameterizedTest
    @EnumSource(Departure.class)
    void eachDepartureIsReportedExactlyWithItsEvidence(Departure departure) throws IOException {
        Frames frames = new Frames();
        plant(frames, departure);
        Path capture = tmp.resolve(departure + ".pcap");
        frames.write(capture);
        Path out = tmp.resolve("out");
        TestData.Result r = TestData.run("analyze", capture.toString(), "--out", out.toString(), "--quiet", "--learn", "2m");
        assertEquals(0, r.exitCode(), r.err());

        Set<String> documents = new HashSet<>();
        Map<String, EventDoc> observations = new LinkedHashMap<>(); // an observation updated later keeps its id
        for (String line : Files.readAllLines(out.resolve("events.ndjson"))) {
            EventDoc e = Json.readDoc(line);
            documents.add(e.id());
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
                assertTrue(documents.contains(id), "evidence " + id + " of " + entry.getKey() + " is a document of the output");
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
