package io.linewatch.inventory.report;

import io.linewatch.inventory.ServiceCatalog;
import io.linewatch.inventory.export.InventoryFile;
import io.linewatch.inventory.export.InventoryFormatException;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an output directory holds, read once and folded into bounded tables: the assets ({@code assets.json},
 * required), flows and transactions per channel ({@code events.ndjson}), alerts ({@code alerts.ndjson}) and the
 * learned baseline ({@code baseline.json}); the last three are used when present. Lines that cannot be read are
 * counted, never fatal.
 */
final class ReportInput {
    static final String ASSETS = "assets.json";
    static final String EVENTS = "events.ndjson";
    static final String ALERTS = "alerts.ndjson";
    static final String BASELINE = "baseline.json";
    /** Bounds on the folded tables; keys past them are counted in {@link #dropped}. */
    static final int MAX_FLOW_KEYS = 200_000;
    static final int MAX_CHANNEL_KEYS = 200_000;
    static final int MAX_ACTIONS = 64;
    /** A line longer than this is not a document Linewatch wrote. */
    static final int MAX_LINE_CHARS = 4 << 20;
    /** Only the baseline's header and sizes are shown; a larger file is noted, not read. */
    static final long MAX_BASELINE_BYTES = 256L << 20;

    /** Flows folded per (client, server, transport, server port, service). */
    record FlowKey(String client, String server, String transport, long port, String service) {
    }

    static final class FlowStat {
        long flows;
        long answered;
        long packets;
        long bytes;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
    }

    /** Transactions folded per (client, server, protocol). */
    record ChannelKey(String client, String server, String protocol) {
    }

    static final class ChannelStat {
        long count;
        long failures;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final Map<String, Long> actions = new TreeMap<>();
        final Map<String, Long> operations = new TreeMap<>();

        long operation(String op) {
            return operations.getOrDefault(op, 0L);
        }
    }

    /** Per device as a server: transactions, failures (exception/error responses), malformed records. */
    static final class ServerStat {
        long transactions;
        long failures;
        long malformed;
    }

    final Path dir;
    final List<EventDoc> assets;
    final Map<FlowKey, FlowStat> flows = new HashMap<>();
    final Map<ChannelKey, ChannelStat> channels = new HashMap<>();
    final Map<String, ServerStat> servers = new HashMap<>();
    final Map<String, Long> alertsByIp = new HashMap<>();
    final Map<String, Long> highAlertsByIp = new HashMap<>();
    final Map<String, Long> observationsByIp = new HashMap<>();
    final Map<String, Long> observationTypes = new TreeMap<>();
    final Map<String, Long> alertRules = new TreeMap<>();
    /** What could not be used: name → count (unreadable lines, keys past a bound). */
    final Map<String, Long> dropped = new TreeMap<>();
    final List<String> filesRead = new ArrayList<>();
    long eventDocuments;
    long transactions;
    long alerts;
    long observations;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    /** The baseline's header (format, version, learning period, counts), or null without baseline.json. */
    Map<String, Object> baseline;

    private ReportInput(Path dir, List<EventDoc> assets) {
        this.dir = dir;
        this.assets = assets;
    }

    static ReportInput read(Path dir) throws ReportException {
        if (!Files.isDirectory(dir)) {
            throw new ReportException(dir + " is not a directory (expected the --out folder of linewatch analyze)");
        }
        Path assetsFile = dir.resolve(ASSETS);
        if (!Files.exists(assetsFile)) {
            throw new ReportException(dir + " holds no " + ASSETS + " (expected the --out folder of linewatch analyze)");
        }
        List<EventDoc> assets;
        try {
            assets = InventoryFile.read(assetsFile);
        } catch (InventoryFormatException e) {
            throw new ReportException(e.getMessage());
        }
        ReportInput in = new ReportInput(dir, assets);
        in.filesRead.add(ASSETS);
        for (EventDoc a : assets) {
            in.period(text(a.get(Fields.ASSET_FIRST_SEEN)));
            in.period(text(a.get(Fields.ASSET_LAST_SEEN)));
        }
        in.lines(dir, EVENTS, in::event);
        in.lines(dir, ALERTS, in::alert);
        in.baseline(dir.resolve(BASELINE));
        return in;
    }

    private interface LineHandler {
        void accept(EventDoc doc);
    }

    /** Every segment of a journal stream, in order ({@link io.linewatch.model.JournalSegments}). */
    private void lines(Path dir, String name, LineHandler handler) throws ReportException {
        Path file = dir.resolve(name);
        try {
            if (!io.linewatch.model.JournalSegments.exists(dir, name)) {
                return;
            }
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage());
        }
        filesRead.add(name);
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(
                io.linewatch.model.JournalSegments.read(dir, name), decoder), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.length() > MAX_LINE_CHARS) {
                    count(name + ": lines too long to be a document");
                    continue;
                }
                EventDoc doc;
                try {
                    doc = Json.readDoc(line);
                } catch (IllegalArgumentException e) {
                    count(name + ": lines that are not JSON objects");
                    continue;
                }
                try {
                    handler.accept(doc);
                } catch (RuntimeException e) {
                    count(name + ": documents of an unexpected shape");
                }
            }
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void event(EventDoc d) {
        eventDocuments++;
        String dataset = d.getString(Fields.EVENT_DATASET);
        if (Values.DATASET_FLOW.equals(dataset)) {
            flow(d);
            return;
        }
        if ("linewatch.observation".equals(dataset)) {
            observations++;
            String ip = d.getString(Fields.DESTINATION_IP);
            if (ip == null) {
                ip = d.getString(Fields.SOURCE_IP);
            }
            if (ip != null) {
                observationsByIp.merge(ip, 1L, Long::sum);
            }
            String type = d.getString("linewatch.observation.type");
            observationTypes.merge(type == null ? "unknown" : type, 1L, Long::sum);
            return;
        }
        if ("linewatch.maintenance".equals(dataset)) {
            return; // briefings and window summaries restate transactions, they are none
        }
        String protocol = d.getString(Fields.NETWORK_PROTOCOL);
        String client = d.getString(Fields.SOURCE_IP);
        String server = d.getString(Fields.DESTINATION_IP);
        if (protocol == null || server == null || !Values.KIND_EVENT.equals(d.getString(Fields.EVENT_KIND))) {
            return;
        }
        long ts = time(d.getString(Fields.TIMESTAMP));
        period(ts);
        if (Values.SEEN_MALFORMED.equals(d.getString(Fields.OT_SEEN))) {
            server(server).malformed++;
            return;
        }
        long n = 1;
        long failures = Values.OUTCOME_FAILURE.equals(d.getString(Fields.EVENT_OUTCOME)) ? 1 : 0;
        long start = ts;
        long end = ts;
        if ("linewatch.summary".equals(dataset)) {
            // routine polling folded per channel and interval (SCHEMA.md): it stands for `count` transactions
            Long c = d.getLong("linewatch.summary.count");
            n = c == null || c < 1 ? 1 : c;
            Long ex = d.getLong("linewatch.summary.exceptions");
            failures = ex == null ? 0 : Math.max(0, Math.min(ex, n));
            end = time(d.getString(Fields.EVENT_END)); // its first transaction is @timestamp
            period(end);
        }
        transactions += n;
        ServerStat s = server(server);
        s.transactions += n;
        s.failures += failures;
        if (client == null) {
            return;
        }
        ChannelKey key = new ChannelKey(client, server, protocol);
        ChannelStat c = channels.get(key);
        if (c == null) {
            if (channels.size() >= MAX_CHANNEL_KEYS) {
                count("events.ndjson: channels past the bound of " + MAX_CHANNEL_KEYS);
                return;
            }
            c = new ChannelStat();
            channels.put(key, c);
        }
        c.count += n;
        c.failures += failures;
        if (start != Long.MIN_VALUE) {
            c.first = Math.min(c.first, start);
        }
        if (end != Long.MIN_VALUE) {
            c.last = Math.max(c.last, end);
        }
        String action = d.getString(Fields.EVENT_ACTION);
        if (action != null && (c.actions.containsKey(action) || c.actions.size() < MAX_ACTIONS)) {
            c.actions.merge(action, n, Long::sum);
        }
        String op = d.getString(Fields.OT_OPERATION);
        if (op != null && (c.operations.containsKey(op) || c.operations.size() < MAX_ACTIONS)) {
            c.operations.merge(op, n, Long::sum);
        }
    }

    private void flow(EventDoc d) {
        String client = d.getString(Fields.SOURCE_IP);
        String server = d.getString(Fields.DESTINATION_IP);
        if (client == null || server == null) {
            return;
        }
        String transport = d.getString(Fields.NETWORK_TRANSPORT);
        Long p = d.getLong(Fields.DESTINATION_PORT);
        long port = p == null ? -1 : p;
        String service = d.getString(Fields.NETWORK_APPLICATION);
        if (service == null) {
            ServiceCatalog.Service known = ServiceCatalog.lookup(transport, port);
            service = known != null ? known.name() : (transport == null ? "ip" : transport) + "/" + port;
        }
        FlowKey key = new FlowKey(client, server, transport == null ? "" : transport, port, service);
        FlowStat f = flows.get(key);
        if (f == null) {
            if (flows.size() >= MAX_FLOW_KEYS) {
                count("events.ndjson: flow channels past the bound of " + MAX_FLOW_KEYS);
                return;
            }
            f = new FlowStat();
            flows.put(key, f);
        }
        f.flows++;
        Long packets = d.getLong(Fields.NETWORK_PACKETS);
        Long bytes = d.getLong(Fields.NETWORK_BYTES);
        f.packets += packets == null ? 0 : packets;
        f.bytes += bytes == null ? 0 : bytes;
        Long answeredPackets = d.getLong(Fields.DESTINATION_PACKETS);
        String endReason = d.getString(Fields.FLOW_END_REASON);
        // a refused connection is answered with one reset: an attempt, not access
        if (answeredPackets != null && (answeredPackets >= 2 || (answeredPackets >= 1 && !"rst".equals(endReason)))) {
            f.answered++;
        }
        long start = time(d.getString(Fields.EVENT_START));
        long end = time(d.getString(Fields.EVENT_END));
        if (start != Long.MIN_VALUE) {
            f.first = Math.min(f.first, start);
        }
        if (end != Long.MIN_VALUE) {
            f.last = Math.max(f.last, end);
        }
        period(start);
        period(end);
    }

    private void alert(EventDoc d) {
        if (!Values.KIND_ALERT.equals(d.getString(Fields.EVENT_KIND))) {
            return;
        }
        alerts++;
        Long severity = d.getLong(Fields.EVENT_SEVERITY);
        boolean high = severity != null && severity >= 70;
        for (String f : new String[] {Fields.SOURCE_IP, Fields.DESTINATION_IP}) {
            String ip = d.getString(f);
            if (ip != null) {
                alertsByIp.merge(ip, 1L, Long::sum);
                if (high) {
                    highAlertsByIp.merge(ip, 1L, Long::sum);
                }
            }
        }
        String rule = d.getString(Fields.RULE_ID);
        alertRules.merge(rule == null ? "unknown" : rule, 1L, Long::sum);
    }

    @SuppressWarnings("unchecked")
    private void baseline(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            if (Files.size(file) > MAX_BASELINE_BYTES) {
                count(BASELINE + ": too large to read (more than " + MAX_BASELINE_BYTES + " bytes)");
                return;
            }
            Object tree = Json.read(Files.readString(file, StandardCharsets.UTF_8));
            if (!(tree instanceof Map<?, ?> m) || !"linewatch-baseline".equals(m.get("format"))) {
                count(BASELINE + ": not a Linewatch baseline");
                return;
            }
            Map<String, Object> top = (Map<String, Object>) m;
            Map<String, Object> head = new java.util.LinkedHashMap<>();
            head.put("format", top.get("format"));
            head.put("version", top.get("version"));
            for (String k : new String[] {"first_packet", "last_packet", "learn_end"}) {
                if (top.get(k) instanceof Number n && n.longValue() > 0 && n.longValue() < Long.MAX_VALUE) {
                    head.put(k, Timestamps.iso(n.longValue()));
                }
            }
            int mature = 0;
            if (top.get("devices") instanceof List<?> devices) {
                head.put("devices", devices.size());
                for (Object o : devices) {
                    if (o instanceof Map<?, ?> dm && Boolean.TRUE.equals(dm.get("mature"))) {
                        mature++;
                    }
                }
                head.put("devices_learned", mature);
            }
            for (String k : new String[] {"talkers", "channels", "objects"}) {
                if (top.get(k) instanceof List<?> l) {
                    head.put(k, l.size());
                }
            }
            baseline = head;
            filesRead.add(BASELINE);
        } catch (IOException | IllegalArgumentException e) {
            count(BASELINE + ": unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private ServerStat server(String ip) {
        return servers.computeIfAbsent(ip, k -> new ServerStat());
    }

    private void count(String what) {
        dropped.merge(what, 1L, Long::sum);
    }

    private void period(String iso) {
        period(time(iso));
    }

    private void period(long ts) {
        if (ts != Long.MIN_VALUE) {
            first = Math.min(first, ts);
            last = Math.max(last, ts);
        }
    }

    static long time(String iso) {
        if (iso == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Timestamps.parse(iso);
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
