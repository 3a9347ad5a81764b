package io.linewatch.console;

import io.linewatch.baseline.BaselineReview;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What the write role may do, each change appended to {@code audit.ndjson} in the console's state folder (opened
 * for append only, never rewritten) before it takes effect:
 * <ul>
 *   <li><b>mute</b>: a console-side mute list ({@code mutes.json}): alerts of a rule (optionally only those involving
 *   one asset) are shown as muted and hidden unless asked for. The rules themselves still raise them;
 *   <li><b>unmute</b>: removes a mute;
 *   <li><b>incident</b>: marks an alert as an incident with a note ({@code incidents.json}), and with
 *   {@code unlearn} removes from the saved baseline what the alert's traffic may have taught it;
 *   <li><b>approve</b>: accepts the departure an alert (or an observation, or a key) is about into the saved
 *   baseline.
 * </ul>
 * Approve and unlearn are {@code linewatch baseline approve | unlearn} ({@link BaselineReview}, which also appends
 * to {@code baseline-audit.ndjson} beside {@code baseline.json}). A running capture owns its baseline in memory and
 * saves it over the file, so while serving one the change is handed to the capture, which applies it to the baseline
 * it learns with between two packets and then saves and audits it the same way.
 */
final class Actions {
    static final int MAX_MUTES = 10_000;
    static final int MAX_INCIDENTS = 100_000;
    static final int MAX_TEXT = 500;

    /** How long an action waits for a running capture to take a baseline change (it does so between packets). */
    static final long LIVE_CHANGE_SECONDS = 10;

    private final Path audit;
    /** The data directory holding baseline.json and events.ndjson. */
    private final Path baselineDir;
    /** A running capture's baseline (it applies, saves and audits the change), or null: change baseline.json. */
    private final Function<BaselineReview.Change, CompletableFuture<String>> liveBaseline;
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
    Actions(Path stateDir, Path baselineDir, Function<BaselineReview.Change, CompletableFuture<String>> liveBaseline)
            throws IOException {
        this.audit = stateDir.resolve("audit.ndjson");
        this.baselineDir = baselineDir;
        this.liveBaseline = liveBaseline;
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

    /**
     * Marks an alert as an incident; with {@code "unlearn": true} also removes from the saved baseline what its
     * traffic may have taught it: the key of the departure it is about, else its actor-to-target talker (with
     * every function learned for the pair). {@code "key"} names another key.
     */
    synchronized Map<String, Object> markIncident(String who, String client, Map<String, Object> request,
            Map<String, Object> alert) throws ActionException {
        String id = text(request, "alert", true);
        if (alert == null) {
            throw new ActionException(404, "no alert " + id);
        }
        if (incidents.size() >= MAX_INCIDENTS) {
            throw new ActionException(409, "too many incidents (" + MAX_INCIDENTS + ")");
        }
        boolean unlearn = Boolean.TRUE.equals(request.get("unlearn"));
        String note = text(request, "note", false);
        String key = null;
        String[] observation = null;
        if (unlearn) {
            if (liveBaseline == null) {
                savedBaseline(); // refused before anything is recorded when there is no baseline to change
            }
            key = text(request, "key", false);
            if (key == null) {
                observation = observationOf(alert);
                key = observation != null ? observation[1] : talkerKey(alert);
            }
            if (key == null) {
                throw new ActionException(409, "alert " + id + " names no departure and no actor and target: nothing to unlearn");
            }
        }
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("alert", id);
        i.put("rule", Docs.str(alert, "rule.id"));
        i.put("note", note);
        i.put("by", who);
        i.put("at", Instant.now().toString());
        if (unlearn) {
            i.put("unlearn", key);
        }
        audit("incident", who, client, i);
        if (unlearn) {
            String reason = "alert " + id + " marked as an incident" + (note == null ? "" : ": " + note);
            String change;
            try {
                change = changeBaseline(new BaselineReview.Change(false, key, null, reason, "console " + who,
                        observation == null ? null : observation[0]));
            } catch (IllegalArgumentException e) {
                change = "nothing unlearned: " + e.getMessage(); // e.g. the actor was never learned
            }
            i.put("unlearned", Map.of("key", key, "change", change));
        }
        incidents.put(id, i);
        save(incidentsFile, incidents);
        return i;
    }

    /**
     * Accepts a departure into the saved baseline, as {@code linewatch baseline approve} does: the request names an
     * {@code alert} (its observation is found among its evidence), an {@code observation} id, or a {@code key}
     * (with {@code seen}); a {@code reason} is required.
     */
    synchronized Map<String, Object> approve(String who, String client, Map<String, Object> request,
            Map<String, Object> alert) throws ActionException {
        Path file = liveBaseline != null ? BaselineReview.file(baselineDir) : savedBaseline();
        String reason = text(request, "reason", true);
        String alertId = text(request, "alert", false);
        String observationId = text(request, "observation", false);
        String key = text(request, "key", false);
        String seen = text(request, "seen", false);
        String[] observation = null;
        if (alertId != null) {
            if (alert == null) {
                throw new ActionException(404, "no alert " + alertId);
            }
            observation = observationOf(alert);
            if (observation == null) {
                throw new ActionException(409, "alert " + alertId + " is not about a departure from the baseline "
                        + "(no observation among its evidence): there is nothing to approve");
            }
        } else if (observationId != null) {
            observation = lookUp(List.of(observationId));
            if (observation == null) {
                throw new ActionException(404, "no observation " + observationId + " in " + baselineDir.resolve("events.ndjson"));
            }
        } else if (key == null) {
            throw new ActionException(400, "name an alert, an observation or a key");
        }
        if (observation != null) {
            key = observation[1];
            seen = observation[2];
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alert", alertId);
        details.put("observation", observation == null ? null : observation[0]);
        details.put("key", key);
        details.put("seen", seen);
        details.put("reason", reason);
        details.put("baseline", file.toString());
        audit("approve", who, client, details);
        String change;
        try {
            change = changeBaseline(new BaselineReview.Change(true, key, seen, reason, "console " + who,
                    observation == null ? null : observation[0]));
        } catch (IllegalArgumentException e) {
            audit("approve_failed", who, client, Map.of("key", key, "error", String.valueOf(e.getMessage())));
            throw new ActionException(409, "cannot approve " + key + ": " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>(details);
        out.put("change", change);
        return out;
    }

    /**
     * Applies a change: handed to the running capture (which applies it between packets, then saves and audits),
     * or to baseline.json. IllegalArgumentException: a key the baseline cannot take.
     */
    private String changeBaseline(BaselineReview.Change change) throws ActionException {
        if (liveBaseline == null) {
            try {
                return BaselineReview.change(savedBaseline(), change.approve(), change.key(), change.seen(),
                        change.reason(), change.who(), change.observation());
            } catch (IOException e) {
                throw new ActionException(500, "cannot change the baseline: " + e.getMessage());
            }
        }
        try {
            return liveBaseline.apply(change).get(LIVE_CHANGE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            if (cause instanceof IllegalStateException ise) {
                throw new ActionException(409, ise.getMessage()); // the capture has ended, or too many wait
            }
            throw new ActionException(500, "cannot change the baseline: " + cause);
        } catch (TimeoutException e) {
            throw new ActionException(503, "the capture has not taken the change within " + LIVE_CHANGE_SECONDS
                    + " s (its pipeline is busy or stalled): it stays queued and is applied, audited in "
                    + BaselineReview.AUDIT_FILE + ", when the capture reads on");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionException(503, "interrupted while the capture took the change");
        }
    }

    /** baseline.json of the data directory; refused without one. */
    private Path savedBaseline() throws ActionException {
        Path file = BaselineReview.file(baselineDir);
        if (!Files.isRegularFile(file)) {
            throw new ActionException(409, "no saved baseline: " + file + " does not exist (analyze or capture writes it)");
        }
        return file;
    }

    /** {id, key, seen} of the observation an alert is about (the first of its evidence ids that is one), or null. */
    private String[] observationOf(Map<String, Object> alert) throws ActionException {
        return lookUp(Docs.strings(alert, "linewatch.evidence.event_ids"));
    }

    private String[] lookUp(List<String> ids) throws ActionException {
        try {
            return BaselineReview.firstObservation(baselineDir, ids);
        } catch (IOException e) {
            throw new ActionException(500, "cannot read the observations: " + e.getMessage());
        }
    }

    /** {@code talker:ACTOR>TARGET} of an alert (its source and destination), or null. */
    private static String talkerKey(Map<String, Object> alert) {
        String actor = Docs.str(alert, "source.ip");
        String target = Docs.str(alert, "destination.ip");
        return actor == null || target == null ? null : "talker:" + actor + ">" + target;
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
