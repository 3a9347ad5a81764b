package io.linewatch.console;

import io.linewatch.index.journal.Journal;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An output directory as the console reads it: {@code events.ndjson} and {@code alerts.ndjson} followed by byte
 * offset (what a running capture appends shows up), {@code assets.json} and {@code baseline.json} re-read when they
 * change. No Elasticsearch involved. Re-reads at most every {@value #REFRESH_MILLIS} ms.
 */
final class DirectoryData implements ConsoleData {
    static final long REFRESH_MILLIS = 500;
    /** Alerts kept in memory (the oldest go first; counted in health). */
    static final int MAX_ALERTS = 100_000;
    static final long MAX_JSON_FILE = 512L << 20;

    private final Path dir;
    private final NdjsonTail events;
    private final NdjsonTail alertTail;
    private Traffic traffic = new Traffic();
    private final List<Map<String, Object>> alerts = new ArrayList<>();
    private long alertsDropped;
    private long lastRefresh;
    private final JsonFile assetsFile;
    private final JsonFile baselineFile;

    DirectoryData(Path dir) {
        this.dir = dir;
        this.events = new NdjsonTail(dir, Journal.Stream.EVENTS.fileName);
        this.alertTail = new NdjsonTail(dir, Journal.Stream.ALERTS.fileName);
        this.assetsFile = new JsonFile(dir.resolve(Journal.ASSETS_FILE));
        this.baselineFile = new JsonFile(dir.resolve("baseline.json"));
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public boolean live() {
        return false;
    }

    synchronized void refresh() {
        long now = System.currentTimeMillis();
        if (now - lastRefresh < REFRESH_MILLIS) {
            return;
        }
        lastRefresh = now;
        if (events.read(traffic::add)) {
            traffic = new Traffic(); // the file was started afresh: read it again from the top
            events.read(traffic::add);
        }
        if (alertTail.read(this::addAlert)) {
            alerts.clear();
            alertTail.read(this::addAlert);
        }
    }

    private void addAlert(Map<String, Object> doc) {
        alerts.add(doc);
        if (alerts.size() > MAX_ALERTS) {
            alerts.remove(0);
            alertsDropped++;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> assets() {
        Object v = assetsFile.get();
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<Map<String, Object>> alerts() {
        refresh();
        return new ArrayList<>(alerts);
    }

    @Override
    public synchronized <T> T traffic(Function<Traffic, T> view) {
        refresh();
        return view.apply(traffic);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> baseline() {
        Object v = baselineFile.get();
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @Override
    public synchronized Map<String, Object> health() {
        refresh();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("mode", "directory");
        h.put("directory", dir.toString());
        h.put("events_read", events.lines());
        h.put("alerts_read", alertTail.lines());
        h.put("unreadable_lines", events.unreadable() + alertTail.unreadable());
        h.put("journal_lag_bytes", events.lag() + alertTail.lag());
        h.put("alerts_dropped", alertsDropped);
        h.put("aggregation_dropped", traffic.dropped());
        List<String> errors = new ArrayList<>();
        for (String e : new String[] {events.lastError(), alertTail.lastError(), assetsFile.error(), baselineFile.error()}) {
            if (e != null) {
                errors.add(e);
            }
        }
        h.put("errors", errors);
        return h;
    }

    /** A JSON file re-read when its modification time or size changes; a bad file keeps the last good content. */
    static final class JsonFile {
        private final Path file;
        private FileTime mtime;
        private long size = -1;
        private Object value;
        private String error;

        JsonFile(Path file) {
            this.file = file;
        }

        synchronized Object get() {
            try {
                FileTime t = Files.getLastModifiedTime(file);
                long s = Files.size(file);
                if (!t.equals(mtime) || s != size) {
                    mtime = t;
                    size = s;
                    if (s > MAX_JSON_FILE) {
                        error = file + " is larger than " + MAX_JSON_FILE + " bytes; not read";
                    } else {
                        value = Json.read(Files.readString(file, StandardCharsets.UTF_8));
                        error = null;
                    }
                }
            } catch (NoSuchFileException e) {
                value = null;
                mtime = null;
                error = null;
            } catch (IOException | IllegalArgumentException e) {
                error = "cannot read " + file + ": " + e.getMessage();
            }
            return value;
        }

        synchronized String error() {
            return error;
        }
    }
}
