package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.Json;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S7comm-plus engineering end to end. No public capture with a licence has a CPU stop or a program download over
 * S7comm-plus, so this one is generated from the layouts (docs/PROTOCOLS.md; the same messages as TIA Portal V17
 * sends to an S7-1200 FW 4.x over protocol V3, integrity digests aside): an engineering station sets up a session
 * (the CPU answers with its order number and firmware), stops the CPU, creates OB 1 under the PLC program, deletes
 * DB 5, reads FB 2's program out, and starts the CPU again. The real pipeline (dissectors, inventory, rule pack)
 * must raise the same engineering alerts as for S7comm and put the CPU's identity in the inventory.
 */
class S7commPlusEngineeringTest {
    private static final String EWS = "10.7.0.5";
    private static final String PLC = "10.7.0.10";
    /** 2024-05-06T08:00:00Z */
    private static final long T0 = 1_714_982_400_000_000_000L;
    private static final String DIGEST = "20" + "5a".repeat(32);
    private static final String QUALIFIER = "000004e8 8969 0012 00000000 896a 0013 00 896b 0004 00 00 00 00000000";

    @TempDir
    Path tmp;

    @Test
    void stopDownloadDeleteUploadAndStartRaiseTheEngineeringAlertsAndTheCpuIsIdentified() throws Exception {
        Path capture = tmp.resolve("s7plus_engineering.pcap");
        try (PcapWriter w = PcapWriter.create(capture, PcapWriter.Resolution.MICROS)) {
            Conversation c = new Conversation(w::frame, T0, EWS, PLC);
            Conversation.Tcp tcp = c.tcp(50123, 102).handshake();
            // COTP CR/CC, TSAPs as TIA sends them
            tcp.toServer(tpkt("11 e0 0000 0001 00 c1 02 0600 c2 0f 53494d415449432d524f4f542d4553 c0 01 0a"));
            tcp.toClient(tpkt("11 d0 0001 0044 00 c0 01 0a c1 02 0600 c2 0f 53494d415449432d524f4f542d4553"));
            // session set-up (V1): CreateObject of a ServerSession; the answer carries ServerSessionVersion
            tcp.toServer(dt(pdu(1, "31 0000 04ca 0000 0001 00000120 36 0000011d 00 04 00 00000000"
                    + " a1 000000d3 821f 00 00 a2 00000000")));
            tcp.toClient(dt(pdu(1, "32 0000 04ca 0000 0001 36 00 02 8740 8741 a1 00000120 821f 00 00"
                    + " a3 8232 00 17 0000013a 823f 00 15 1b " + ascii("1;6ES7 215-1AG40-0XB0 ;V4.5") + " 00 a2 00000000")));
            int seq = 2;
            // CPU STOP: SetVariable CPUexecUnit.OperatingStateREQ := 1
            exchange(tcp, c, 0x04f2, seq++, "00000034 01 9077 00 08 01 " + QUALIFIER);
            // program download: CreateObject of OB 1 (ProgramCycleOB) under the PLCProgram
            exchange(tcp, c, 0x04ca, seq++, "00000003 00 04 00 00000000 00 a1 8a320001 9457 20 00"
                    + " a3 8169 00 15 04 " + ascii("Main") + " a2 00000000");
            // DeleteObject of DB 5
            exchange(tcp, c, 0x04d4, seq++, "8a0e0005 00 " + QUALIFIER);
            // upload: GetVarSubStreamed of FB 2's body description
            exchange(tcp, c, 0x0586, seq++, "8a120002 20 04 01 9365 " + QUALIFIER);
            // CPU RUN
            exchange(tcp, c, 0x04f2, seq, "00000034 01 9077 00 08 03 " + QUALIFIER);
            tcp.close();
        }

        Path out = tmp.resolve("out");
        try (Journal journal = new Journal(out, true); PacketSource source = new CaptureFileReader(capture)) {
            String error = new Run(source, new Pipeline(journal, Analyze.rules(), null), (n, f) -> { }, 0).execute();
            assertNull(error);
        }

        Map<String, String> actionsByRule = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out.resolve(Journal.Stream.ALERTS.fileName))) {
            var alert = Json.readDoc(line);
            actionsByRule.put(String.valueOf(alert.getString("rule.id")), String.valueOf(alert.getString("event.action")));
        }
        assertEquals("plc_stop", actionsByRule.get("LW-ENG-001"), actionsByRule.toString());
        assertEquals("plc_start", actionsByRule.get("LW-ENG-002"), actionsByRule.toString());
        assertEquals("program_download", actionsByRule.get("LW-ENG-005"), actionsByRule.toString());
        assertEquals("program_upload", actionsByRule.get("LW-ENG-006"), actionsByRule.toString());
        assertEquals("block_delete", actionsByRule.get("LW-ENG-007"), actionsByRule.toString());

        List<String> events = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(Journal.Stream.EVENTS.fileName))) {
            var doc = Json.readDoc(line);
            if ("s7comm_plus".equals(doc.getString("network.protocol"))) {
                events.add(doc.getString("event.action") + "/" + doc.getString("event.outcome"));
            }
        }
        assertEquals(List.of("create_object/success", "plc_stop/success", "program_download/success",
                "block_delete/success", "program_upload/success", "plc_start/success"), events);

        String assets = Files.readString(out.resolve("assets.json"));
        assertTrue(assets.contains("6ES7 215-1AG40-0XB0"), assets);
        assertTrue(assets.contains("V4.5"), assets);
    }

    private static void exchange(Conversation.Tcp tcp, Conversation c, int function, int sequence, String body) {
        c.after(200_000_000L);
        tcp.toServer(dt(pdu(3, String.format("31 0000 %04x 0000 %04x 000003a0 34 ", function, sequence) + body)));
        tcp.toClient(dt(pdu(3, String.format("32 0000 %04x 0000 %04x 34 00 00000000", function, sequence))));
    }

    private static String ascii(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** S7comm-plus PDU: 0x72, version, data length, [V3: integrity digest], data, trailer. */
    private static byte[] pdu(int version, String data) {
        byte[] body = hex((version == 3 ? DIGEST : "") + data);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x72, (byte) version, (byte) (body.length >> 8), (byte) body.length});
        b.writeBytes(body);
        b.writeBytes(new byte[] {0x72, (byte) version, 0, 0});
        return b.toByteArray();
    }

    /** One COTP DT (last data unit) in TPKT. */
    private static byte[] dt(byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(hex("02 f0 80"));
        b.writeBytes(payload);
        return tpkt(b.toByteArray());
    }

    private static byte[] tpkt(String cotp) {
        return tpkt(hex(cotp));
    }

    private static byte[] tpkt(byte[] cotp) {
        int length = cotp.length + 4;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {3, 0, (byte) (length >> 8), (byte) length});
        b.writeBytes(cotp);
        return b.toByteArray();
    }
}
