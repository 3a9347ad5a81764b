package io.linewatch.console;

import io.linewatch.model.schema.SummaryFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the events say, aggregated as they are read, in bounded memory: transactions over time by protocol and by
 * operation, who talks to whom over which protocol (with writes and engineering actions counted per edge), the
 * functions each address used or served, the latest writes and engineering actions, and maintenance documents.
 * The events themselves are not kept. Every cap that is hit is counted ({@link #dropped()}).
 */
final class Traffic {
    /** Operations that change the process or the program (SCHEMA.md {@code ot.operation}). */
    static final Set<String> ENGINEERING = Set.of("control", "program", "firmware");
    static final String WRITE = "write";

    static final int MAX_BUCKETS = 2048;
    static final int MAX_EDGES = 200_000;
    static final int MAX_ADDRESSES = 100_000;
    static final int MAX_FUNCTIONS_PER_ADDRESS = 256;
    static final int NOTABLE_KEPT = 500;
    static final int NOTABLE_PER_ADDRESS = 25;
    static final int MAINTENANCE_KEPT = 1000;
    /** Baseline observations remembered by id (the latest document per id), so an alert can name its departure. */
    static final int OBSERVATIONS_KEPT = 100_000;
    static final String OBSERVATION_DATASET = "linewatch.observation";
    /**
     * A summary (the default {@code --transactions notable}) stands for {@code linewatch.summary.count} routine
     * transactions: counted as that many, at its {@code @timestamp} in the time series; it is not a write or an
     * engineering action of its own to list (those have their own documents).
     */
    private static boolean isSummary(String dataset) {
        return SummaryFields.DATASET.equals(dataset);
    }

    /** One directed edge: client to server over one protocol. */
    static final class Edge {
        final String source;
        final String destination;
        final String protocol;
        long transactions;
        long writes;
        long engineering;
        long flows;
        long bytes;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Edge(String source, String destination, String protocol) {
            this.source = source;
            this.destination = destination;
            this.protocol = protocol;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", source);
            m.put("destination", destination);
            m.put("protocol", protocol);
            m.put("transactions", transactions);
            m.put("writes", writes);
            m.put("engineering", engineering);
            m.put("flows", flows);
            m.put("bytes", bytes);
            m.put("first_seen", first == Long.MAX_VALUE ? null : java.time.Instant.ofEpochMilli(first).toString());
            m.put("last_seen", last == Long.MIN_VALUE ? null : java.time.Instant.ofEpochMilli(last).toString());
            return m;
        }
    }

    private long bucketMillis = 1000;
    private final TreeMap<Long, Map<String, Long>> buckets = new TreeMap<>();
    private final Map<String, Long> byProtocol = new TreeMap<>();
    private final Map<String, Long> byOperation = new TreeMap<>();
    private final Map<String, Long> byAction = new HashMap<>();
    private final Map<String, Long> byDataset = new TreeMap<>();
    private final Map<String, Edge> edges = new HashMap<>();
    private final Map<String, Map<String, long[]>> functions = new HashMap<>();
    private final Map<String, Deque<Map<String, Object>>> notableByAddress = new HashMap<>();
    private final Deque<Map<String, Object>> notable = new ArrayDeque<>();
    private final Deque<Map<String, Object>> maintenance = new ArrayDeque<>();
    private final LinkedHashMap<String, Map<String, Object>> observations = new LinkedHashMap<>();
    private final Map<String, Long> dropped = new TreeMap<>();
    private long transactions;
    private long flows;
    private long writes;
    private long engineering;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    void add(Map<String, Object> doc) {
        String dataset = Docs.str(doc, "event.dataset");
        byDataset.merge(dataset == null ? "unknown" : dataset, 1L, Long::sum);
        long ts = Docs.millis(Docs.get(doc, "@timestamp"));
        if (ts >= 0) {
            first = Math.min(first, ts);
            last = Math.max(last, ts);
        }
        if ("linewatch.maintenance".equals(dataset)) {
            keep(maintenance, doc, MAINTENANCE_KEPT);
            return;
        }
        if (OBSERVATION_DATASET.equals(dataset)) {
            observation(doc, ts);
            return;
        }
        String src = Docs.str(doc, "source.ip");
        String dst = Docs.str(doc, "destination.ip");
        if ("linewatch.flow".equals(dataset)) {
            flows++;
            String app = Docs.str(doc, "network.application");
            String protocol = app != null ? app : Docs.str(doc, "network.transport");
            Edge e = edge(src, dst, protocol == null ? "ip" : protocol);
            if (e != null) {
                e.flows++;
                e.bytes += Docs.num(doc, "network.bytes");
                seen(e, ts);
            }
            return;
        }
        if (!"event".equals(Docs.str(doc, "event.kind")) || "malformed".equals(Docs.str(doc, "ot.seen"))) {
            return;
        }
        boolean summary = isSummary(dataset);
        long count = summary ? Docs.num(doc, SummaryFields.COUNT) : 1;
        transactions += count;
        String protocol = orElse(Docs.str(doc, "network.protocol"), "unknown");
        String operation = orElse(Docs.str(doc, "ot.operation"), "other");
        String action = orElse(Docs.str(doc, "event.action"), "unknown");
        byProtocol.merge(protocol, count, Long::sum);
        byOperation.merge(operation, count, Long::sum);
        if (byAction.size() < MAX_EDGES || byAction.containsKey(protocol + " " + action)) {
            byAction.merge(protocol + " " + action, count, Long::sum);
        }
        if (ts >= 0) {
            bucket(ts, "protocol:" + protocol, count);
            bucket(ts, "operation:" + operation, count);
        }
        boolean write = WRITE.equals(operation);
        boolean eng = ENGINEERING.contains(operation);
        Edge e = edge(src, dst, protocol);
        if (e != null) {
            e.transactions += count;
            if (write) {
                e.writes += count;
            }
            if (eng) {
                e.engineering += count;
            }
            seen(e, ts);
        }
        function(dst, "served", protocol, action, count);
        function(src, "used", protocol, action, count);
        if (write) {
            writes += count;
        } else if (eng) {
            engineering += count;
        }
        if ((write || eng) && !summary) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("@timestamp", Docs.get(doc, "@timestamp"));
            n.put("event_id", Docs.str(doc, "event.id"));
            n.put("source", src);
            n.put("destination", dst);
            n.put("protocol", protocol);
            n.put("action", action);
            n.put("operation", operation);
            n.put("outcome", Docs.str(doc, "event.outcome"));
            keep(notable, n, NOTABLE_KEPT);
            for (String ip : new String[] {src, dst}) {
                if (ip == null) {
                    continue;
                }
                Deque<Map<String, Object>> q = notableByAddress.get(ip);
                if (q == null) {
                    if (notableByAddress.size() >= MAX_ADDRESSES) {
                        dropped.merge("notable_addresses", 1L, Long::sum);
                        continue;
                    }
                    q = new ArrayDeque<>();
                    notableByAddress.put(ip, q);
                }
                keep(q, n, NOTABLE_PER_ADDRESS);
            }
        }
    }

    /** Remembers an observation's id, type, key, what was seen, actor and target (the latest document per id). */
    private void observation(Map<String, Object> doc, long ts) {
        String id = Docs.str(doc, "event.id");
        if (id == null) {
            return;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", id);
        o.put("@timestamp", Docs.get(doc, "@timestamp"));
        o.put("type", Docs.str(doc, "linewatch.observation.type"));
        o.put("key", Docs.str(doc, "linewatch.observation.key"));
        o.put("expected", Docs.str(doc, "linewatch.observation.expected"));
        o.put("seen", Docs.str(doc, "linewatch.observation.seen"));
        o.put("count", Docs.num(doc, "linewatch.observation.count"));
        o.put("source", Docs.str(doc, "source.ip"));
        o.put("destination", Docs.str(doc, "destination.ip"));
        o.put("message", Docs.str(doc, "message"));
        observations.remove(id); // re-inserted: the latest is the youngest
        observations.put(id, o);
        if (observations.size() > OBSERVATIONS_KEPT) {
            observations.remove(observations.keySet().iterator().next());
            dropped.merge("observations", 1L, Long::sum);
        }
    }

    /** The first of these ids that is a known observation, or null. */
    Map<String, Object> firstObservation(List<String> ids) {
        for (String id : ids) {
            Map<String, Object> o = observations.get(id);
            if (o != null) {
                return new LinkedHashMap<>(o);
            }
        }
        return null;
    }

    /** Observations between two capture times (epoch millis, inclusive), oldest first. */
    List<Map<String, Object>> observations(long fromMillis, long toMillis) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> o : observations.values()) {
            long t = Docs.millis(o.get("@timestamp"));
            if (t >= fromMillis && t <= toMillis) {
                out.add(new LinkedHashMap<>(o));
            }
        }
        return out;
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static <T> void keep(Deque<T> q, T item, int max) {
        q.addLast(item);
        while (q.size() > max) {
            q.removeFirst();
        }
    }

    private static void seen(Edge e, long ts) {
        if (ts >= 0) {
            e.first = Math.min(e.first, ts);
            e.last = Math.max(e.last, ts);
        }
    }

    private Edge edge(String src, String dst, String protocol) {
        if (src == null || dst == null) {
            return null;
        }
        String key = src + '\u0000' + dst + '\u0000' + protocol;
        Edge e = edges.get(key);
        if (e == null) {
            if (edges.size() >= MAX_EDGES) {
                dropped.merge("edges", 1L, Long::sum);
                return null;
            }
            e = new Edge(src, dst, protocol);
            edges.put(key, e);
        }
        return e;
    }

    private void function(String ip, String role, String protocol, String action, long n) {
        if (ip == null) {
            return;
        }
        Map<String, long[]> f = functions.get(ip);
        if (f == null) {
            if (functions.size() >= MAX_ADDRESSES) {
                dropped.merge("function_addresses", 1L, Long::sum);
                return;
            }
            f = new HashMap<>();
            functions.put(ip, f);
        }
        String key = role + '\u0000' + protocol + '\u0000' + action;
        long[] c = f.get(key);
        if (c == null) {
            if (f.size() >= MAX_FUNCTIONS_PER_ADDRESS) {
                dropped.merge("functions", 1L, Long::sum);
                return;
            }
            c = new long[1];
            f.put(key, c);
        }
        c[0] += n;
    }

    private void bucket(long ts, String key, long n) {
        long b = Math.floorDiv(ts, bucketMillis) * bucketMillis;
        buckets.computeIfAbsent(b, k -> new HashMap<>()).merge(key, n, Long::sum);
        while (buckets.size() > MAX_BUCKETS) {
            coarsen();
        }
    }

    /** Doubles the bucket width and merges neighbours: a long capture keeps the same number of points. */
    private void coarsen() {
        bucketMillis *= 2;
        TreeMap<Long, Map<String, Long>> merged = new TreeMap<>();
        buckets.forEach((b, counts) -> {
            Map<String, Long> into = merged.computeIfAbsent(Math.floorDiv(b, bucketMillis) * bucketMillis, k -> new HashMap<>());
            counts.forEach((k, v) -> into.merge(k, v, Long::sum));
        });
        buckets.clear();
        buckets.putAll(merged);
    }

    // ---- views (JSON-ready copies) ----

    Map<String, Object> overview(int points) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transactions", transactions);
        m.put("flows", flows);
        m.put("writes", writes);
        m.put("engineering", engineering);
        m.put("first_seen", first == Long.MAX_VALUE ? null : java.time.Instant.ofEpochMilli(first).toString());
        m.put("last_seen", last == Long.MIN_VALUE ? null : java.time.Instant.ofEpochMilli(last).toString());
        m.put("by_dataset", new LinkedHashMap<>(byDataset));
        m.put("by_protocol", new LinkedHashMap<>(byProtocol));
        m.put("by_operation", new LinkedHashMap<>(byOperation));
        List<Map.Entry<String, Long>> actions = new ArrayList<>(byAction.entrySet());
        actions.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Map<String, Object>> top = new ArrayList<>();
        for (Map.Entry<String, Long> a : actions.subList(0, Math.min(20, actions.size()))) {
            String[] pa = a.getKey().split(" ", 2);
            top.add(Map.of("protocol", pa[0], "action", pa[1], "count", a.getValue()));
        }
        m.put("top_actions", top);
        m.put("series", series(points));
        List<Map<String, Object>> recent = new ArrayList<>(notable);
        java.util.Collections.reverse(recent);
        m.put("recent_writes_and_engineering", recent.subList(0, Math.min(50, recent.size())));
        m.put("dropped", new LinkedHashMap<>(dropped));
        return m;
    }

    /** Time series with at most {@code points} points: bucket start, width, counts by protocol and operation. */
    private Map<String, Object> series(int points) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (buckets.isEmpty()) {
            s.put("bucket_ms", bucketMillis);
            s.put("buckets", List.of());
            return s;
        }
        long span = buckets.lastKey() - buckets.firstKey() + bucketMillis;
        long width = bucketMillis;
        while (span / width > points) {
            width *= 2;
        }
        TreeMap<Long, Map<String, Long>> merged = new TreeMap<>();
        for (Map.Entry<Long, Map<String, Long>> b : buckets.entrySet()) {
            long k = Math.floorDiv(b.getKey(), width) * width;
            Map<String, Long> into = merged.computeIfAbsent(k, x -> new TreeMap<>());
            b.getValue().forEach((key, v) -> into.merge(key, v, Long::sum));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<Long, Map<String, Long>> b : merged.entrySet()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("start", java.time.Instant.ofEpochMilli(b.getKey()).toString());
            Map<String, Long> protocols = new TreeMap<>();
            Map<String, Long> operations = new TreeMap<>();
            b.getValue().forEach((key, v) -> {
                if (key.startsWith("protocol:")) {
                    protocols.put(key.substring(9), v);
                } else {
                    operations.put(key.substring(10), v);
                }
            });
            p.put("protocols", protocols);
            p.put("operations", operations);
            out.add(p);
        }
        s.put("bucket_ms", width);
        s.put("buckets", out);
        return s;
    }

    List<Edge> edges() {
        List<Edge> out = new ArrayList<>(edges.values());
        out.sort(Comparator.comparing((Edge e) -> e.source).thenComparing(e -> e.destination).thenComparing(e -> e.protocol));
        return out;
    }

    /** Functions an address used (as client) and served, most frequent first. */
    List<Map<String, Object>> functions(Set<String> ips) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String ip : new TreeSet<>(ips)) {
            Map<String, long[]> f = functions.get(ip);
            if (f == null) {
                continue;
            }
            f.forEach((key, c) -> {
                String[] p = key.split("\u0000", 3);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ip", ip);
                m.put("as", p[0].equals("served") ? "server" : "client");
                m.put("protocol", p[1]);
                m.put("action", p[2]);
                m.put("count", c[0]);
                out.add(m);
            });
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> -(Long) m.get("count"))
                .thenComparing(m -> (String) m.get("action")));
        return out;
    }

    List<Map<String, Object>> notable(Set<String> ips) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<Object> ids = new java.util.HashSet<>();
        for (String ip : ips) {
            Deque<Map<String, Object>> q = notableByAddress.get(ip);
            if (q != null) {
                for (Map<String, Object> n : q) {
                    if (ids.add(n.get("event_id"))) {
                        out.add(n);
                    }
                }
            }
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.get("@timestamp"))).reversed());
        return out;
    }

    List<Map<String, Object>> maintenance() {
        return new ArrayList<>(maintenance);
    }

    /** Capture time of the newest event read (epoch millis), or -1 before any. */
    long lastSeenMillis() {
        return last == Long.MIN_VALUE ? -1 : last;
    }

    long transactions() {
        return transactions;
    }

    Map<String, Long> dropped() {
        return new LinkedHashMap<>(dropped);
    }
}
