package io.linewatch.index.es;

import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.EventIds;
import io.linewatch.model.Fields;
import io.linewatch.model.JournalSegments;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends the journal to Elasticsearch: a reader that follows {@code events.ndjson} and {@code alerts.ndjson} by
 * byte offset, sends bulk batches (bounded by count and bytes), checks every item's result, retries what may
 * pass with exponential backoff, sets aside what never will ({@code rejected.ndjson}, with the reason), and
 * only then moves its cursor ({@code es-cursor.json}). The journal holds everything accepted, so an outage
 * or a restart loses nothing; deterministic ids make every re-send a no-op, so nothing is duplicated.
 * {@code assets.json} is upserted, one document per sensor and asset, whenever its content changes.
 *
 * <p>One background thread; memory is one batch. Life cycle: {@link #connect}, {@link #start}, then
 * {@link #drain} and/or {@link #close}.
 */
public final class EsShipper implements AutoCloseable {
    /** Item-level server errors (5xx) are retried this often before the document is set aside. */
    static final int MAX_SERVER_ERROR_ATTEMPTS = 8;
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final EsSettings settings;
    private final BulkSender sender;
    private final AutoCloseable resource;
    /** {@code "observer":{"name":...}} of this sensor, put in front of every journal line shipped. */
    private final String observerField;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(30);

    private final Object lock = new Object();
    private Path dir;
    private ShipperCursor cursor;
    private RejectedLog rejectedLog;
    private Thread thread;
    private volatile boolean stopping;
    private volatile boolean retrying;
    private volatile String lastError;
    /** The client still to check and install templates with (the cluster was unreachable at start), else null. */
    private volatile EsClient unprepared;

    private final Map<Journal.Stream, Counters> counters = new EnumMap<>(Journal.Stream.class);
    private final Map<Journal.Stream, LineCounter> lineCounters = new EnumMap<>(Journal.Stream.class);
    private long assetsSent;
    private long assetsRejected;
    private long cursorResets;

    private static final class Counters {
        long stored;
        long alreadyPresent;
        long rejected;
    }

    /** A document on its way, with where it came from. */
    private static final class Pending {
        final String stream;
        final long offset;
        final String line;
        final BulkItem item;
        int serverErrors;

        Pending(String stream, long offset, String line, BulkItem item) {
            this.stream = stream;
            this.offset = offset;
            this.line = line;
            this.item = item;
        }
    }

    EsShipper(EsSettings settings, BulkSender sender, AutoCloseable resource) {
        this.settings = settings;
        this.sender = sender;
        this.resource = resource;
        this.observerField = ShippedLine.observerField(settings.sensorName());
        for (Journal.Stream s : Journal.Stream.values()) {
            counters.put(s, new Counters());
        }
    }

    /**
     * Reaches the cluster, proves the credentials and the TLS trust, and installs the index templates.
     *
     * @throws EsConfigException with one line that says what is wrong (nothing has been sent)
     */
    public static EsShipper connect(EsSettings settings) throws EsConfigException {
        EsClient client = EsClient.open(settings);
        EsShipper shipper = new EsShipper(settings, client, client);
        try {
            client.prepare();
        } catch (EsConfigException e) {
            client.close();
            throw e;
        } catch (EsUnavailableException e) {
            // issue 16, defect 5: a cluster outage must not stop a sensor; the thread connects when it answers
            shipper.unprepared = client;
            shipper.lastError = e.getMessage();
            shipper.retrying = true;
        }
        return shipper;
    }

    /**
     * Why the cluster could not be used yet (it was unreachable at {@link #connect}); null once connected. The
     * shipper keeps trying in its thread, with backoff, and ships the journal's backlog when it answers.
     */
    public String notConnectedReason() {
        return unprepared == null ? null : lastError;
    }

    /** Shorter waits for tests that simulate outages. */
    void backoff(Duration initial, Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
    }

    public EsSettings settings() {
        return settings;
    }

    /**
     * Starts following the journal in {@code journalDir} from the saved cursor.
     *
     * @param journalRewritten the journal was just started empty (an offline analysis): send it all again
     */
    public void start(Path journalDir, boolean journalRewritten) throws EsConfigException {
        open(journalDir, journalRewritten);
        thread = new Thread(this::run, "linewatch-es-shipper");
        thread.setDaemon(true);
        thread.start();
    }

    /** Loads the cursor without starting the thread (tests drive {@link #shipOnce()} themselves). */
    void open(Path journalDir, boolean journalRewritten) throws EsConfigException {
        if (dir != null) {
            throw new IllegalStateException("already started");
        }
        this.dir = journalDir;
        try {
            this.cursor = journalRewritten ? ShipperCursor.fresh(journalDir, settings.destination())
                    : ShipperCursor.load(journalDir, settings.destination());
            if (journalRewritten) {
                cursor.save();
            }
        } catch (IOException e) {
            throw new EsConfigException("cannot read or write the Elasticsearch cursor in " + journalDir + ": "
                    + e.getMessage(), e);
        }
        this.rejectedLog = new RejectedLog(journalDir);
        for (Journal.Stream s : Journal.Stream.values()) {
            ShipperCursor.Position p = cursor.streams.get(s);
            lineCounters.put(s, new LineCounter(p.segment, p.offset, p.lines));
        }
    }

    /** One pass over every stream and the assets; true if anything was settled. */
    boolean shipOnce() throws IOException {
        boolean worked = false;
        for (Journal.Stream s : Journal.Stream.values()) {
            worked |= shipBatch(s);
        }
        return shipAssets() | worked;
    }

    private void run() {
        int failures = 0;
        while (!stopping) {
            EsClient client = unprepared;
            if (client != null) {
                try {
                    client.prepare();
                    unprepared = null;
                    lastError = null;
                    retrying = false;
                    failures = 0;
                } catch (EsConfigException | EsUnavailableException e) {
                    // after start-up even a permanent failure (credentials changed) is waited out: say it, retry
                    lastError = e.getMessage();
                    retrying = true;
                    sleep(backoffDelay(failures++));
                    continue;
                }
            }
            boolean worked;
            try {
                worked = shipOnce();
                failures = 0;
            } catch (IOException | RuntimeException e) {
                // a local problem (disk full, journal unreadable) or a bug: say so, wait, try again; never die
                lastError = "shipping from " + dir + " failed: " + e;
                retrying = true;
                sleep(backoffDelay(failures++));
                continue;
            }
            if (!worked) {
                synchronized (lock) {
                    lock.notifyAll(); // drain() re-checks
                    if (!stopping) {
                        try {
                            lock.wait(IDLE_POLL.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** Sends the next batch of one stream; false when there was nothing new (or the shipper is stopping). */
    private boolean shipBatch(Journal.Stream stream) throws IOException {
        ShipperCursor.Position pos;
        List<JournalTail.Line> lines;
        String fingerprint;
        while (true) { // each turn that does not ship moves to a higher segment number, so this ends
            synchronized (lock) {
                pos = cursor.streams.get(stream).copy();
            }
            try (JournalSegments.Opened segment = JournalSegments.open(dir, stream.fileName, pos.segment)) {
                if (segment == null) {
                    if (moveToNextSegment(stream, pos)) {
                        continue;
                    }
                    return false;
                }
                if (!segment.sealed() && pos.offset > 0 && segment.channel().size() < pos.offset) {
                    restart(stream); // the journal was rewritten under us: start the stream over
                    return true;
                }
                lines = JournalTail.read(segment.channel(), pos.offset, settings.bulkMaxDocuments(),
                        settings.bulkMaxBytes());
                if (lines.isEmpty()) {
                    // the end of a sealed segment is final: go on with the next one
                    if (segment.sealed() && moveToNextSegment(stream, pos)) {
                        continue;
                    }
                    return false;
                }
                fingerprint = ShipperCursor.fingerprint(segment.channel(), lines.get(lines.size() - 1).end());
                break;
            }
        }
        String streamName = ShipperCursor.name(stream);
        List<Pending> pending = new ArrayList<>(lines.size());
        List<RejectedLog.Rejection> rejections = new ArrayList<>();
        for (JournalTail.Line line : lines) {
            if (line.text().isBlank()) {
                continue; // nothing to lose: the journal never writes blank lines, a torn write might
            }
            if (line.oversize()) {
                rejections.add(new RejectedLog.Rejection(streamName, line.offset(), null, null, 0,
                        "line longer than " + JournalTail.MAX_LINE_BYTES + " bytes (only its beginning is kept)",
                        line.text()));
                continue;
            }
            ShippedLine fields;
            try {
                fields = ShippedLine.parse(line.text());
            } catch (IllegalArgumentException e) {
                rejections.add(new RejectedLog.Rejection(streamName, line.offset(), null, null, 0,
                        "journal line is not a JSON object: " + e.getMessage(), line.text()));
                continue;
            }
            String id = fields.id != null ? fields.id : EventIds.of(streamName, line.text());
            String index = IndexNames.forDocument(stream, fields.timestamp);
            Long version = stream == Journal.Stream.ALERTS ? fields.alertCount : null;
            // the line is the document's JSON already: sent as written, not parsed into a map and encoded again
            String source = fields.needsRewrite ? Json.write(withObserver(Json.readDoc(line.text())))
                    : fields.source(line.text(), observerField);
            pending.add(new Pending(streamName, line.offset(), line.text(), version != null
                    ? BulkItem.versioned(index, id, source, version)
                    : BulkItem.create(index, id, source)));
        }
        int[] outcome = settle(pending, rejections);
        if (outcome == null) {
            return false; // stopping: the cursor stays, the next run sends these again
        }
        rejections.sort(java.util.Comparator.comparingLong(RejectedLog.Rejection::journalOffset)); // journal order
        rejectedLog.append(rejections);
        JournalTail.Line last = lines.get(lines.size() - 1);
        synchronized (lock) {
            ShipperCursor.Position p = cursor.streams.get(stream);
            p.segment = pos.segment;
            p.offset = last.end();
            p.lines = pos.lines + lines.size();
            p.fingerprint = fingerprint;
            cursor.save();
            Counters c = counters.get(stream);
            c.stored += outcome[0];
            c.alreadyPresent += outcome[1];
            c.rejected += rejections.size();
            lock.notifyAll();
        }
        return true;
    }

    private void restart(Journal.Stream stream) throws IOException {
        synchronized (lock) {
            cursor.streams.put(stream, new ShipperCursor.Position());
            cursor.save();
            cursorResets++;
            lineCounters.get(stream).clear();
        }
    }

    /**
     * Moves the cursor past segment {@code pos.segment} (read to its end, or gone: removed by retention, which
     * counts what it removed unshipped) to the next segment there is.
     *
     * @return false when there is no later segment yet
     */
    private boolean moveToNextSegment(Journal.Stream stream, ShipperCursor.Position pos) throws IOException {
        JournalSegments.Segment next = null;
        for (JournalSegments.Segment s : JournalSegments.all(dir, stream.fileName)) {
            if (s.number() > pos.segment) {
                next = s;
                break;
            }
        }
        if (next == null) {
            if (pos.segment > JournalSegments.activeNumber(dir, stream.fileName)) {
                restart(stream); // beyond every segment: the journal was started afresh with new numbers
                return true;
            }
            return false;
        }
        synchronized (lock) {
            ShipperCursor.Position p = cursor.streams.get(stream);
            p.segment = next.number();
            p.offset = 0;
            p.lines = 0;
            p.fingerprint = "";
            cursor.save();
            lineCounters.get(stream).forgetBelow(next.number());
            lock.notifyAll();
        }
        return true;
    }

    /**
     * Where the shipper is in {@code stream}: segments below the returned one are in Elasticsearch (or set aside),
     * and so is the returned segment up to the offset. Retention removes what is shipped first.
     *
     * @return {segment, offset}; segment 0 when nothing is shipped yet
     */
    public long[] shippedUpTo(Journal.Stream stream) {
        synchronized (lock) {
            ShipperCursor.Position p = cursor == null ? null : cursor.streams.get(stream);
            return p == null ? new long[] {0, 0} : new long[] {p.segment, p.offset};
        }
    }

    /** Upserts every asset when {@code assets.json} differs from what was last sent. */
    private boolean shipAssets() throws IOException {
        Path file = dir.resolve(Journal.ASSETS_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        String sha = ShipperCursor.sha256(bytes);
        synchronized (lock) {
            if (sha.equals(cursor.assetsSha256)) {
                return false;
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<RejectedLog.Rejection> rejections = new ArrayList<>();
        List<Pending> all = new ArrayList<>();
        Object parsed;
        try {
            parsed = Json.read(text);
        } catch (IllegalArgumentException e) {
            parsed = e;
        }
        if (!(parsed instanceof List<?> list)) {
            rejections.add(new RejectedLog.Rejection("assets", 0, IndexNames.ASSETS, null, 0,
                    "assets.json is not a JSON array", text.length() > JournalTail.KEPT_PREFIX_BYTES
                    ? text.substring(0, JournalTail.KEPT_PREFIX_BYTES) : text));
        } else {
            for (Object o : list) {
                String json = Json.writeValue(o);
                if (!(o instanceof Map<?, ?>) || EventDoc.of(asMap(o)).getString(Fields.ASSET_ID) == null) {
                    rejections.add(new RejectedLog.Rejection("assets", 0, IndexNames.ASSETS, null, 0,
                            "asset without " + Fields.ASSET_ID, json));
                    continue;
                }
                EventDoc doc = withObserver(EventDoc.of(asMap(o)));
                String id = assetDocumentId(settings.sensorName(), doc.getString(Fields.ASSET_ID));
                all.add(new Pending("assets", 0, json, BulkItem.upsert(IndexNames.ASSETS, id, Json.write(doc),
                        doc.asMap())));
            }
        }
        int stored = 0;
        for (int from = 0; from < all.size(); ) {
            int to = from;
            long bytesInBatch = 0;
            while (to < all.size() && to - from < settings.bulkMaxDocuments() && bytesInBatch < settings.bulkMaxBytes()) {
                bytesInBatch += all.get(to++).item.wireBytes();
            }
            int[] outcome = settle(all.subList(from, to), rejections);
            if (outcome == null) {
                return false;
            }
            stored += outcome[0] + outcome[1];
            from = to;
        }
        rejectedLog.append(rejections);
        synchronized (lock) {
            cursor.assetsSha256 = sha;
            cursor.save();
            assetsSent += stored;
            assetsRejected += rejections.size();
            lock.notifyAll();
        }
        return true;
    }

    /** Assets are per sensor: two plants may both have a 192.168.1.10, and each keeps its own document. */
    static String assetDocumentId(String sensorName, String assetId) {
        return sensorName + ":" + assetId;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private EventDoc withObserver(EventDoc doc) {
        if (doc.get(Fields.OBSERVER_NAME) == null) {
            doc.put(Fields.OBSERVER_NAME, settings.sensorName());
        }
        return doc;
    }

    /**
     * Sends until every item is stored, already present, or set aside; waits with backoff in between.
     *
     * @return {stored, alreadyPresent}, or null when stopping interrupted it (nothing may be committed)
     */
    private int[] settle(List<Pending> items, List<RejectedLog.Rejection> rejections) {
        int stored = 0;
        int already = 0;
        int attempt = 0;
        List<Pending> pending = items;
        while (!pending.isEmpty()) {
            if (stopping) {
                return null;
            }
            List<ItemResult> results;
            try {
                results = sender.send(pending.stream().map(p -> p.item).toList());
            } catch (EsUnavailableException e) {
                lastError = e.getMessage();
                retrying = true;
                if (!sleep(backoffDelay(attempt++))) {
                    return null;
                }
                continue;
            }
            List<Pending> again = new ArrayList<>();
            String againReason = null;
            for (int i = 0; i < pending.size(); i++) {
                Pending p = pending.get(i);
                ItemResult r = results.get(i);
                switch (r.kind()) {
                    case STORED -> stored++;
                    case ALREADY_PRESENT -> already++;
                    case REJECTED -> rejections.add(rejection(p, r.status(), r.reason()));
                    case RETRY -> {
                        if (r.status() >= 500 && ++p.serverErrors >= MAX_SERVER_ERROR_ATTEMPTS) {
                            rejections.add(rejection(p, r.status(), "still failing after "
                                    + MAX_SERVER_ERROR_ATTEMPTS + " attempts: " + r.reason()));
                        } else {
                            again.add(p);
                            againReason = "HTTP " + r.status() + " " + r.reason();
                        }
                    }
                }
            }
            pending = again;
            if (!again.isEmpty()) {
                lastError = again.size() + " documents to retry: " + againReason;
                retrying = true;
                if (!sleep(backoffDelay(attempt++))) {
                    return null;
                }
            }
        }
        retrying = false;
        return new int[] {stored, already};
    }

    private static RejectedLog.Rejection rejection(Pending p, int status, String reason) {
        return new RejectedLog.Rejection(p.stream, p.offset, p.item.index(), p.item.id(), status,
                reason == null ? "HTTP " + status : reason, p.line);
    }

    private Duration backoffDelay(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt, 20);
        long capped = Math.min(maxBackoff.toMillis(), base);
        // +-20% so that many sensors do not hammer a recovering cluster in step
        long jitter = capped / 5;
        return Duration.ofMillis(capped - jitter + (jitter > 0 ? ThreadLocalRandom.current().nextLong(2 * jitter + 1) : 0));
    }

    /** @return false when stopping */
    private boolean sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            while (!stopping) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Waits until everything journaled so far (complete lines, and assets.json as it is now) is stored or set
     * aside, or until the timeout. The journal should be flushed first ({@link Journal#sync()}).
     */
    public DrainResult drain(Duration timeout) {
        requireStarted();
        Map<Journal.Stream, long[]> targets = new EnumMap<>(Journal.Stream.class);
        String assetsTarget;
        try {
            for (Journal.Stream s : Journal.Stream.values()) {
                List<JournalSegments.Segment> segments = JournalSegments.all(dir, s.fileName);
                if (!segments.isEmpty()) { // the end of the newest segment
                    JournalSegments.Segment last = segments.get(segments.size() - 1);
                    targets.put(s, new long[] {last.number(), JournalTail.completeLength(last.file())});
                }
            }
            Path assets = dir.resolve(Journal.ASSETS_FILE);
            assetsTarget = Files.exists(assets) ? ShipperCursor.sha256(Files.readAllBytes(assets)) : "";
        } catch (IOException e) {
            lastError = "cannot read the journal in " + dir + ": " + e.getMessage();
            return new DrainResult(false, status());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            lock.notifyAll(); // wake an idle shipper now rather than at its next poll
            while (!reached(targets, assetsTarget) && thread != null && thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, IDLE_POLL.toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            boolean complete = reached(targets, assetsTarget);
            return new DrainResult(complete, status());
        }
    }

    private boolean reached(Map<Journal.Stream, long[]> targets, String assetsTarget) {
        for (Map.Entry<Journal.Stream, long[]> t : targets.entrySet()) {
            ShipperCursor.Position p = cursor.streams.get(t.getKey());
            long[] target = t.getValue();
            boolean past = p.segment > target[0] || (p.segment == target[0] && p.offset >= target[1]);
            if (!past) {
                return false;
            }
        }
        return assetsTarget.isEmpty() || assetsTarget.equals(cursor.assetsSha256);
    }

    /** Counts, lag (documents and bytes behind the journal) and the current problem, if any. */
    public ShipperStatus status() {
        requireStarted();
        Map<String, ShipperStatus.Stream> streams = new LinkedHashMap<>();
        for (Journal.Stream s : Journal.Stream.values()) {
            ShipperCursor.Position p;
            Counters c;
            LineCounter lc;
            synchronized (lock) {
                p = cursor.streams.get(s).copy();
                c = counters.get(s);
                c = copy(c);
                lc = lineCounters.get(s);
            }
            long bytesBehind = 0;
            long documentsBehind = 0;
            try {
                for (JournalSegments.Segment seg : JournalSegments.all(dir, s.fileName)) {
                    if (seg.number() < p.segment) {
                        continue;
                    }
                    long size = sizeOf(seg.file());
                    boolean current = seg.number() == p.segment;
                    bytesBehind += Math.max(0, size - (current ? p.offset : 0));
                    documentsBehind += Math.max(0, lc.linesUpTo(seg.number(), seg.file(), size) - (current ? p.lines : 0));
                }
            } catch (IOException e) {
                // the directory cannot be listed now: the figures of this report are short, the next one catches up
            }
            streams.put(ShipperCursor.name(s), new ShipperStatus.Stream(c.stored, c.alreadyPresent, c.rejected,
                    documentsBehind, bytesBehind));
        }
        synchronized (lock) {
            return new ShipperStatus(settings.destination(), retrying, lastError, streams, assetsSent, assetsRejected,
                    cursorResets);
        }
    }

    private static Counters copy(Counters c) {
        Counters out = new Counters();
        out.stored = c.stored;
        out.alreadyPresent = c.alreadyPresent;
        out.rejected = c.rejected;
        return out;
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private void requireStarted() {
        if (dir == null) {
            throw new IllegalStateException("shipper not started");
        }
    }

    /** Where documents Elasticsearch refused are kept. */
    public Path rejectedFile() {
        return dir == null ? null : dir.resolve(RejectedLog.FILE_NAME);
    }

    /**
     * Stops the shipper (a batch in flight is abandoned without moving the cursor: it is sent again next
     * time) and closes the connection.
     */
    @Override
    public void close() {
        stopping = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            resource.close();
        } catch (Exception ignored) {
            // the connection pool's own close: nothing to keep
        }
    }

    /**
     * Counts journal lines incrementally, per segment, so that reporting the lag reads each byte once, not the whole
     * backlog on every report.
     */
    private static final class LineCounter {
        /** segment number → {bytes counted, lines in them} */
        private final java.util.TreeMap<Long, long[]> segments = new java.util.TreeMap<>();

        LineCounter(long segment, long offset, long linesAtOffset) {
            segments.put(segment, new long[] {offset, linesAtOffset});
        }

        /** Complete lines from the start of segment {@code number} ({@code file}) up to {@code size}. */
        synchronized long linesUpTo(long number, Path file, long size) {
            long[] c = segments.computeIfAbsent(number, n -> new long[2]);
            if (size > c[0]) {
                try {
                    c[1] += JournalTail.countLines(file, c[0], size);
                    c[0] = size;
                } catch (IOException e) {
                    return c[1]; // removed by retention meanwhile
                }
            }
            return c[1];
        }

        synchronized void forgetBelow(long number) {
            segments.headMap(number).clear();
        }

        synchronized void clear() {
            segments.clear();
        }
    }
}
