package io.linewatch.console;

import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the write role may do, each change appended to {@code audit.ndjson} in the console's state folder (opened
 * for append only, never rewritten) before it takes effect:
 * <ul>
 *   <li><b>mute</b>: a console-side mute list ({@code mutes.json}): alerts of a rule (optionally only those involving
 *   one asset) are shown as muted and hidden unless asked for. The rules themselves still raise them;
 *   <li><b>unmute</b>: removes a mute;
 *   <li><b>incident</b>: marks an alert as an incident with a note ({@code incidents.json}).
 * </ul>
 * Approving into the baseline is not wired here yet: {@code linewatch baseline approve} does it (docs/BASELINE.md).
 */
final class Actions {
    static final int MAX_MUTES = 10_000;
    static final int MAX_INCIDENTS = 100_000;
    static final int MAX_TEXT = 500;

    private final Path audit;
    private final Path mutesFile;
    private final Path incidentsFile;
    private final List<Map<String, Object>> mutes = new ArrayList<>();
    private final Map<String, Map<String, Object>> incidents = new LinkedHashMap<>();

    /** Thrown for a request that cannot be carried out; the message is shown to the user. */
    static final class ActionException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        ActionException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @SuppressWarnings("unchecked")
    Actions(Path stateDir) throws IOException {
        this.audit = stateDir.resolve("audit.ndjson");
        this.mutesFile = stateDir.resolve("mutes.json");
        this.incidentsFile = stateDir.resolve("incidents.json");
        if (Files.exists(mutesFile)) {
            Object v = Json.read(Files.readString(mutesFile, StandardCharsets.UTF_8));
            if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m) {
                        mutes.add((Map<String, Object>) m);
                    }
                }
            }
        }
        if (Files.exists(incidentsFile)) {
            Object v = Json.read(Files.readString(incidentsFile, StandardCharsets.UTF_8));
            if (v instanceof Map<?, ?> m) {
                m.forEach((k, i) -> incidents.put(String.valueOf(k), (Map<String, Object>) i));
            }
        }
    }

    synchronized List<Map<String, Object>> mutes() {
        return new ArrayList<>(mutes);
    }

    synchronized Map<String, Object> incident(String alertId) {
        return incidents.get(alertId);
    }

    /** The mute an alert falls under (its rule, and its asset when the mute names one), or null. */
    synchronized Map<String, Object> muteFor(Map<String, Object> alert, Set<String> alertAssets) {
        String rule = Docs.str(alert, "rule.id");
        for (Map<String, Object> m : mutes) {
            Object asset = m.get("asset");
            if (m.get("rule").equals(rule) && (asset == null || alertAssets.contains(String.valueOf(asset)))) {
                return m;
            }
        }
        return null;
    }

    synchronized Map<String, Object> mute(String who, String client, Map<String, Object> request) throws ActionException {
        String rule = text(request, "rule", true);
        String asset = text(request, "asset", false);
        String reason = text(request, "reason", true);
        for (Map<String, Object> m : mutes) {
            if (m.get("rule").equals(rule) && java.util.Objects.equals(m.get("asset"), asset)) {
                throw new ActionException(409, "already muted: " + m.get("id"));
            }
        }
        if (mutes.size() >= MAX_MUTES) {
            throw new ActionException(409, "too many mutes (" + MAX_MUTES + ")");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "mute-" + Long.toHexString(System.nanoTime()) + Integer.toHexString(mutes.size()));
        m.put("rule", rule);
        m.put("asset", asset);
        m.put("reason", reason);
        m.put("by", who);
        m.put("at", Instant.now().toString());
        audit("mute", who, client, m);
        mutes.add(m);
        save(mutesFile, mutes);
        return m;
    }

    synchronized Map<String, Object> unmute(String who, String client, Map<String, Object> request) throws ActionException {
        String id = text(request, "id", true);
        Map<String, Object> found = null;
        for (Map<String, Object> m : mutes) {
            if (m.get("id").equals(id)) {
                found = m;
            }
        }
        if (found == null) {
            throw new ActionException(404, "no mute " + id);
        }
        Map<String, Object> entry = new LinkedHashMap<>(found);
        entry.put("reason", text(request, "reason", false));
        audit("unmute", who, client, entry);
        mutes.remove(found);
        save(mutesFile, mutes);
        return found;
    }

    synchronized Map<String, Object> markIncident(String who, String client, Map<String, Object> request,
            Map<String, Object> alert) throws ActionException {
        String id = text(request, "alert", true);
        if (alert == null) {
            throw new ActionException(404, "no alert " + id);
        }
        if (incidents.size() >= MAX_INCIDENTS) {
            throw new ActionException(409, "too many incidents (" + MAX_INCIDENTS + ")");
        }
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("alert", id);
        i.put("rule", Docs.str(alert, "rule.id"));
        i.put("note", text(request, "note", false));
        i.put("by", who);
        i.put("at", Instant.now().toString());
        audit("incident", who, client, i);
        incidents.put(id, i);
        save(incidentsFile, incidents);
        return i;
    }

    private static String text(Map<String, Object> request, String key, boolean required) throws ActionException {
        Object v = request.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            if (required) {
                throw new ActionException(400, "missing " + key);
            }
            return null;
        }
        String s = String.valueOf(v).strip();
        if (s.length() > MAX_TEXT) {
            throw new ActionException(400, key + " longer than " + MAX_TEXT + " characters");
        }
        return s;
    }

    /** One line per change, appended and forced to disk before the change takes effect. */
    private void audit(String action, String who, String client, Map<String, Object> details) throws ActionException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("@timestamp", Instant.now().toString());
        line.put("action", action);
        line.put("who", who);
        line.put("client", client);
        line.put("details", details);
        byte[] bytes = (Json.writeValue(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(audit, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        } catch (IOException e) {
            throw new ActionException(500, "cannot write the audit log " + audit + ": " + e.getMessage());
        }
    }

    private static void save(Path file, Object value) throws ActionException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Json.writeValue(value) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ActionException(500, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
