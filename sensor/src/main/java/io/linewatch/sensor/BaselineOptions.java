package io.linewatch.sensor;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.baseline.BaselineFile;
import io.linewatch.model.Timestamps;
import io.linewatch.pipeline.PacketPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How the baseline learns, for {@code analyze} and {@code capture} (docs/BASELINE.md). */
final class BaselineOptions {
    @Option(names = "--learn", paramLabel = "DURATION",
            description = "learn for this long of capture time from the first packet (e.g. 10m, 2h, 7d), then report departures")
    String learn;

    @Option(names = "--learn-until", paramLabel = "TIMESTAMP",
            description = "learn until this capture time (ISO-8601, e.g. 2024-05-01T06:00:00Z), then report departures")
    String learnUntil;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "continue from a saved baseline (a baseline.json of an earlier run)")
    Path baseline;

    @Option(names = "--learn-new-device", paramLabel = "DURATION",
            description = "how long a device first seen after learning learns its own behaviour as a server (default 10m)")
    String learnNewDevice;

    /** A usage error in the baseline options. */
    static final class BadOption extends Exception {
        private static final long serialVersionUID = 1L;

        BadOption(String message) {
            super(message);
        }
    }

    /** Checked options: how to learn, and the saved baseline to continue from (or null). */
    record Prepared(BaselineConfig config, Path saved) {
        /** Before the first packet. */
        void applyTo(PacketPipeline pipeline) throws IOException {
            pipeline.useBaseline(config, saved);
        }
    }

    /**
     * Checks the options. {@code defaultLearnNanos} is the learning period when none is given (-1: the whole run);
     * {@code outputDir}'s own baseline is continued from when {@code continueFromOutput} (a restarted capture keeps
     * what it learned).
     */
    Prepared prepare(long defaultLearnNanos, Path outputDir, boolean continueFromOutput) throws BadOption {
        long forNanos = learn == null ? -1 : duration("--learn", learn);
        long untilNanos = -1;
        if (learnUntil != null) {
            try {
                untilNanos = Timestamps.parse(learnUntil);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new BadOption("--learn-until: not an ISO-8601 time: " + learnUntil);
            }
        }
        if (forNanos < 0 && untilNanos < 0) {
            forNanos = defaultLearnNanos;
        }
        BaselineConfig config = BaselineConfig.learnWholeRun().withLearning(forNanos, untilNanos);
        if (learnNewDevice != null) {
            config = config.withNewDeviceGrace(duration("--learn-new-device", learnNewDevice));
        }
        Path saved = baseline;
        if (saved == null && continueFromOutput) {
            Path own = outputDir.resolve(BaselineFile.FILE_NAME);
            saved = Files.isRegularFile(own) ? own : null;
        }
        if (saved != null && !Files.isReadable(saved)) {
            throw new BadOption("--baseline: cannot read " + saved);
        }
        return new Prepared(config, saved);
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, {@code 7d}, or an ISO-8601 duration ({@code PT10M}). */
    static long duration(String option, String text) throws BadOption {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT)).toNanos();
            }
            long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
                case 's' -> BaselineConfig.SECOND;
                case 'm' -> BaselineConfig.MINUTE;
                case 'h' -> BaselineConfig.HOUR;
                case 'd' -> 24 * BaselineConfig.HOUR;
                default -> throw new NumberFormatException();
            };
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new BadOption(option + ": not a duration (use e.g. 90s, 10m, 2h, 7d): " + text);
        }
    }
}
