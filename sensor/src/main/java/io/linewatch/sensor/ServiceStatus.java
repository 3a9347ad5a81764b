package io.linewatch.sensor;

import io.linewatch.capture.decode.DecodeStats;
import io.linewatch.capture.flow.FlowStats;
import io.linewatch.capture.source.LiveSource;
import io.linewatch.index.es.ShipperStatus;
import io.linewatch.index.journal.Journal;
import io.linewatch.index.outputs.OutputStats;
import io.linewatch.pipeline.PacketPipeline;
import io.linewatch.pipeline.PipelineSnapshot;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a running capture looks like from outside: the Prometheus text exposition of its counters, and a health
 * verdict that names what is wrong. Read by the metrics endpoint's threads; {@link #sample} is called once a second
 * by the capture's timer to keep the short history the health rules look at.
 */
final class ServiceStatus {
    /** Free space below this (bytes or fraction of the file system) is "disk low". */
    static final long MIN_FREE_BYTES = 1L << 30;
    static final double MIN_FREE_FRACTION = 0.05;

    private final PacketPipeline pipeline;
    private final LiveSource source;
    private final Shipping shipping;
    private final Alerting alerting;
    private final Path dir;
    private final Duration idleLimit;
    private final Duration dropWindow;
    private final long startedNanos = System.nanoTime();

    /** Samples of libpcap's counters, newest last, covering {@code dropWindow}. */
    private final Deque<long[]> samples = new ArrayDeque<>();
    private long lastReceived = -1;
    private long lastReceivedChangeNanos = startedNanos;

    /**
     * @param idleLimit  no packet for this long is a problem
     * @param dropWindow packets dropped by libpcap within this window are a problem
     */
    ServiceStatus(PacketPipeline pipeline, LiveSource source, Shipping shipping, Alerting alerting, Path dir,
            Duration idleLimit, Duration dropWindow) {
        this.pipeline = pipeline;
        this.source = source;
        this.shipping = shipping;
        this.alerting = alerting;
        this.dir = dir;
        this.idleLimit = idleLimit;
        this.dropWindow = dropWindow;
    }

    private volatile io.linewatch.index.journal.Retention retention;

    /** The disk budget's keeper of this capture, or null without a budget. */
    void retention(io.linewatch.index.journal.Retention r) {
        this.retention = r;
    }

    /** Once a second: remembers libpcap's counters. */
    synchronized void sample() {
        long now = System.nanoTime();
        LiveSource.Stats s = observe(now);
        samples.addLast(new long[] {now, s.dropped() + s.droppedByInterface()});
        while (samples.size() > 1 && now - samples.peekFirst()[0] > dropWindow.toNanos()) {
            samples.removeFirst();
        }
    }

    /** Notes when libpcap's receive counter last moved (also between samples, so /health is current). */
    private LiveSource.Stats observe(long now) {
        LiveSource.Stats s = source.stats();
        if (s.received() != lastReceived) {
            lastReceived = s.received();
            lastReceivedChangeNanos = now;
        }
        return s;
    }

    /** What is wrong now, one sentence each; empty when healthy. */
    List<String> problems() {
        List<String> p = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            observe(now);
            long idle = now - lastReceivedChangeNanos;
            if (idle > idleLimit.toNanos()) {
                p.add(String.format("no packets for %d s on %s (limit %d s): check the SPAN port or TAP",
                        Duration.ofNanos(idle).toSeconds(), source.name(), idleLimit.toSeconds()));
            }
            if (samples.size() > 1) {
                long dropped = samples.peekLast()[1] - samples.peekFirst()[1];
                if (dropped > 0) {
                    p.add(String.format("drops rising: libpcap dropped %,d packets in the last %d s", dropped,
                            Duration.ofNanos(samples.peekLast()[0] - samples.peekFirst()[0]).toSeconds()));
                }
            }
        }
        ShipperStatus es = shipping.status();
        if (es != null && es.retrying()) {
            p.add("Elasticsearch unreachable or refusing (" + es.lastError() + "); " + es.documentsBehind()
                    + " documents wait in the journal");
        }
        for (OutputStats o : alerting.stats()) {
            if (o.retrying()) {
                p.add(o.name() + " unreachable (" + o.lastError() + "); " + o.queued() + " alerts queued");
            }
        }
        try {
            FileStore store = Files.getFileStore(dir);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            if (free < MIN_FREE_BYTES || (total > 0 && free < total * MIN_FREE_FRACTION)) {
                p.add(String.format("disk low: %,d MiB free of %,d MiB under %s", free >> 20, total >> 20, dir));
            }
        } catch (IOException e) {
            p.add("cannot check the free space under " + dir + ": " + e.getMessage());
        }
        io.linewatch.index.journal.Retention r = retention;
        if (r != null && r.stats().overBudget()) {
            p.add(String.format("over the disk budget of %s under %s with no sealed journal segment left to remove",
                    io.linewatch.index.journal.Retention.size(r.stats().budgetBytes()), dir));
        }
        PipelineSnapshot.Health h = pipeline.snapshot().health();
        p.addAll(h.errors());
        return p;
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    String prometheus() {
        PipelineSnapshot snap = pipeline.snapshot();
        PipelineSnapshot.Counters c = snap.counters();
        StringBuilder b = new StringBuilder();
        counter(b, "linewatch_packets_total", "frames read from the interface", c.packets());
        counter(b, "linewatch_bytes_total", "bytes of those frames, as captured", c.bytes());
        LiveSource.Stats s = source.stats();
        counter(b, "linewatch_pcap_received_total", "packets libpcap received", s.received());
        counter(b, "linewatch_pcap_dropped_total", "packets libpcap dropped (buffer full)", s.dropped());
        counter(b, "linewatch_pcap_interface_dropped_total", "packets the interface dropped", s.droppedByInterface());
        counter(b, "linewatch_worker_queue_dropped_total", "packets dropped at full worker queues",
                snap.health().queueDrops());
        counter(b, "linewatch_flows_total", "flows created", c.flows());
        header(b, "linewatch_caps_hit_total", "counter", "what a bound cut off, by cap");
        for (Map.Entry<String, Long> e : caps().entrySet()) {
            b.append("linewatch_caps_hit_total{cap=\"").append(label(e.getKey())).append("\"} ").append(e.getValue())
                    .append('\n');
        }
        counter(b, "linewatch_events_written_total", "documents journaled (flow records included)", c.events());
        header(b, "linewatch_events_total", "counter", "documents journaled, by event.dataset");
        c.eventsByDataset().forEach((k, v) -> b.append("linewatch_events_total{dataset=\"").append(label(k))
                .append("\"} ").append(v).append('\n'));
        counter(b, "linewatch_alerts_total", "alerts raised", c.alerts());
        gauge(b, "linewatch_assets", "devices in the inventory", snap.assets().size());
        header(b, "linewatch_journal_bytes", "gauge", "size of the journal files (every segment)");
        for (Journal.Stream st : Journal.Stream.values()) {
            long size;
            try {
                size = io.linewatch.model.JournalSegments.size(dir, st.fileName);
            } catch (IOException e) {
                size = 0;
            }
            b.append("linewatch_journal_bytes{stream=\"").append(st.name().toLowerCase(Locale.ROOT)).append("\"} ")
                    .append(size).append('\n');
        }
        ShipperStatus es = shipping.status();
        if (es != null) {
            gauge(b, "linewatch_shipping_lag_documents", "journaled documents not yet in Elasticsearch",
                    es.documentsBehind());
            gauge(b, "linewatch_shipping_lag_bytes", "journal bytes not yet in Elasticsearch", es.bytesBehind());
            counter(b, "linewatch_shipping_rejected_total", "documents Elasticsearch refused", es.rejected());
            gauge(b, "linewatch_shipping_retrying", "1 while Elasticsearch is unreachable or refusing",
                    es.retrying() ? 1 : 0);
            gauge(b, "linewatch_shipping_lag_growth_bytes_per_second", "how fast the backlog grows (an outage) or "
                    + "shrinks, over the last minute", shipping.backlog().bytesPerSecond());
        }
        io.linewatch.index.journal.Retention r = retention;
        if (r != null) {
            io.linewatch.index.journal.Retention.Stats st = r.stats();
            gauge(b, "linewatch_disk_budget_bytes", "the output directory's disk budget", st.budgetBytes());
            gauge(b, "linewatch_directory_bytes", "what the output directory holds (at the last check)", st.usedBytes());
            counter(b, "linewatch_retention_shipped_segments_removed_total", "shipped journal segments removed",
                    st.shippedSegmentsRemoved());
            counter(b, "linewatch_retention_unshipped_segments_removed_total", "unshipped journal segments removed "
                    + "to keep the budget", st.unshippedSegmentsRemoved());
            counter(b, "linewatch_retention_unshipped_documents_removed_total", "documents lost with them",
                    st.unshippedDocumentsRemoved());
        }
        List<OutputStats> outputs = alerting.stats();
        if (!outputs.isEmpty()) {
            header(b, "linewatch_output_sent_total", "counter", "alerts an output's receiver took");
            outputs.forEach(o -> sample(b, "linewatch_output_sent_total", o, o.sent()));
            header(b, "linewatch_output_dropped_total", "counter", "alerts dropped at an output's full queue");
            outputs.forEach(o -> sample(b, "linewatch_output_dropped_total", o, o.dropped()));
            header(b, "linewatch_output_failed_total", "counter", "alerts an output's receiver refused");
            outputs.forEach(o -> sample(b, "linewatch_output_failed_total", o, o.failed()));
            header(b, "linewatch_output_queued", "gauge", "alerts waiting in an output's queue");
            outputs.forEach(o -> sample(b, "linewatch_output_queued", o, o.queued()));
        }
        Map<String, Long> baseline = pipeline.baselineCounters();
        if (!baseline.isEmpty()) {
            header(b, "linewatch_baseline", "gauge", "the baseline's figures (what it learned, judged, dropped), by name");
            new java.util.TreeMap<>(baseline).forEach((k, v) -> b.append("linewatch_baseline{name=\"").append(label(k))
                    .append("\"} ").append(v).append('\n'));
        }
        long last = snap.health().lastPacketNanos();
        gauge(b, "linewatch_last_packet_timestamp_seconds", "capture time of the newest packet", last / 1e9);
        gauge(b, "linewatch_uptime_seconds", "seconds since the capture started",
                (System.nanoTime() - startedNanos) / 1e9);
        gauge(b, "linewatch_healthy", "1 when /health finds nothing wrong", problems().isEmpty() ? 1 : 0);
        return b.toString();
    }

    /**
     * What bounds cut off: flows evicted at the flow-table cap, reassembly and fragment caps, and the inventory's
     * caps. The flow figures are the single capture thread's (racy reads of counters it alone writes); with
     * {@code --threads N > 1} they are complete once the capture ends.
     */
    private Map<String, Long> caps() {
        Map<String, Long> m = new java.util.TreeMap<>();
        FlowStats f = pipeline.flowStats();
        DecodeStats d = pipeline.decodeStats();
        m.put("flows_evicted", f.evicted());
        m.put("reassembly", f.reassemblyCapHits);
        m.put("fragments", d.fragmentsDroppedAtCap);
        pipeline.inventoryCounters().forEach((k, v) -> m.put("inventory_" + k, v));
        pipeline.ruleCounters().forEach((k, v) -> {
            if (k.contains("refused")) {
                m.put(k.replace('.', '_'), v); // the rules' working-memory caps (their other counters are not caps)
            }
        });
        return m;
    }

    private static void sample(StringBuilder b, String name, OutputStats o, long value) {
        b.append(name).append("{output=\"").append(label(o.name())).append("\"} ").append(value).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        header(b, name, "counter", help);
        b.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, double value) {
        header(b, name, "gauge", help);
        b.append(name).append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value)).append('\n');
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A label value: backslash, double quote and newline escaped. */
    static String label(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
