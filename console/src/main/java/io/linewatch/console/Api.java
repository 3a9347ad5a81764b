package io.linewatch.console;

import io.linewatch.inventory.export.ExportFormat;
import io.linewatch.inventory.export.InventoryExporter;
import io.linewatch.inventory.export.InventoryFile;
import io.linewatch.inventory.export.InventoryFormatException;
import io.linewatch.inventory.report.FoundationReport;
import io.linewatch.inventory.report.ReportException;
import io.linewatch.inventory.report.ReportOptions;
import io.linewatch.inventory.signing.ExportSigner;
import io.linewatch.inventory.signing.SigningException;
import io.linewatch.model.EventDoc;
import io.linewatch.model.JournalSegments;
import io.linewatch.model.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON API under {@code /api/}, independent of the HTTP server: a request in, a response out. The pages use
 * nothing else, and scripts can call it with {@code Authorization: Bearer TOKEN}.
 */
final class Api {
    /** An HTTP request as the API sees it; {@code role} is what authentication granted (never null here). */
    record Request(String method, String path, Map<String, List<String>> query, byte[] body, String client,
            Credentials.Role role, String who) {
        String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
        }
    }

    /** A response: status, content type, body and extra headers. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        /** The pseudo-header holding the Set-Cookie values (one per line). */
        static final String SET_COOKIES = "\u0000set-cookies";

        Response withCookies(String... cookies) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(SET_COOKIES, String.join("\n", cookies));
            return new Response(status, contentType, body, h);
        }

        static Response json(int status, Object value) {
            return new Response(status, "application/json; charset=utf-8",
                    Json.writeValue(value).getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Response error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    static final int MAX_ALERTS_SHOWN = 1000;

    private final ConsoleData data;
    private final Actions actions;
    private final ExportSigner signer;
    private final boolean writeRoleConfigured;
    private final Map<ExportFormat, byte[][]> lastExports = new HashMap<>();

    Api(ConsoleData data, Actions actions, ExportSigner signer, boolean writeRoleConfigured) {
        this.data = data;
        this.actions = actions;
        this.signer = signer;
        this.writeRoleConfigured = writeRoleConfigured;
    }

    Response handle(Request r) {
        String p = r.path();
        try {
            if (r.method().equals("POST")) {
                if (p.startsWith("/api/actions/")) {
                    return action(r, p.substring("/api/actions/".length()));
                }
                return Response.error(405, "POST only for /api/actions/*");
            }
            if (p.equals("/api/me")) {
                return Response.json(200, Map.of("role", r.role().name().toLowerCase(Locale.ROOT),
                        "write_role_configured", writeRoleConfigured, "live", data.live()));
            }
            if (p.equals("/api/health")) {
                return Response.json(200, data.health());
            }
            if (p.equals("/api/overview")) {
                return Response.json(200, overview());
            }
            if (p.equals("/api/assets")) {
                return Response.json(200, assets(r));
            }
            if (p.startsWith("/api/assets/")) {
                return asset(java.net.URLDecoder.decode(p.substring("/api/assets/".length()), StandardCharsets.UTF_8));
            }
            if (p.equals("/api/alerts")) {
                return Response.json(200, alerts(r));
            }
            if (p.startsWith("/api/alerts/") && p.endsWith("/evidence")) {
                return evidence(p.substring("/api/alerts/".length(), p.length() - "/evidence".length()));
            }
            if (p.equals("/api/map")) {
                return Response.json(200, map(r.param("focus"), intParam(r.param("hops"), 1), "1".equals(r.param("physical"))));
            }
            if (p.equals("/api/windows")) {
                return Response.json(200, windows());
            }
            if (p.equals("/api/report") || p.equals("/api/report.html")) {
                try {
                    return p.endsWith(".html") ? reportHtml() : Response.json(200, report().toMap());
                } catch (ReportException e) {
                    return Response.error(409, e.getMessage()); // e.g. no assets.json yet
                }
            }
            if (p.equals("/api/mutes")) {
                return Response.json(200, Map.of("mutes", actions.mutes()));
            }
            if (p.startsWith("/api/export/")) {
                return export(p.substring("/api/export/".length()));
            }
            return Response.error(404, "no such API: " + p);
        } catch (RuntimeException e) {
            return Response.error(500, "internal error: " + e);
        }
    }

    private static int intParam(String v, int fallback) {
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // ---- overview ----

    private Map<String, Object> overview() {
        Map<String, Object> m = new LinkedHashMap<>(data.traffic(t -> t.overview(60)));
        List<Map<String, Object>> assets = data.assets();
        List<Map<String, Object>> alerts = data.alerts();
        m.put("assets", assets.size());
        Map<String, Long> roles = new TreeMap<>();
        for (Map<String, Object> a : assets) {
            roles.merge(String.valueOf(Docs.str(a, "asset.role")), 1L, Long::sum);
        }
        m.put("assets_by_role", roles);
        m.put("alerts", alerts.size());
        Map<String, Long> bySeverity = new TreeMap<>();
        for (Map<String, Object> a : alerts) {
            bySeverity.merge(severityName(Docs.num(a, "event.severity")), 1L, Long::sum);
        }
        m.put("alerts_by_severity", bySeverity);
        m.put("health", data.health());
        return m;
    }

    static String severityName(long s) {
        return s >= 75 ? "high" : s >= 50 ? "medium" : s >= 25 ? "low" : "info";
    }

    // ---- assets ----

    /** The table row of an asset: the fields the Assets page shows. */
    static Map<String, Object> row(Map<String, Object> a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Docs.str(a, "asset.id"));
        m.put("ip", Docs.strings(a, "host.ip"));
        m.put("mac", Docs.strings(a, "host.mac"));
        m.put("vlan", Docs.strings(a, "network.vlan.id"));
        m.put("manufacturer", Docs.str(a, "device.manufacturer"));
        m.put("model", Docs.str(a, "device.model.name"));
        m.put("model_id", Docs.str(a, "device.model.identifier"));
        m.put("firmware", Docs.str(a, "device.firmware.version"));
        m.put("serial", Docs.str(a, "device.serial_number"));
        m.put("role", Docs.str(a, "asset.role"));
        List<String> protocols = new ArrayList<>();
        for (Map<String, Object> p : Docs.maps(a, "asset.protocols")) {
            protocols.add(p.get("protocol") + " " + p.get("as"));
        }
        m.put("protocols", protocols);
        m.put("first_seen", Docs.str(a, "asset.first_seen"));
        m.put("last_seen", Docs.str(a, "asset.last_seen"));
        m.put("advisories", Docs.maps(a, "linewatch.advisories").size());
        return m;
    }

    private Map<String, Object> assets(Request r) {
        String q = r.param("q");
        String role = r.param("role");
        String sort = r.param("sort");
        boolean desc = "desc".equals(r.param("order"));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> all = data.assets();
        for (Map<String, Object> a : all) {
            Map<String, Object> row = row(a);
            if (role != null && !role.equals(row.get("role"))) {
                continue;
            }
            if (q != null && !Json.writeValue(row).toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT))) {
                continue;
            }
            rows.add(row);
        }
        if (sort != null) {
            Comparator<Map<String, Object>> c = Comparator.comparing(m -> sortKey(m.get(sort)));
            rows.sort(desc ? c.reversed() : c);
        }
        return Map.of("total", all.size(), "shown", rows.size(), "assets", rows);
    }

    private static String sortKey(Object v) {
        if (v instanceof List<?> l) {
            return l.isEmpty() ? "" : String.valueOf(l.get(0));
        }
        if (v instanceof Number n) {
            return String.format("%020d", n.longValue());
        }
        return v == null ? "" : String.valueOf(v);
    }

    private Response asset(String id) {
        Map<String, Object> asset = null;
        for (Map<String, Object> a : data.assets()) {
            if (id.equals(Docs.str(a, "asset.id"))) {
                asset = a;
            }
        }
        if (asset == null) {
            return Response.error(404, "no asset " + id);
        }
        Set<String> ips = new LinkedHashSet<>(Docs.strings(asset, "host.ip"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", row(asset));
        m.put("document", asset);
        m.put("identity_source", Docs.get(asset, "asset.identity_source"));
        m.put("identity_history", Docs.maps(asset, "asset.identity_history"));
        m.put("role_evidence", Docs.maps(asset, "asset.role_evidence"));
        m.put("peers", Docs.maps(asset, "asset.peers"));
        m.put("advisories", Docs.maps(asset, "linewatch.advisories"));
        m.put("functions", data.traffic(t -> t.functions(ips)));
        m.put("writes_and_engineering", data.traffic(t -> t.notable(ips)));
        List<Map<String, Object>> alerts = new ArrayList<>();
        Map<String, Set<String>> index = assetIndex();
        for (Map<String, Object> a : data.alerts()) {
            if (alertAssets(a, index).contains(id)) {
                alerts.add(annotate(a, index));
            }
        }
        m.put("alerts", alerts);
        m.put("baseline", baselineFor(ips));
        return Response.json(200, m);
    }

    /** Every table of baseline.json narrowed to the entries about these addresses; null without a baseline. */
    private Map<String, Object> baselineFor(Set<String> ips) {
        Map<String, Object> b = data.baseline();
        if (b == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : b.entrySet()) {
            if (!(e.getValue() instanceof List<?> list)) {
                continue;
            }
            List<Object> mine = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Map<?, ?> entry && (ips.contains(String.valueOf(entry.get("ip")))
                        || ips.contains(String.valueOf(entry.get("server")))
                        || ips.contains(String.valueOf(entry.get("client"))))) {
                    mine.add(o);
                    if (mine.size() >= 500) {
                        break;
                    }
                }
            }
            if (!mine.isEmpty()) {
                out.put(e.getKey(), mine);
            }
        }
        return out;
    }

    // ---- alerts ----

    /** Address and MAC to the asset ids holding them. */
    private Map<String, Set<String>> assetIndex() {
        Map<String, Set<String>> index = new HashMap<>();
        for (Map<String, Object> a : data.assets()) {
            String id = Docs.str(a, "asset.id");
            for (String k : Docs.strings(a, "host.ip")) {
                index.computeIfAbsent(k, x -> new TreeSet<>()).add(id);
            }
            for (String k : Docs.strings(a, "host.mac")) {
                index.computeIfAbsent(k, x -> new TreeSet<>()).add(id);
            }
        }
        return index;
    }

    private static Set<String> alertAssets(Map<String, Object> alert, Map<String, Set<String>> index) {
        Set<String> keys = new LinkedHashSet<>(Docs.strings(alert, "related.ip"));
        for (String f : new String[] {"source.ip", "destination.ip", "source.mac", "destination.mac"}) {
            keys.addAll(Docs.strings(alert, f));
        }
        Set<String> out = new TreeSet<>();
        for (String k : keys) {
            out.addAll(index.getOrDefault(k, Set.of()));
        }
        return out;
    }

    private Map<String, Object> annotate(Map<String, Object> alert, Map<String, Set<String>> index) {
        Set<String> assets = alertAssets(alert, index);
        Map<String, Object> a = new LinkedHashMap<>(alert);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("assets", new ArrayList<>(assets));
        c.put("severity", severityName(Docs.num(alert, "event.severity")));
        c.put("muted", actions.muteFor(alert, assets));
        c.put("incident", actions.incident(Docs.str(alert, "event.id")));
        c.put("evidence", evidenceFile(alert) != null);
        List<String> evidenceIds = Docs.strings(alert, "linewatch.evidence.event_ids");
        c.put("observation", evidenceIds.isEmpty() ? null : data.traffic(t -> t.firstObservation(evidenceIds)));
        a.put("console", c);
        return a;
    }

    Map<String, Object> alerts(Request r) {
        long minSeverity = intParam(r.param("severity"), 0);
        String rule = r.param("rule");
        String technique = r.param("technique");
        String asset = r.param("asset");
        String muted = r.param("muted"); // null: hide muted; "include"; "only"
        Map<String, Set<String>> index = assetIndex();
        List<Map<String, Object>> all = data.alerts();
        List<Map<String, Object>> shown = new ArrayList<>();
        Set<String> rules = new TreeSet<>();
        Set<String> techniques = new TreeSet<>();
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        for (Map<String, Object> raw : all) {
            rules.add(String.valueOf(Docs.str(raw, "rule.id")));
            techniques.addAll(Docs.strings(raw, "threat.technique.id"));
            if (Docs.num(raw, "event.severity") < minSeverity
                    || rule != null && !rule.equals(Docs.str(raw, "rule.id"))
                    || technique != null && !Docs.strings(raw, "threat.technique.id").contains(technique)) {
                continue;
            }
            Map<String, Object> a = annotate(raw, index);
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) a.get("console");
            if (asset != null && !((List<?>) c.get("assets")).contains(asset)) {
                continue;
            }
            boolean isMuted = c.get("muted") != null;
            if (muted == null && isMuted || "only".equals(muted) && !isMuted) {
                continue;
            }
            shown.add(a);
            // incident grouping: one group per rule and target
            String key = Docs.str(raw, "rule.id") + " " + Docs.str(raw, "destination.ip");
            Map<String, Object> g = groups.computeIfAbsent(key, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rule", Docs.str(raw, "rule.id"));
                m.put("rule_name", Docs.str(raw, "rule.name"));
                m.put("target", Docs.str(raw, "destination.ip"));
                m.put("count", 0L);
                m.put("first", Docs.str(raw, "@timestamp"));
                m.put("max_severity", 0L);
                return m;
            });
            g.put("count", (Long) g.get("count") + 1);
            g.put("last", Docs.str(raw, "@timestamp"));
            g.put("max_severity", Math.max((Long) g.get("max_severity"), Docs.num(raw, "event.severity")));
        }
        shown.sort(Comparator.comparing((Map<String, Object> a) -> String.valueOf(Docs.str(a, "@timestamp"))).reversed());
        int limit = Math.max(1, Math.min(MAX_ALERTS_SHOWN, intParam(r.param("limit"), MAX_ALERTS_SHOWN)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", all.size());
        m.put("matching", shown.size());
        m.put("alerts", shown.subList(0, Math.min(limit, shown.size())));
        m.put("groups", new ArrayList<>(groups.values()));
        m.put("rules", rules);
        m.put("techniques", techniques);
        return m;
    }

    /** New alerts after the first {@code known} (for the live stream), annotated. */
    List<Map<String, Object>> alertsAfter(int known) {
        List<Map<String, Object>> all = data.alerts();
        if (all.size() <= known) {
            return List.of();
        }
        Map<String, Set<String>> index = assetIndex();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> a : all.subList(known, all.size())) {
            out.add(annotate(a, index));
        }
        return out;
    }

    int alertCount() {
        return data.alerts().size();
    }

    /** The evidence capture an alert names, when it exists inside the data directory. */
    private Path evidenceFile(Map<String, Object> alert) {
        String name = Docs.str(alert, "linewatch.evidence.pcap");
        if (name == null) {
            return null;
        }
        Path dir = data.directory().toAbsolutePath().normalize();
        Path f = dir.resolve(name).normalize();
        return f.startsWith(dir) && Files.isRegularFile(f) ? f : null;
    }

    private Response evidence(String id) {
        for (Map<String, Object> a : data.alerts()) {
            if (id.equals(Docs.str(a, "event.id"))) {
                Path f = evidenceFile(a);
                if (f == null) {
                    return Response.error(404, "alert " + id + " has no evidence capture in this directory");
                }
                try {
                    return new Response(200, "application/vnd.tcpdump.pcap", Files.readAllBytes(f),
                            Map.of("Content-Disposition", "attachment; filename=\"" + f.getFileName() + "\""));
                } catch (IOException e) {
                    return Response.error(500, "cannot read " + f.getFileName() + ": " + e.getMessage());
                }
            }
        }
        return Response.error(404, "no alert " + id);
    }

    // ---- map ----

    Map<String, Object> map(String focus, int hops, boolean physical) {
        List<Traffic.Edge> edges = data.traffic(Traffic::edges);
        return NetworkMap.build(data.assets(), edges, data.baseline(), focus, hops, physical);
    }

    // ---- exports ----

    private Response export(String name) {
        if (name.equals("public-key.pem")) {
            try {
                ensureSigned(ExportFormat.JSON);
                return new Response(200, "application/x-pem-file", Files.readAllBytes(signer.publicKeyPath()),
                        Map.of("Content-Disposition", "attachment; filename=\"linewatch-export-key.pub.pem\""));
            } catch (IOException | SigningException | InventoryFormatException e) {
                return Response.error(500, "cannot sign: " + e.getMessage());
            }
        }
        boolean sig = name.endsWith(ExportSigner.SIGNATURE_SUFFIX);
        String base = sig ? name.substring(0, name.length() - ExportSigner.SIGNATURE_SUFFIX.length()) : name;
        ExportFormat format = switch (base) {
            case "assets.csv" -> ExportFormat.CSV;
            case "assets.json" -> ExportFormat.JSON;
            case "assets.html" -> ExportFormat.HTML;
            default -> null;
        };
        if (format == null) {
            return Response.error(404, "exports: assets.csv, assets.json, assets.html (+ .sig), public-key.pem");
        }
        try {
            byte[][] signed = sig ? ensureSigned(format) : export(format);
            String type = switch (format) {
                case CSV -> "text/csv; charset=utf-8";
                case JSON -> "application/json; charset=utf-8";
                case HTML -> "text/html; charset=utf-8";
                default -> "text/plain; charset=utf-8"; // the matrix formats are not offered here
            };
            String file = "linewatch-" + name;
            if (sig) {
                return new Response(200, "application/octet-stream", signed[1],
                        Map.of("Content-Disposition", "attachment; filename=\"" + file + "\""));
            }
            return new Response(200, type, signed[0], Map.of(
                    "Content-Disposition", "attachment; filename=\"" + file + "\"",
                    "X-Linewatch-Signature", Base64.getEncoder().encodeToString(signed[1]),
                    "X-Linewatch-Key-Fingerprint", new String(signed[2], StandardCharsets.UTF_8)));
        } catch (IOException | SigningException | InventoryFormatException e) {
            return Response.error(500, "cannot export: " + e.getMessage());
        }
    }

    /** The last export of a format (made now if there is none): content, signature, key fingerprint. */
    private synchronized byte[][] ensureSigned(ExportFormat format) throws IOException, SigningException,
            InventoryFormatException {
        byte[][] last = lastExports.get(format);
        return last != null ? last : export(format);
    }

    /** Writes the export with the inventory's exporter, signs it with Ed25519 (ExportSigner), keeps both. */
    private synchronized byte[][] export(ExportFormat format) throws IOException, SigningException,
            InventoryFormatException {
        List<EventDoc> docs = InventoryFile.parse(Json.writeValue(data.assets()), "assets");
        StringWriter w = new StringWriter();
        // the console's own export: generated now, signed below with the console's key
        InventoryExporter.write(docs, format, new io.linewatch.inventory.export.ExportMetadata("Linewatch asset inventory",
                java.time.Instant.now().toString(), null, "inventory." + format.name().toLowerCase(Locale.ROOT),
                signer.keyFingerprint(), null), w);
        byte[][] out = sign(w.toString().getBytes(StandardCharsets.UTF_8), "." + format.name().toLowerCase(Locale.ROOT));
        lastExports.put(format, out);
        return out;
    }

    /** Signs content with the console's Ed25519 key (ExportSigner): content, signature, key fingerprint. */
    private byte[][] sign(byte[] content, String suffix) throws IOException, SigningException {
        Path tmp = Files.createTempFile("linewatch-export", suffix);
        try {
            Files.write(tmp, content);
            ExportSigner.Signed s = signer.sign(tmp);
            byte[] sig = Files.readAllBytes(s.signature());
            Files.deleteIfExists(s.signature());
            return new byte[][] {content, sig, s.fingerprint().getBytes(StandardCharsets.UTF_8)};
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- maintenance windows ----

    /**
     * The maintenance documents grouped by window occurrence: its briefing, expected changes and summary; upcoming
     * (starts after the newest capture time), open, or past; for an open or past window the alerts and baseline
     * observations inside it.
     */
    private Map<String, Object> windows() {
        List<Map<String, Object>> docs = data.traffic(Traffic::maintenance);
        long now = data.traffic(Traffic::lastSeenMillis);
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> d : docs) {
            String id = Docs.str(d, "linewatch.maintenance.window_id");
            Map<String, Object> w = byId.computeIfAbsent(id == null ? Docs.str(d, "event.id") : id, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", k);
                m.put("expected_changes", new ArrayList<>());
                return m;
            });
            w.put("name", Docs.str(d, "linewatch.maintenance_window"));
            w.put("start", Docs.str(d, "event.start"));
            w.put("end", Docs.str(d, "event.end"));
            w.put("scope", Docs.strings(d, "linewatch.maintenance.scope"));
            w.put("operations", Docs.strings(d, "linewatch.maintenance.operations"));
            w.put("actors", Docs.strings(d, "linewatch.maintenance.actors"));
            switch (String.valueOf(Docs.str(d, "event.action"))) {
                case "briefing" -> w.put("briefing", d);
                case "window_summary" -> w.put("summary", d);
                case "expected_change" -> {
                    @SuppressWarnings("unchecked")
                    List<Object> changes = (List<Object>) w.get("expected_changes");
                    changes.add(d);
                }
                default -> { }
            }
        }
        List<Map<String, Object>> alerts = data.alerts();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> w : byId.values()) {
            long start = Docs.millis(w.get("start"));
            long end = Docs.millis(w.get("end"));
            String state = w.containsKey("summary") || end >= 0 && now > end ? "past" : start >= 0 && now < start ? "upcoming" : "open";
            w.put("state", state);
            if (!state.equals("upcoming") && start >= 0) {
                long to = end >= 0 ? end : Long.MAX_VALUE;
                List<Map<String, Object>> during = new ArrayList<>();
                for (Map<String, Object> a : alerts) {
                    long t = Docs.millis(Docs.get(a, "@timestamp"));
                    if (t >= start && t <= to || w.get("name") != null && w.get("name").equals(Docs.str(a, "linewatch.maintenance_window"))) {
                        during.add(a);
                    }
                }
                w.put("alerts", during);
                w.put("observations", data.traffic(t -> t.observations(start, to)));
            }
            out.add(w);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("now", now < 0 ? null : java.time.Instant.ofEpochMilli(now).toString());
        m.put("windows", out);
        m.put("documents", docs.size());
        return m;
    }

    // ---- the foundation report (docs/REPORT.md) ----

    /** Files the report is built from: a change to any of them (size or time) builds it again. */
    private static final List<String> REPORT_INPUTS = List.of("assets.json", "events.ndjson", "alerts.ndjson", "baseline.json");
    private List<Object> reportStamp;
    private FoundationReport reportCache;

    /** The foundation report of the data directory, as {@code linewatch report} builds it; kept until the files change. */
    private synchronized FoundationReport report() throws ReportException {
        List<Object> stamp = new ArrayList<>();
        for (String name : REPORT_INPUTS) {
            List<Path> files = new ArrayList<>();
            try {
                // a journal stream is every segment of it (JournalSegments); the other inputs are one file
                JournalSegments.all(data.directory(), name).forEach(s -> files.add(s.file()));
            } catch (IOException e) {
                // listed as missing below
            }
            if (files.isEmpty()) {
                files.add(data.directory().resolve(name));
            }
            for (Path f : files) {
                try {
                    stamp.add(f.getFileName().toString());
                    stamp.add(Files.size(f));
                    stamp.add(Files.getLastModifiedTime(f).toMillis());
                } catch (IOException e) {
                    stamp.add(-1L);
                }
            }
        }
        if (reportCache == null || !stamp.equals(reportStamp)) {
            reportCache = FoundationReport.build(data.directory(), ReportOptions.defaults());
            reportStamp = stamp;
        }
        return reportCache;
    }

    /** The report's self-contained HTML as a download, signed like the exports (headers carry the signature). */
    private Response reportHtml() throws ReportException {
        byte[] content = report().toHtml().getBytes(StandardCharsets.UTF_8);
        try {
            byte[][] signed = sign(content, ".html");
            return new Response(200, "text/html; charset=utf-8", content, Map.of(
                    "Content-Disposition", "attachment; filename=\"linewatch-report.html\"",
                    "X-Linewatch-Signature", Base64.getEncoder().encodeToString(signed[1]),
                    "X-Linewatch-Key-Fingerprint", new String(signed[2], StandardCharsets.UTF_8)));
        } catch (IOException | SigningException e) {
            return Response.error(500, "cannot sign the report: " + e.getMessage());
        }
    }

    // ---- actions ----

    @SuppressWarnings("unchecked")
    private Response action(Request r, String name) {
        if (r.role() != Credentials.Role.WRITE) {
            return Response.error(403, writeRoleConfigured ? "actions need the write token"
                    : "read-only console: start it with --write-role to allow actions");
        }
        Map<String, Object> body;
        try {
            Object v = Json.read(new String(r.body(), StandardCharsets.UTF_8));
            if (!(v instanceof Map<?, ?>)) {
                return Response.error(400, "expected a JSON object");
            }
            body = (Map<String, Object>) v;
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        try {
            return switch (name) {
                case "mute" -> Response.json(200, actions.mute(r.who(), r.client(), body));
                case "unmute" -> Response.json(200, actions.unmute(r.who(), r.client(), body));
                case "incident" -> Response.json(200, actions.markIncident(r.who(), r.client(), body,
                        findAlert(String.valueOf(body.get("alert")))));
                case "approve" -> Response.json(200, actions.approve(r.who(), r.client(), body,
                        body.get("alert") == null ? null : findAlert(String.valueOf(body.get("alert")))));
                default -> Response.error(404, "no action " + name);
            };
        } catch (Actions.ActionException e) {
            return Response.error(e.status, e.getMessage());
        }
    }

    private Map<String, Object> findAlert(String id) {
        for (Map<String, Object> a : data.alerts()) {
            if (id.equals(Docs.str(a, "event.id"))) {
                return a;
            }
        }
        return null;
    }
}
