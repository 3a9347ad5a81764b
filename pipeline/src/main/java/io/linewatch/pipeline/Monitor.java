package io.linewatch.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures a pipeline publishes for {@link PipelineSnapshot}s: written by the thread that owns them (cheap
 * ordered stores, no lock on the packet path), read by any thread.
 */
final class Monitor {
    private static final int MAX_ERRORS = 20;

    private final long startedNanos = System.nanoTime();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastPacketNanos = new AtomicLong();
    private volatile boolean running = true;
    private final List<String> errors = new ArrayList<>();
    private long rateSampleNanos = startedNanos;
    private long rateSamplePackets;

    /** The reading thread, after every packet. */
    void packet(long packetCount, long byteCount, long lastTimestamp) {
        packets.lazySet(packetCount);
        bytes.lazySet(byteCount);
        lastPacketNanos.lazySet(lastTimestamp);
    }

    long packets() {
        return packets.get();
    }

    long bytes() {
        return bytes.get();
    }

    void stopped() {
        running = false;
    }

    synchronized void error(String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(message);
        }
    }

    /** Health as of now; the rate covers the time since the previous call. */
    synchronized PipelineSnapshot.Health health(long queueDrops) {
        long now = System.nanoTime();
        long n = packets.get();
        double seconds = (now - rateSampleNanos) / 1e9;
        double rate = seconds > 0 ? (n - rateSamplePackets) / seconds : 0;
        rateSampleNanos = now;
        rateSamplePackets = n;
        return new PipelineSnapshot.Health(running, rate, lastPacketNanos.get(), queueDrops, errors);
    }

    /** Sums per-thread counter maps (each an immutable publication) into one sorted map. */
    static Map<String, Long> sum(List<Map<String, Long>> parts) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Map<String, Long> p : parts) {
            p.forEach((k, v) -> out.merge(k, v, Long::sum));
        }
        return out;
    }
}
