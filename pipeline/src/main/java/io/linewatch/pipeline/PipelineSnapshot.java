package io.linewatch.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline looks like at one moment, for a reader on another thread (the future web console): immutable
 * copies, safe to keep and to serialize. Taken with {@link PacketPipeline#snapshot()} while the pipeline runs.
 *
 * <p>The asset documents, the events by dataset and the recent alerts are copied under the lock of the stage that
 * owns them, so they agree with each other. The packet figures are published by the reading thread after every
 * packet; the flow and dissector counters by the thread that owns them at least every {@value #PUBLISH_PACKETS}
 * packets (per worker: after every batch), so they may lag the rest by that much.
 *
 * @param takenAtMillis  wall-clock time of the snapshot (epoch milliseconds)
 * @param counters       what was counted so far
 * @param assets         the asset documents (as {@code assets.json} would hold them now), nested maps
 * @param recentAlerts   the last {@value #RECENT_ALERTS} alerts at most, oldest first, nested maps
 * @param health         whether the pipeline runs, how fast, and what went wrong
 */
public record PipelineSnapshot(long takenAtMillis, Counters counters, List<Map<String, Object>> assets,
        List<Map<String, Object>> recentAlerts, Health health) {
    /** How many alerts a snapshot keeps (the newest). */
    public static final int RECENT_ALERTS = 200;
    /** At most this many packets between two publications of the flow and dissector counters. */
    public static final int PUBLISH_PACKETS = 1024;

    public PipelineSnapshot {
        assets = List.copyOf(assets);
        recentAlerts = List.copyOf(recentAlerts);
    }

    /**
     * @param packets           frames read
     * @param bytes             bytes of those frames (as captured)
     * @param flows             flows created
     * @param events            documents journaled (flow records included)
     * @param alerts            alerts raised
     * @param eventsByDataset   {@code event.dataset} → documents, sorted by dataset
     * @param dissectorCounters dissector counters ({@code protocol.what} → count), sorted by name
     */
    public record Counters(long packets, long bytes, long flows, long events, long alerts,
            Map<String, Long> eventsByDataset, Map<String, Long> dissectorCounters) {
        public Counters {
            eventsByDataset = Collections.unmodifiableMap(new LinkedHashMap<>(eventsByDataset));
            dissectorCounters = Collections.unmodifiableMap(new LinkedHashMap<>(dissectorCounters));
        }
    }

    /**
     * @param running          accepting packets (false once finished)
     * @param packetsPerSecond packets per second of wall time since the previous snapshot (the first: since start)
     * @param lastPacketNanos  capture time of the newest packet (epoch nanoseconds), 0 before the first
     * @param queueDrops       packets dropped at full worker queues (live parallel capture only)
     * @param errors           what went wrong (oldest first, at most a few): journal failures, failed threads
     */
    public record Health(boolean running, double packetsPerSecond, long lastPacketNanos, long queueDrops,
            List<String> errors) {
        public Health {
            errors = List.copyOf(errors);
        }
    }

    /** A deep, unmodifiable copy of a document tree (maps keep their key order; nulls are kept). */
    static Object freeze(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) {
                copy.add(freeze(o));
            }
            return Collections.unmodifiableList(copy);
        }
        return value; // strings, numbers, booleans: immutable
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> freezeDoc(Map<String, Object> doc) {
        return (Map<String, Object>) freeze(doc);
    }
}
