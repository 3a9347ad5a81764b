package io.linewatch.console;

import io.linewatch.pipeline.PipelineSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A running capture: assets, recent alerts, counters and health from the pipeline's {@link PipelineSnapshot}
 * (taken at most every {@value #SNAPSHOT_MILLIS} ms); the traffic aggregate and the full alert history from the
 * journal the capture writes (synced to disk every second), read as {@link DirectoryData} does.
 */
final class LiveData implements ConsoleData {
    static final long SNAPSHOT_MILLIS = 1000;

    private final DirectoryData journal;
    private final Supplier<PipelineSnapshot> snapshots;
    private final Supplier<Map<String, Object>> captureHealth;
    private PipelineSnapshot last;
    private long lastTaken;

    /**
     * @param captureHealth what only the sensor knows (libpcap's receive and drop counters, the Elasticsearch
     *                      shipper's lag), merged into {@link #health()} under {@code capture}; may return null
     */
    LiveData(Path dir, Supplier<PipelineSnapshot> snapshots, Supplier<Map<String, Object>> captureHealth) {
        this.journal = new DirectoryData(dir);
        this.snapshots = snapshots;
        this.captureHealth = captureHealth;
    }

    private synchronized PipelineSnapshot snapshot() {
        long now = System.currentTimeMillis();
        if (last == null || now - lastTaken >= SNAPSHOT_MILLIS) {
            last = snapshots.get();
            lastTaken = now;
        }
        return last;
    }

    @Override
    public Path directory() {
        return journal.directory();
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public List<Map<String, Object>> assets() {
        return new ArrayList<>(snapshot().assets());
    }

    /** The journal's alerts, then those of the snapshot not yet synced to it. */
    @Override
    public List<Map<String, Object>> alerts() {
        List<Map<String, Object>> all = journal.alerts();
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> a : all) {
            ids.add(Docs.str(a, "event.id"));
        }
        for (Map<String, Object> a : snapshot().recentAlerts()) {
            if (ids.add(Docs.str(a, "event.id"))) {
                all.add(a);
            }
        }
        return all;
    }

    @Override
    public <T> T traffic(Function<Traffic, T> view) {
        return journal.traffic(view);
    }

    @Override
    public Map<String, Object> baseline() {
        return journal.baseline();
    }

    @Override
    public Map<String, Object> health() {
        PipelineSnapshot s = snapshot();
        Map<String, Object> h = new LinkedHashMap<>(journal.health());
        h.put("mode", "live");
        PipelineSnapshot.Health ph = s.health();
        h.put("running", ph.running());
        h.put("packets_per_second", Math.round(ph.packetsPerSecond() * 10) / 10.0);
        h.put("last_packet", ph.lastPacketNanos() == 0 ? null
                : java.time.Instant.ofEpochSecond(0, ph.lastPacketNanos()).toString());
        h.put("queue_drops", ph.queueDrops());
        List<String> errors = new ArrayList<>(ph.errors());
        Object journalErrors = h.get("errors");
        if (journalErrors instanceof List<?> l) {
            for (Object o : l) {
                errors.add(String.valueOf(o));
            }
        }
        h.put("errors", errors);
        PipelineSnapshot.Counters c = s.counters();
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("packets", c.packets());
        counters.put("bytes", c.bytes());
        counters.put("flows", c.flows());
        counters.put("events", c.events());
        counters.put("alerts", c.alerts());
        counters.put("events_by_dataset", c.eventsByDataset());
        counters.put("dissector_counters", c.dissectorCounters());
        h.put("counters", counters);
        Map<String, Object> capture = captureHealth == null ? null : captureHealth.get();
        if (capture != null) {
            h.put("capture", new LinkedHashMap<>(capture));
        }
        return h;
    }
}
