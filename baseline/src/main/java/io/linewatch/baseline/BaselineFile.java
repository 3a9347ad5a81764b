package io.linewatch.baseline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.linewatch.baseline.Entries.Channel;
import io.linewatch.baseline.Entries.Device;
import io.linewatch.baseline.Entries.ObjectSet;
import io.linewatch.baseline.Entries.Rhythm;
import io.linewatch.baseline.Entries.Talker;
import io.linewatch.baseline.Variables.Variable;
import io.linewatch.model.Json;
import io.linewatch.model.transaction.ObservationType;
import io.linewatch.model.transaction.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The baseline file ({@code baseline.json}): everything an engine learned and the state it monitors with, so a
 * run continued from it reports what one run over both captures would. Versioned ({@code format}, {@code
 * version}); written atomically (a temporary file beside it, forced to disk, renamed over it). Entries are
 * written in a stable order (by address text), so the same baseline gives the same bytes.
 */
public final class BaselineFile {
    public static final String FORMAT = "linewatch-baseline";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "baseline.json";
    private static final JsonFactory FACTORY = new JsonFactory();

    private BaselineFile() {
    }

    /** Writes {@code engine}'s state to {@code file} atomically. */
    public static void write(BaselineEngine engine, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                JsonGenerator g = FACTORY.createGenerator(out);
                g.useDefaultPrettyPrinter();
                write(engine, g);
                g.close();
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String ip(BaselineEngine e, int id) {
        return e.deviceById(id).ip;
    }

    private static void write(BaselineEngine e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", VERSION);
        g.writeNumberField("first_packet", e.firstPacket);
        g.writeNumberField("last_packet", e.now);
        g.writeNumberField("learn_end", e.learnEnd);
        g.writeNumberField("next_scan", e.nextScan);
        g.writeObjectFieldStart("counters");
        for (Map.Entry<String, Long> c : e.counters.asMap().entrySet()) {
            g.writeNumberField(c.getKey(), c.getValue());
        }
        g.writeEndObject();

        List<Device> devices = new ArrayList<>(e.devicesByIp.values());
        devices.sort(Comparator.comparing(d -> d.ip));
        g.writeArrayFieldStart("devices");
        for (Device d : devices) {
            g.writeStartObject();
            g.writeStringField("ip", d.ip);
            if (d.mac != null) {
                g.writeStringField("mac", d.mac);
            }
            g.writeNumberField("first_seen", d.firstSeen);
            g.writeNumberField("last_seen", d.lastSeen);
            g.writeNumberField("last_transaction", d.lastTx);
            g.writeNumberField("learned_transactions", d.learnedTx);
            g.writeNumberField("server_transactions", d.serverTx);
            g.writeNumberField("last_new_key", d.lastNewKey);
            g.writeBooleanField("known", d.known);
            g.writeBooleanField("mature", d.mature);
            g.writeNumberField("max_gap", d.maxGap);
            g.writeBooleanField("silent_reported", d.silentReported);
            g.writeArrayFieldStart("protocols");
            for (Protocol p : BaselineEngine.PROTOCOLS) {
                if ((d.servedProtocols & (1 << p.ordinal())) != 0) {
                    g.writeString(p.wireName);
                }
            }
            g.writeEndArray();
            if (d.identity != null) {
                g.writeObjectFieldStart("identity");
                for (Map.Entry<String, String> i : d.identity.entrySet()) {
                    g.writeStringField(i.getKey(), i.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();

        List<Talker> talkers = sorted(e.talkers::forEach, t -> ip(e, t.client) + ">" + ip(e, t.server));
        g.writeArrayFieldStart("talkers");
        for (Talker t : talkers) {
            g.writeStartObject();
            g.writeStringField("client", ip(e, t.client));
            g.writeStringField("server", ip(e, t.server));
            g.writeNumberField("first", t.first);
            g.writeNumberField("last", t.last);
            g.writeNumberField("transactions", t.transactions);
            g.writeNumberField("sessions", t.sessions);
            if (t.approved) {
                g.writeBooleanField("approved", true);
            }
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("channels");
        for (Channel c : sorted(e.channels::forEach, c -> ip(e, c.client) + ">" + ip(e, c.server) + "/" + c.protocol + "/" + c.unit + "/" + c.function + "/" + c.subfunction)) {
            g.writeStartObject();
            g.writeStringField("client", ip(e, c.client));
            g.writeStringField("server", ip(e, c.server));
            g.writeStringField("protocol", BaselineEngine.PROTOCOLS[c.protocol].wireName);
            g.writeNumberField("unit", c.unit);
            g.writeNumberField("function", c.function);
            g.writeNumberField("subfunction", c.subfunction);
            if (c.action != null) {
                g.writeStringField("action", c.action);
            }
            g.writeNumberField("first", c.first);
            g.writeNumberField("last", c.last);
            g.writeNumberField("count", c.count);
            g.writeNumberField("minute", c.minute);
            g.writeNumberField("minute_count", c.minuteCount);
            g.writeNumberField("max_per_minute", c.maxPerMinute);
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("objects");
        for (ObjectSet o : sorted(e.objects::forEach, o -> ip(e, o.server) + "/" + o.protocol + "/" + o.unit + "/" + e.areas.get(o.area) + "/" + o.number + "/" + o.write)) {
            g.writeStartObject();
            g.writeStringField("server", ip(e, o.server));
            g.writeStringField("protocol", BaselineEngine.PROTOCOLS[o.protocol].wireName);
            g.writeNumberField("unit", o.unit);
            g.writeStringField("area", e.areas.get(o.area));
            g.writeNumberField("number", o.number);
            g.writeStringField("access", o.write ? "write" : "read");
            g.writeNumberField("last", o.last);
            g.writeArrayFieldStart("ranges");
            for (int i = 0; i < o.ranges.intervals(); i++) {
                g.writeStartArray();
                g.writeNumber(o.ranges.start(i));
                g.writeNumber(o.ranges.end(i));
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("writers");
            for (int w : o.writers) {
                g.writeString(ip(e, w));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("variables");
        for (Variable v : sorted(e.variables::forEach, e::variableText)) {
            Variables.Block b = v.block();
            int i = v.index();
            g.writeStartObject();
            g.writeStringField("server", ip(e, b.server));
            g.writeStringField("protocol", BaselineEngine.PROTOCOLS[b.protocol].wireName);
            g.writeNumberField("unit", b.unit);
            g.writeStringField("area", e.areas.get(b.area));
            g.writeNumberField("number", b.number);
            g.writeNumberField("address", v.address());
            g.writeStringField("kind", b.kind(i));
            g.writeNumberField("samples", b.samples(i));
            g.writeArrayFieldStart("values");
            for (int k = 0; k < b.distinctCount(i); k++) {
                g.writeNumber(b.distinct(i, k));
            }
            g.writeEndArray();
            g.writeBooleanField("many", b.many(i));
            g.writeNumberField("min", b.min(i));
            g.writeNumberField("max", b.max(i));
            g.writeNumberField("mean", b.mean(i));
            g.writeNumberField("last", b.last(i));
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("rhythms");
        for (Rhythm r : sorted(e.rhythms::forEach, e::rhythmText)) {
            g.writeStartObject();
            g.writeStringField("client", ip(e, r.client));
            g.writeStringField("server", ip(e, r.server));
            g.writeStringField("protocol", BaselineEngine.PROTOCOLS[r.protocol].wireName);
            g.writeNumberField("unit", r.unit);
            g.writeNumberField("function", r.function);
            g.writeNumberField("subfunction", r.subfunction);
            g.writeStringField("area", e.areas.get(r.area));
            g.writeNumberField("number", r.number);
            g.writeNumberField("start", r.start);
            g.writeNumberField("count", r.count);
            g.writeNumberField("first", r.first);
            g.writeNumberField("last", r.last);
            g.writeNumberField("intervals", r.intervals);
            g.writeNumberField("period", r.period);
            g.writeNumberField("jitter", r.jitter);
            g.writeNumberField("fast", r.fast);
            g.writeNumberField("monitored", r.monitored);
            g.writeBooleanField("stop_reported", r.stopReported);
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("io_connections");
        for (long[] p : sorted(e.ioPairs::forEach, p -> ip(e, (int) p[0]) + ">" + ip(e, (int) p[1]))) {
            g.writeStartObject();
            g.writeStringField("originator", ip(e, (int) p[0]));
            g.writeStringField("target", ip(e, (int) p[1]));
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("open_observations");
        for (Map.Entry<String, Observations.Open> en : e.observations.openEntries()) {
            Observations.Open o = en.getValue();
            Observations.Departure d = o.first;
            g.writeStartObject();
            g.writeStringField("id", o.id);
            g.writeStringField("type", d.type().wireName);
            g.writeStringField("key", d.key());
            g.writeNumberField("first", d.nanos());
            g.writeNumberField("last", o.last);
            g.writeNumberField("count", o.count);
            g.writeNumberField("emitted_count", o.emittedCount);
            str(g, "evidence_first", d.evidenceId());
            str(g, "actor_ip", d.actorIp());
            str(g, "actor_mac", d.actorMac());
            g.writeNumberField("actor_port", d.actorPort());
            str(g, "target_ip", d.targetIp());
            str(g, "target_mac", d.targetMac());
            g.writeNumberField("target_port", d.targetPort());
            str(g, "protocol", d.protocol() == null ? null : d.protocol().wireName);
            str(g, "expected", d.expected());
            str(g, "seen", d.seen());
            str(g, "message", d.message());
            g.writeArrayFieldStart("evidence");
            for (String id : o.evidence) {
                g.writeString(id);
            }
            g.writeEndArray();
            if (o.ranges != null) {
                g.writeArrayFieldStart("ranges");
                for (int i = 0; i < o.ranges.intervals(); i++) {
                    g.writeStartArray();
                    g.writeNumber(o.ranges.start(i));
                    g.writeNumber(o.ranges.end(i));
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void str(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** @param table a table's {@code forEach} (a {@link LongMap} or the {@link Variables}) */
    private static <V> List<V> sorted(Consumer<Consumer<V>> table, Function<V, String> key) {
        List<Map.Entry<String, V>> list = new ArrayList<>();
        table.accept(v -> list.add(Map.entry(key.apply(v), v)));
        list.sort(Map.Entry.comparingByKey());
        List<V> out = new ArrayList<>(list.size());
        for (Map.Entry<String, V> en : list) {
            out.add(en.getValue());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Problems with a baseline file: not one, another format, a newer version. */
    public static final class BaselineFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        public BaselineFormatException(String message) {
            super(message);
        }
    }

    /** The parsed file, as ordered maps (for show and diff). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readTree(Path file) throws IOException {
        Object tree;
        try {
            tree = Json.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new BaselineFormatException(file + ": " + e.getMessage());
        }
        if (!(tree instanceof Map) || !FORMAT.equals(((Map<String, Object>) tree).get("format"))) {
            throw new BaselineFormatException(file + ": not a Linewatch baseline file");
        }
        Object version = ((Map<String, Object>) tree).get("version");
        if (!(version instanceof Long v) || v > VERSION) {
            throw new BaselineFormatException(file + ": baseline version " + version + " is not supported (up to " + VERSION + ")");
        }
        return (Map<String, Object>) tree;
    }

    /** An engine that continues from the baseline in {@code file}, reporting to {@code sink}. */
    public static BaselineEngine read(Path file, BaselineConfig config, Consumer<io.linewatch.model.transaction.Observation> sink)
            throws IOException {
        return restore(readTree(file), config, sink);
    }

    @SuppressWarnings("unchecked")
    static BaselineEngine restore(Map<String, Object> t, BaselineConfig config,
                                  Consumer<io.linewatch.model.transaction.Observation> sink) {
        BaselineEngine e = new BaselineEngine(config, sink);
        e.firstPacket = num(t, "first_packet");
        e.now = num(t, "last_packet");
        e.nextScan = num(t, "next_scan");
        long savedEnd = num(t, "learn_end");
        // the saved learning period stands; one that lasted the whole saved run ended with it; new learning options
        // (--learn from this run's first packet, --learn-until) extend it
        e.learnEnd = savedEnd == Long.MAX_VALUE ? e.now + 1 : savedEnd;
        e.continued = true;
        Map<String, Object> counters = (Map<String, Object>) t.get("counters");
        if (counters != null) {
            BaselineEngine.Counters c = e.counters;
            c.transactions = num(counters, "transactions");
            c.learned = num(counters, "learned");
            c.judged = num(counters, "judged");
            c.keysDropped = num(counters, "keys_dropped");
            c.keysEvicted = num(counters, "keys_evicted");
            c.devicesDropped = num(counters, "devices_dropped");
            c.devicesEvicted = num(counters, "devices_evicted");
            c.keyCollisions = num(counters, "key_collisions");
            c.intervalsCoarsened = num(counters, "intervals_coarsened");
            c.variablesDropped = num(counters, "variables_dropped");
        }
        for (Map<String, Object> m : list(t, "devices")) {
            Device d = e.restoreDevice((String) m.get("ip"), (String) m.get("mac"), num(m, "first_seen"));
            d.lastSeen = num(m, "last_seen");
            d.lastTx = num(m, "last_transaction");
            d.learnedTx = num(m, "learned_transactions");
            d.serverTx = num(m, "server_transactions");
            d.lastNewKey = num(m, "last_new_key");
            d.known = Boolean.TRUE.equals(m.get("known"));
            d.mature = Boolean.TRUE.equals(m.get("mature"));
            d.maxGap = num(m, "max_gap");
            d.silentReported = Boolean.TRUE.equals(m.get("silent_reported"));
            for (Object p : (List<Object>) m.getOrDefault("protocols", List.of())) {
                Protocol pr = Protocol.of((String) p);
                if (pr != null) {
                    d.servedProtocols |= 1 << pr.ordinal();
                }
            }
            Map<String, Object> id = (Map<String, Object>) m.get("identity");
            if (id != null) {
                d.identity = new TreeMap<>();
                id.forEach((k, v) -> d.identity.put(k, String.valueOf(v)));
            }
        }
        for (Map<String, Object> m : list(t, "talkers")) {
            int c = id(e, m, "client");
            int s = id(e, m, "server");
            Talker k = new Talker(c, s, num(m, "first"));
            k.last = num(m, "last");
            k.transactions = num(m, "transactions");
            k.sessions = num(m, "sessions");
            k.approved = Boolean.TRUE.equals(m.get("approved"));
            e.talkers.put(Keys.of(c, s), k);
        }
        for (Map<String, Object> m : list(t, "channels")) {
            int c = id(e, m, "client");
            int s = id(e, m, "server");
            int p = proto(m);
            Channel ch = new Channel(c, s, p, (int) num(m, "unit"), (int) num(m, "function"), (int) num(m, "subfunction"), num(m, "first"));
            ch.action = (String) m.get("action");
            ch.last = num(m, "last");
            ch.count = num(m, "count");
            ch.minute = num(m, "minute");
            ch.minuteCount = (int) num(m, "minute_count");
            ch.maxPerMinute = (int) num(m, "max_per_minute");
            e.channels.put(Keys.of(c, s, p, ch.unit, ch.function, ch.subfunction), ch);
        }
        e.rebuildServerFunctions();
        for (Map<String, Object> m : list(t, "objects")) {
            int s = id(e, m, "server");
            int p = proto(m);
            int a = e.areaId((String) m.get("area"));
            boolean w = "write".equals(m.get("access"));
            ObjectSet o = new ObjectSet(s, p, (int) num(m, "unit"), a, num(m, "number"), w, num(m, "last"));
            for (Object r : (List<Object>) m.get("ranges")) {
                List<Object> se = (List<Object>) r;
                o.ranges.add(((Number) se.get(0)).longValue(), ((Number) se.get(1)).longValue(), Integer.MAX_VALUE);
            }
            for (Object wr : (List<Object>) m.get("writers")) {
                o.addWriter(e.devicesByIp.get((String) wr).id);
            }
            e.objects.put(Keys.of(s, p, o.unit, a, o.number, w ? 1 : 0), o);
        }
        for (Map<String, Object> m : list(t, "variables")) {
            int s = id(e, m, "server");
            int p = proto(m);
            int a = e.areaId((String) m.get("area"));
            long address = num(m, "address");
            Variables.Block b = e.variables.add(s, p, (int) num(m, "unit"), a, num(m, "number"), address, num(m, "last"));
            if (b == null) {
                e.counters.keyCollisions++;
                continue;
            }
            List<Object> vals = (List<Object>) m.get("values");
            long[] distinct = new long[vals.size()];
            for (int k = 0; k < distinct.length; k++) {
                distinct[k] = ((Number) vals.get(k)).longValue();
            }
            b.restore(b.find(address), num(m, "samples"), distinct, Boolean.TRUE.equals(m.get("many")), num(m, "min"),
                    num(m, "max"), dbl(m, "mean"));
            e.deviceById(s).variables++;
        }
        for (Map<String, Object> m : list(t, "rhythms")) {
            int c = id(e, m, "client");
            int s = id(e, m, "server");
            int p = proto(m);
            int a = e.areaId((String) m.get("area"));
            Rhythm r = new Rhythm(c, s, p, (int) num(m, "unit"), (int) num(m, "function"), (int) num(m, "subfunction"), a,
                    num(m, "number"), num(m, "start"), num(m, "count"), num(m, "first"));
            r.last = num(m, "last");
            r.intervals = num(m, "intervals");
            r.period = dbl(m, "period");
            r.jitter = dbl(m, "jitter");
            r.fast = dbl(m, "fast");
            r.monitored = num(m, "monitored");
            r.stopReported = Boolean.TRUE.equals(m.get("stop_reported"));
            e.rhythms.put(Keys.of(Keys.of(c, s, p, r.unit, r.function, r.subfunction), a, r.number, r.start, r.count), r);
        }
        for (Map<String, Object> m : list(t, "io_connections")) {
            int o = id(e, m, "originator");
            int g = id(e, m, "target");
            e.ioPairs.put(Keys.of(o, g, 0x10), new long[] {o, g});
        }
        for (Map<String, Object> m : list(t, "open_observations")) {
            ObservationType type = ObservationType.of((String) m.get("type"));
            if (type == null) {
                continue;
            }
            String protocol = (String) m.get("protocol");
            Observations.Departure d = new Observations.Departure(type, (String) m.get("key"), num(m, "first"),
                    (String) m.get("evidence_first"), (String) m.get("actor_ip"), (String) m.get("actor_mac"),
                    (int) num(m, "actor_port"), (String) m.get("target_ip"), (String) m.get("target_mac"),
                    (int) num(m, "target_port"), protocol == null ? null : Protocol.of(protocol),
                    (String) m.get("expected"), (String) m.get("seen"), (String) m.get("message"));
            Observations.Open o = new Observations.Open();
            o.first = d;
            o.id = (String) m.get("id");
            o.last = num(m, "last");
            o.count = num(m, "count");
            o.emittedCount = num(m, "emitted_count");
            for (Object ev : (List<Object>) m.getOrDefault("evidence", List.of())) {
                o.evidence.add((String) ev);
            }
            if (m.get("ranges") != null) {
                o.ranges = new IntervalSet();
                for (Object r : (List<Object>) m.get("ranges")) {
                    List<Object> se = (List<Object>) r;
                    o.ranges.add(((Number) se.get(0)).longValue(), ((Number) se.get(1)).longValue(), Integer.MAX_VALUE);
                }
            }
            e.observations.restore(type.wireName + ' ' + d.key(), o);
        }
        return e;
    }

    private static int proto(Map<String, Object> m) {
        Protocol p = Protocol.of((String) m.get("protocol"));
        if (p == null) {
            throw new IllegalArgumentException("unknown protocol " + m.get("protocol"));
        }
        return p.ordinal();
    }

    private static int id(BaselineEngine e, Map<String, Object> m, String field) {
        Device d = e.devicesByIp.get((String) m.get(field));
        if (d == null) {
            throw new IllegalArgumentException(field + " " + m.get(field) + " is not among the devices");
        }
        return d.id;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> t, String field) {
        Object v = t.get(field);
        return v == null ? Collections.emptyList() : (List<Map<String, Object>>) v;
    }

    static long num(Map<String, Object> m, String field) {
        Object v = m.get(field);
        return v instanceof Number n ? n.longValue() : -1;
    }

    private static double dbl(Map<String, Object> m, String field) {
        Object v = m.get(field);
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
