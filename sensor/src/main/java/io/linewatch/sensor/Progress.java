package io.linewatch.sensor;

import io.linewatch.pipeline.Run;
import java.io.PrintStream;

/** A progress line on stderr every couple of seconds of wall time (runs shorter than that print none). */
final class Progress implements Run.Listener {
    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintStream err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long nextReport = started + INTERVAL_NANOS;
    private long lastPackets;
    private long lastTime = started;
    private boolean printed;

    Progress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public void tick(long packets, double fraction) {
        if (!enabled || (packets & 0x3ff) != 0) {
            return; // look at the clock once per 1024 packets
        }
        long now = System.nanoTime();
        if (now < nextReport) {
            return;
        }
        double rate = (packets - lastPackets) / ((now - lastTime) / 1e9);
        String pct = fraction >= 0 ? String.format("  %5.1f%% of input", fraction * 100) : "";
        err.printf("linewatch: %,d packets  %,.0f packets/s%s%n", packets, rate, pct);
        printed = true;
        lastPackets = packets;
        lastTime = now;
        nextReport = now + INTERVAL_NANOS;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    @Override
    public void done() {
        if (printed) {
            err.flush();
        }
    }
}
