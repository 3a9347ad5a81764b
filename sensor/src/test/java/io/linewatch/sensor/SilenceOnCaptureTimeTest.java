package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Offline, the baseline's clock follows the packets, not only the records they give: a PLC polled once a second
 * goes quiet, and the rest of the capture is traffic that gives no record at all (a UDP stream of no known
 * protocol between two other hosts, one flow from the start). Its silence must be reported when it is due
 * (silent for its limit of 60 s, found by the scan every 10 s), not at the end of the capture ten minutes later.
 */
class SilenceOnCaptureTimeTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final String HMI = "10.10.3.20";
    private static final String PLC = "10.10.3.10";
    /** Polled for four minutes (learning: two), then silent; the capture goes on for ten more. */
    private static final int POLLED = 4 * 60;
    private static final int SECONDS = POLLED + 10 * 60;

    @TempDir
    Path tmp;

    /** Modbus/TCP ADU, unit 1. */
    private static byte[] adu(int tid, int... pdu) {
        return ModbusTcp.adu(tid, 1, pdu);
    }

    private static Path capture(Path file) throws IOException {
        TimeOrderedFrames sink = new TimeOrderedFrames();
        Conversation plc = new Conversation(sink, T0, HMI, PLC);
        Conversation.Tcp hmi = plc.tcp(49152, 502).handshake();
        for (int s = 1; s <= POLLED; s++) {
            plc.at(T0 + s * SECOND);
            hmi.toServer(adu(s, 0x03, 0, 100, 0, 1)).toClient(adu(s, 0x03, 2, 0, 7)).clientAck();
        }
        hmi.close();
        Conversation stream = new Conversation(sink, T0, "10.10.3.30", "10.10.3.31");
        for (int s = 0; s < SECONDS; s++) {
            stream.at(T0 + s * SECOND + SECOND / 2);
            stream.udpToServer(40000, 40001, new byte[] {1, 2, 3, 4});
        }
        sink.write(file);
        return file;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aSilentDeviceIsReportedWhenDueThoughTheRestGivesNoRecord(int threads) throws IOException {
        Path capture = capture(tmp.resolve("silence.pcap"));
        Path out = tmp.resolve("out");
        TestData.Result r = TestData.run("analyze", capture.toString(), "--out", out.toString(), "--quiet",
                "--learn", "2m", "--threads", Integer.toString(threads));
        assertEquals(0, r.exitCode(), r.err());
        List<EventDoc> silent = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("events.ndjson"))) {
            EventDoc e = Json.readDoc(line);
            if ("device_silent".equals(e.getString(ObservationFields.TYPE)) && PLC.equals(e.getString(Fields.DESTINATION_IP))) {
                silent.add(e);
            }
        }
        assertEquals(1, silent.size(), silent.toString());
        long lastPoll = T0 + POLLED * SECOND;
        long reported = Timestamps.parse(silent.get(0).getString(Fields.TIMESTAMP));
        // due 60 s after the last poll; the scan runs every 10 s of capture time, the clock moves once a second
        assertTrue(reported > lastPoll + 60 * SECOND && reported <= lastPoll + 72 * SECOND,
                "reported " + (reported - lastPoll) / SECOND + " s after the last poll, due after 60 s");
    }
}
