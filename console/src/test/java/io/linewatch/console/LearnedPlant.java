package io.linewatch.console;

import static io.linewatch.testkit.ModbusTcp.adu;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.index.journal.Journal;
import io.linewatch.pipeline.Pipeline;
import io.linewatch.pipeline.Run;
import io.linewatch.rules.RuleEngine;
import io.linewatch.rules.facts.MaintenanceWindow;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.TimeOrderedFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A capture the console's tests write themselves and analyse with a baseline: an HMI polls a PLC's holding
 * registers 100..101 once a second for 20 minutes (register 100 moves between 500 and 520, 101 stays 7), learned
 * for the first 10; at minute 12 a laptop nobody saw before writes register 200 (new device, new talker,
 * unauthorized write: alerts over baseline observations); inside a maintenance window (minutes 14 to 16, writes by
 * the engineering station allowed) the engineering station writes register 300 (an expected change) and the same
 * laptop writes register 201 (alerted, naming the window); a second window, the next day, is only briefed. The
 * PLC hangs off port {@value #SWITCH_PORT} of a Cisco switch: the tap hears the switch's CDP and the PLC's LLDP
 * (the two ends of one link), so the inventory knows the switch and the PLC's attachment.
 */
final class LearnedPlant {
    static final long T0 = 1_717_200_000_000_000_000L; // 2024-06-01T00:00:00Z
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final String HMI = "10.10.1.20";
    static final String PLC = "10.10.1.10";
    static final String LAPTOP = "10.10.1.99";
    static final String ENGINEERING = "10.10.1.30";
    static final String SWITCH = "10.10.1.2";
    static final String SWITCH_NAME = "sw-line-1";
    static final String SWITCH_PORT = "GigabitEthernet0/5";
    static final String PAST_WINDOW = "Line 1 register change";
    static final String NEXT_WINDOW = "Line 1 firmware update";

    private LearnedPlant() {
    }

    /** Register 100 of the polling at second {@code i}: 500..520 in steps. */
    static int value(int i) {
        return 500 + 20 * (i % 10) / 9;
    }

    static Path capture(Path file) throws IOException {
        TimeOrderedFrames frames = new TimeOrderedFrames();
        Conversation polling = new Conversation(frames, T0, HMI, PLC);
        Conversation.Tcp c = polling.tcp(49152, 502).handshake();
        for (int i = 0; i < 20 * 60; i++) {
            int v = value(i);
            c.toServer(adu(i & 0xffff, 1, 0x03, 0x00, 100, 0x00, 2));
            c.toClient(adu(i & 0xffff, 1, 0x03, 4, v >> 8, v & 0xff, 0, 7));
            c.clientAck();
            polling.after(SECOND - 3 * Conversation.STEP_NANOS);
        }
        c.close();
        frames.frame(T0 + 5 * SECOND, io.linewatch.testkit.Frames.cdp(SWITCH, SWITCH_NAME, SWITCH_PORT, 0x28,
                "Cisco IOS Software, C2960 Software, Version 15.0(2)SE", "cisco WS-C2960-24TT-L")); // switch + IGMP
        frames.frame(T0 + 6 * SECOND, io.linewatch.testkit.Frames.lldp(PLC, "plc-line-1", "port-001", "plc-line-1",
                "Schneider Electric, Modicon M580", 0x80)); // station only
        write(frames, T0 + 12 * MINUTE, LAPTOP, 50000, 200, 99);
        write(frames, T0 + 14 * MINUTE + 30 * SECOND, ENGINEERING, 50100, 300, 1);
        write(frames, T0 + 15 * MINUTE, LAPTOP, 50001, 201, 98);
        Files.createDirectories(file.getParent());
        frames.write(file);
        return file;
    }

    /** One Write Single Register (function 6) from {@code client} to the PLC, answered. */
    private static void write(TimeOrderedFrames frames, long at, String client, int port, int register, int value) {
        Conversation.Tcp t = new Conversation(frames, at, client, PLC).tcp(port, 502).handshake();
        t.toServer(adu(1, 1, 0x06, register >> 8, register & 0xff, 0x00, value))
                .toClient(adu(1, 1, 0x06, register >> 8, register & 0xff, 0x00, value)).close();
    }

    static List<MaintenanceWindow> windows() {
        return List.of(
                new MaintenanceWindow(PAST_WINDOW, T0 + 14 * MINUTE, T0 + 16 * MINUTE, List.of(PLC), Set.of("write"),
                        List.of(ENGINEERING)),
                new MaintenanceWindow(NEXT_WINDOW, T0 + 20 * 60 * MINUTE, T0 + 22 * 60 * MINUTE, List.of(PLC),
                        Set.of("firmware"), List.of(ENGINEERING)));
    }

    /** Writes the capture and analyses it into {@code out} as {@code analyze --learn 10m --maintenance ...} does. */
    static Path analyze(Path out) throws Exception {
        Path pcap = capture(out.resolveSibling(out.getFileName() + ".pcap"));
        try (Journal journal = new Journal(out, true); CaptureFileReader source = new CaptureFileReader(pcap)) {
            Pipeline pipeline = new Pipeline(journal, RuleEngine.compile(null, windows()), null);
            pipeline.useBaseline(BaselineConfig.learnFor(Duration.ofMinutes(10)), null);
            String error = new Run(source, pipeline, (p, f) -> { }, 0).execute();
            if (error != null) {
                throw new IllegalStateException(error);
            }
        }
        return out;
    }
}
