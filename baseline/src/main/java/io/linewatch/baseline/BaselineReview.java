package io.linewatch.baseline;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import io.linewatch.model.Timestamps;
import io.linewatch.model.schema.ObservationFields;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An analyst's changes to a saved baseline ({@code linewatch baseline approve | unlearn}) and its read-only views
 * ({@code show}, {@code diff}). Every change is appended to {@code baseline-audit.ndjson} beside the baseline:
 * who, when (wall-clock: this is a human action, not traffic), why, what.
 */
public final class BaselineReview {
    public static final String AUDIT_FILE = "baseline-audit.ndjson";
    /** The journal's events stream (all its segments are read). */
    static final String EVENTS = "events.ndjson";

    private BaselineReview() {
    }

    /** The baseline file of an output directory, or the file itself. */
    public static Path file(Path dirOrFile) {
        return Files.isDirectory(dirOrFile) ? dirOrFile.resolve(BaselineFile.FILE_NAME) : dirOrFile;
    }

    /** An observation's key and seen text, looked up by id in the directory's events.ndjson (the last one wins). */
    public static String[] observation(Path dir, String id) throws IOException {
        String[] found = firstObservation(dir, List.of(id));
        if (found == null) {
            throw new IllegalArgumentException("no observation " + id + " in " + dir.resolve("events.ndjson"));
        }
        return new String[] {found[1], found[2]};
    }

    /**
     * The first of {@code ids} (in their order) that is an observation in the directory's events.ndjson, read in
     * one pass (the last document per id wins): {id, key, seen}, or null when none is (an alert's evidence ids
     * name its observation first when it is about a departure).
     */
    public static String[] firstObservation(Path dir, List<String> ids) throws IOException {
        Map<String, String[]> found = new LinkedHashMap<>();
        java.util.Set<String> wanted = new java.util.HashSet<>(ids);
        if (wanted.isEmpty() || !io.linewatch.model.JournalSegments.exists(dir, EVENTS)) {
            return null;
        }
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(
                io.linewatch.model.JournalSegments.read(dir, EVENTS), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.contains(ObservationFields.DATASET)) {
                    continue;
                }
                EventDoc d;
                try {
                    d = Json.readDoc(line);
                } catch (IllegalArgumentException torn) {
                    continue; // a line being written, or not JSON: not an observation we can use
                }
                if (wanted.contains(d.id())) {
                    found.put(d.id(), new String[] {d.id(), d.getString(ObservationFields.KEY), d.getString(ObservationFields.SEEN)});
                }
            }
        }
        for (String id : ids) {
            if (found.containsKey(id)) {
                return found.get(id);
            }
        }
        return null;
    }

    /**
     * One analyst's change: approve ({@code approve} true: {@code key} and the {@code seen} text of its observation,
     * or null) or unlearn {@code key}; {@code reason} is required; {@code who} and the {@code observation} id (or
     * null) go to the audit record.
     */
    public record Change(boolean approve, String key, String seen, String reason, String who, String observation) {
        public Change {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a baseline key is required");
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a reason is required");
            }
        }
    }

    /**
     * Applies one approve ({@code approve} true) or unlearn to the baseline file, rewrites it atomically and
     * appends the audit record.
     *
     * @return what changed, one line
     */
    public static String change(Path baselineFile, boolean approve, String key, String seen, String reason, String who,
                                String observationId) throws IOException {
        Change change = new Change(approve, key, seen, reason, who, observationId);
        BaselineEngine engine = BaselineFile.read(baselineFile, BaselineConfig.learnWholeRun(), o -> { });
        return apply(engine, baselineFile, change);
    }

    /**
     * Applies a change to a baseline engine (read from {@code baselineFile}, or the one a running capture learns
     * with, on the thread that feeds it), writes the engine to {@code baselineFile} atomically and appends the
     * audit record beside it.
     *
     * @return what changed, one line; IllegalArgumentException for a key the engine cannot take
     */
    public static String apply(BaselineEngine engine, Path baselineFile, Change change) throws IOException {
        String what = change.approve() ? engine.approve(change.key(), change.seen()) : engine.unlearn(change.key());
        BaselineFile.write(engine, baselineFile);
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("@timestamp", Timestamps.iso(Instant.now().toEpochMilli() * 1_000_000L));
        audit.put("who", change.who());
        audit.put("action", change.approve() ? "approve" : "unlearn");
        audit.put("key", change.key());
        if (change.observation() != null) {
            audit.put("observation", change.observation());
        }
        audit.put("reason", change.reason());
        audit.put("change", what);
        audit.put("baseline", baselineFile.getFileName().toString());
        Path log = baselineFile.toAbsolutePath().getParent().resolve(AUDIT_FILE);
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            out.write((Json.writeValue(audit) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return what;
    }

    /** A readable summary of a baseline file. */
    public static List<String> show(Path baselineFile) throws IOException {
        Map<String, Object> t = BaselineFile.readTree(baselineFile);
        List<String> out = new ArrayList<>();
        long learnEnd = BaselineFile.num(t, "learn_end");
        out.add("baseline " + baselineFile + " (version " + t.get("version") + ")");
        out.add("capture " + iso(BaselineFile.num(t, "first_packet")) + " .. " + iso(BaselineFile.num(t, "last_packet"))
                + ", learning " + (learnEnd == Long.MAX_VALUE ? "over the whole run" : "until " + iso(learnEnd)));
        for (String table : List.of("devices", "talkers", "channels", "objects", "variables", "rhythms", "io_connections",
                "open_observations")) {
            out.add(String.format("%-18s %d", table, BaselineFile.list(t, table).size()));
        }
        out.add("counters " + t.get("counters"));
        for (Map<String, Object> d : BaselineFile.list(t, "devices")) {
            out.add("  " + d.get("ip") + (d.get("mac") == null ? "" : " " + d.get("mac")) + " serves " + d.get("protocols")
                    + (Boolean.TRUE.equals(d.get("mature")) ? " monitored" : " learning")
                    + (d.get("identity") == null ? "" : " " + d.get("identity")));
        }
        return out;
    }

    private static String iso(long nanos) {
        return nanos < 0 || nanos == Long.MAX_VALUE ? "-" : Timestamps.iso(nanos);
    }

    /** What B learned that A did not ({@code +}) and the reverse ({@code -}), by key. */
    public static List<String> diff(Path a, Path b) throws IOException {
        TreeSet<String> ka = keys(BaselineFile.readTree(a));
        TreeSet<String> kb = keys(BaselineFile.readTree(b));
        List<String> out = new ArrayList<>();
        for (String k : kb) {
            if (!ka.contains(k)) {
                out.add("+ " + k);
            }
        }
        for (String k : ka) {
            if (!kb.contains(k)) {
                out.add("- " + k);
            }
        }
        return out;
    }

    private static TreeSet<String> keys(Map<String, Object> t) {
        TreeSet<String> k = new TreeSet<>();
        for (Map<String, Object> d : BaselineFile.list(t, "devices")) {
            k.add("device:" + d.get("ip"));
            for (Object p : (List<?>) d.getOrDefault("protocols", List.of())) {
                k.add("protocol:" + d.get("ip") + "/" + p);
            }
            if (d.get("identity") instanceof Map<?, ?> id) {
                id.forEach((f, v) -> k.add("identity:" + d.get("ip") + "/" + f + "=" + v));
            }
        }
        for (Map<String, Object> m : BaselineFile.list(t, "talkers")) {
            k.add("talker:" + m.get("client") + ">" + m.get("server"));
        }
        for (Map<String, Object> m : BaselineFile.list(t, "channels")) {
            k.add("function:" + m.get("client") + ">" + m.get("server") + "/" + m.get("protocol") + "/" + m.get("unit") + "/"
                    + m.get("function") + "/" + m.get("subfunction"));
        }
        for (Map<String, Object> m : BaselineFile.list(t, "objects")) {
            String base = m.get("server") + "/" + m.get("protocol") + "/" + m.get("unit") + "/" + m.get("area") + "/" + m.get("number");
            for (Object r : (List<?>) m.get("ranges")) {
                List<?> se = (List<?>) r;
                long s = ((Number) se.get(0)).longValue();
                long e = ((Number) se.get(1)).longValue() - 1;
                k.add(m.get("access") + ":" + base + "/" + (s == e ? Long.toString(s) : s + "-" + e));
            }
            for (Object w : (List<?>) m.get("writers")) {
                k.add("writer:" + w + ">" + base);
            }
        }
        for (Map<String, Object> m : BaselineFile.list(t, "variables")) {
            k.add("value:" + m.get("server") + "/" + m.get("protocol") + "/" + m.get("unit") + "/" + m.get("area") + "/"
                    + m.get("number") + "/" + m.get("address") + " " + m.get("kind"));
        }
        for (Map<String, Object> m : BaselineFile.list(t, "io_connections")) {
            k.add("io:" + m.get("originator") + ">" + m.get("target"));
        }
        return k;
    }
}
