package io.linewatch.sensor;

import static io.linewatch.testkit.ModbusTcp.adu;

import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Captures of a small plant for the foundation report, written with testkit's {@link Conversation}: real TCP
 * handshakes, Modbus/TCP polling, a print job, Telnet and HTTP sessions. Each scenario is its own file; analyze
 * merges them in time order.
 *
 * <ul>
 * <li>{@link #flatSegment}: an HMI (.20) polls PLC .10, which tells its identity (Modbus 43/14); an office workstation
 * (.50) prints to a printer (.60, JetDirect 9100); all in 10.1.1.0/24.</li>
 * <li>{@link #cleartext}: the workstation opens Telnet (23) and HTTP (80) sessions to PLC .10.</li>
 * <li>{@link #unidentified}: the HMI polls a second Modbus server, .11, which answers but never tells its identity
 * (or, with {@code identify}, does).</li>
 * <li>{@link #clean}: an HMI (10.2.2.20) and an identified PLC (10.2.2.10) alone in their segment.</li>
 * </ul>
 */
final class PlantCaptures {
    static final String HMI = "10.1.1.20";
    static final String PLC = "10.1.1.10";
    static final String LEGACY_PLC = "10.1.1.11";
    static final String WORKSTATION = "10.1.1.50";
    static final String PRINTER = "10.1.1.60";
    static final String CLEAN_HMI = "10.2.2.20";
    static final String CLEAN_PLC = "10.2.2.10";

    /** 2024-05-06T08:00:00Z */
    static final long T0 = 1_714_982_400_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final int POLLS = 30;

    private PlantCaptures() {
    }

    static Path flatSegment(Path file) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            poll(w, T0, HMI, PLC, 40001, true);
            Conversation print = new Conversation(w::frame, T0 + 40 * SECOND, WORKSTATION, PRINTER);
            byte[] job = ("\u001b%-12345X@PJL JOB NAME=\"shift report\"\r\n" + "x".repeat(600)).getBytes(StandardCharsets.ISO_8859_1);
            print.tcp(50100, 9100).handshake().toServer(job).serverAck().close();
        }
        return file;
    }

    static Path cleartext(Path file) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            Conversation telnet = new Conversation(w::frame, T0 + 50 * SECOND, WORKSTATION, PLC);
            telnet.tcp(50200, 23).handshake().toClient(ascii("\r\nPLC login: ")).toServer(ascii("admin\r\n"))
                    .toClient(ascii("Password: ")).toServer(ascii("admin\r\n")).toClient(ascii("> ")).close();
            Conversation http = new Conversation(w::frame, T0 + 55 * SECOND, WORKSTATION, PLC);
            http.tcp(50201, 80).handshake().toServer(ascii("GET /index.html HTTP/1.1\r\nHost: 10.1.1.10\r\n\r\n"))
                    .toClient(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<h1>PLC</h1>\n"))
                    .close();
        }
        return file;
    }

    static Path unidentified(Path file, boolean identify) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            poll(w, T0 + 60 * SECOND, HMI, LEGACY_PLC, 40002, identify);
        }
        return file;
    }

    static Path clean(Path file) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            poll(w, T0, CLEAN_HMI, CLEAN_PLC, 40001, true);
        }
        return file;
    }

    /** {@code client} polling {@code server} over Modbus/TCP from {@code port} ({@link #POLLS} reads, no identity). */
    static Path polling(Path file, String client, String server, int port) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            poll(w, T0, client, server, port, false);
        }
        return file;
    }

    /** One Modbus/TCP connection: optionally Read Device Identification, then {@link #POLLS} reads one second apart. */
    private static void poll(PcapWriter w, long start, String hmi, String plc, int port, boolean identify) {
        Conversation c = new Conversation(w::frame, start, hmi, plc);
        Conversation.Tcp tcp = c.tcp(port, 502).handshake();
        int tid = 1;
        if (identify) {
            // function 43 / MEI 14, read code 1 (basic), from object 0
            tcp.toServer(adu(tid, 1, 0x2b, 0x0e, 0x01, 0x00));
            tcp.toClient(adu(tid, 1, identification("Schneider Electric", "BMX P34 2020", "v3.10")));
            tid++;
        }
        for (int i = 0; i < POLLS; i++) {
            c.after(SECOND - 2 * Conversation.STEP_NANOS);
            // read holding registers 100..109
            tcp.toServer(adu(tid, 1, 0x03, 0x00, 0x64, 0x00, 0x0a));
            byte[] response = new byte[2 + 20];
            response[0] = 0x03;
            response[1] = 20;
            for (int r = 0; r < 10; r++) {
                response[3 + 2 * r] = (byte) (i + r);
            }
            tcp.toClient(adu(tid, 1, response));
            tid++;
        }
        tcp.close();
    }

    private static byte[] identification(String vendor, String product, String revision) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x2b, 0x0e, 0x01, 0x01, 0x00, 0x00, 0x03});
        String[] values = {vendor, product, revision};
        for (int id = 0; id < 3; id++) {
            byte[] v = ascii(values[id]);
            b.write(id);
            b.write(v.length);
            b.writeBytes(v);
        }
        return b.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
