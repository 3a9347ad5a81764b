package io.linewatch.index.journal;

import io.linewatch.model.EventDoc;
import io.linewatch.model.schema.Schema;
import io.linewatch.model.Json;
import io.linewatch.model.JournalSegments;
import io.linewatch.model.NdjsonWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The embedded default store: append-only NDJSON files in the output directory, one stream each
 * ({@code events.ndjson}, {@code alerts.ndjson}), plus {@code assets.json} rewritten atomically.
 * Lines are only ever appended, so a reader (the Elasticsearch shipper) can follow a stream by (segment, byte
 * offset) and resume after a restart. A stream's active file is sealed at the segment size and a new one started
 * ({@link JournalSegments}: read the streams only through it); {@link Retention} removes sealed segments to keep a
 * disk budget. Every write error becomes a {@link JournalException} naming the file.
 */
public final class Journal implements AutoCloseable {
    public enum Stream {
        EVENTS("events.ndjson"), ALERTS("alerts.ndjson");

        public final String fileName;

        Stream(String fileName) {
            this.fileName = fileName;
        }
    }

    public static final String ASSETS_FILE = "assets.json";
    /**
     * A stream's active file is sealed at about this size (64 MiB): small enough that retention frees space in
     * useful steps and a reader never re-reads much, large enough that a short run or a test stays one file.
     */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /** Journal files hold what the plant's devices said: owner read/write, group read, nobody else (0640). */
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> MODE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
    private static final java.nio.file.attribute.FileAttribute<?>[] FILE_MODE = posix()
            ? new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions.asFileAttribute(MODE)}
            : new java.nio.file.attribute.FileAttribute<?>[0];

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Sets 0640 on a file (creation modes are masked by the umask; an older file may be more open). */
    static void restrict(Path file) throws IOException {
        if (FILE_MODE.length > 0) {
            Files.setPosixFilePermissions(file, MODE);
        }
    }

    private final Path dir;
    private final Map<Stream, NdjsonWriter> writers = new EnumMap<>(Stream.class);
    private final Map<Stream, CountingStream> outputs = new EnumMap<>(Stream.class);
    private final Map<Stream, Long> activeNumbers = new EnumMap<>(Stream.class);
    private final long segmentBytes;
    private long sealed;
    private final Map<Stream, FileChannel> channels = new EnumMap<>(Stream.class);
    private final Map<Stream, Long> counts = new EnumMap<>(Stream.class);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private int tornTails;
    private long tornBytes;

    private record Listener(Stream stream, Consumer<EventDoc> consumer) {
    }

    /**
     * @param fresh true to start empty files (an offline analysis recomputes everything); false to
     *              append to what a previous run left (a live sensor restarting)
     */
    /** The first write failure, thrown again by every later write (see {@link #failure}). */
    private JournalException failed;

    public Journal(Path dir, boolean fresh) {
        this(dir, fresh, DEFAULT_SEGMENT_BYTES);
    }

    /**
     * @param segmentBytes seal a stream's active file once it holds about this many bytes and start a new one
     *                     (see {@link JournalSegments}); 0: never (one file per stream)
     */
    public Journal(Path dir, boolean fresh, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create output directory " + dir + ": " + reason(e), e);
        }
        for (Stream s : Stream.values()) {
            Path file = dir.resolve(s.fileName);
            try {
                if (fresh) {
                    for (JournalSegments.Segment old : JournalSegments.sealed(dir, s.fileName)) {
                        Files.deleteIfExists(old.file()); // a new analysis replaces the whole stream
                    }
                } else {
                    setAsideTornTail(file);
                }
                activeNumbers.put(s, JournalSegments.activeNumber(dir, s.fileName));
                openActive(s, fresh);
            } catch (IOException e) {
                close();
                throw new JournalException("cannot open " + file + ": " + reason(e), e);
            }
        }
    }

    private void openActive(Stream s, boolean truncate) throws IOException {
        Path file = dir.resolve(s.fileName);
        FileChannel ch = truncate
                ? FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING), FILE_MODE)
                : FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), FILE_MODE);
        restrict(file); // a file an older version left world-readable
        channels.put(s, ch);
        // UTF-8 JSON straight to a byte buffer (no per-document generator, no char encoder)
        CountingStream os = new CountingStream(new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch),
                1 << 16), ch.size());
        outputs.put(s, os);
        writers.put(s, new NdjsonWriter(os));
        counts.putIfAbsent(s, 0L);
    }

    /** Counts the bytes handed to the file (the generator's own buffer is added by {@link NdjsonWriter#buffered}). */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long written;

        CountingStream(OutputStream out, long start) {
            super(out);
            this.written = start;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
        }
    }

    /**
     * Seals the active file of {@code s} once it reached the segment size: everything is flushed and forced, the file
     * is renamed to its number ({@code events-000001.ndjson}) and a new active file is started. Called between two
     * documents, so a sealed segment ends on a newline. A crash between the rename and the new file loses nothing:
     * the next open creates the active file.
     */
    private void sealIfFull(Stream s) throws IOException {
        if (segmentBytes <= 0 || outputs.get(s).written + writers.get(s).buffered() < segmentBytes) {
            return;
        }
        NdjsonWriter w = writers.remove(s);
        OutputStream os = outputs.remove(s);
        FileChannel ch = channels.remove(s);
        w.flush();
        os.flush();
        ch.force(false);
        w.close();
        ch.close();
        long number = activeNumbers.get(s);
        Path active = dir.resolve(s.fileName);
        Files.move(active, dir.resolve(JournalSegments.sealedName(s.fileName, number)),
                StandardCopyOption.ATOMIC_MOVE);
        activeNumbers.put(s, number + 1);
        sealed++;
        openActive(s, false);
    }

    private volatile Retention retention;

    /**
     * Keeps the output directory within {@code budgetBytes} from now on: call {@link Retention#enforce} periodically.
     *
     * @param shipped where the Elasticsearch shipper is; null without Elasticsearch (nothing is ever shipped)
     */
    public Retention retain(long budgetBytes, Retention.Shipped shipped) {
        retention = new Retention(this, budgetBytes, shipped);
        return retention;
    }

    /** The disk budget's keeper, or null when the directory has none. */
    public Retention retention() {
        return retention;
    }

    /** Segments sealed by this journal since it was opened. */
    public synchronized long segmentsSealed() {
        return sealed;
    }

    /** The configured segment size in bytes (0: one file per stream). */
    public long segmentBytes() {
        return segmentBytes;
    }

    /**
     * A file left by a process that died mid-line (kill -9, power loss, a full disk) ends with a partial
     * line. Appending to it would glue the next document onto it, and the reader would reject both. The bytes
     * after the last complete record (newline-terminated and parseable) are moved to {@code <file>.torn-<n>}
     * and cut off the journal, so the next append starts on a line of its own. Readers never consumed those
     * bytes (they only take newline-terminated lines), so their offsets stay valid.
     */
    private void setAsideTornTail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                return;
            }
            long lastNewline = lastNewlineBefore(ch, size);
            long cut = lastNewline + 1; // 0 when the file holds no newline at all
            if (cut == size) {
                // ends on a newline: the last line is complete, but check that it is a document (an older
                // version glued lines together at this point)
                long start = lastNewlineBefore(ch, lastNewline) + 1;
                if (lastNewline - start <= MAX_CHECKED_LINE && !parses(ch, start, (int) (lastNewline - start))) {
                    cut = start;
                }
            }
            if (cut == size) {
                return;
            }
            Path aside = null;
            for (int n = 1; aside == null || Files.exists(aside); n++) {
                aside = file.resolveSibling(file.getFileName() + ".torn-" + n);
            }
            try (FileChannel out = FileChannel.open(aside, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), FILE_MODE)) {
                long pos = cut;
                while (pos < size) {
                    pos += ch.transferTo(pos, size - pos, out);
                }
                out.force(true);
            }
            ch.truncate(cut);
            ch.force(true);
            tornTails++;
            tornBytes += size - cut;
        }
    }

    private static final int MAX_CHECKED_LINE = 16 << 20;

    /** Offset of the last newline before {@code end}, or -1. */
    private static long lastNewlineBefore(FileChannel ch, long end) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 << 10);
        long pos = end;
        while (pos > 0) {
            int len = (int) Math.min(buf.capacity(), pos);
            buf.clear().limit(len);
            long from = pos - len;
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    throw new IOException("file shrank while being read");
                }
            }
            byte[] a = buf.array();
            for (int i = len - 1; i >= 0; i--) {
                if (a[i] == '\n') {
                    return from + i;
                }
            }
            pos = from;
        }
        return -1;
    }

    private static boolean parses(FileChannel ch, long start, int len) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
            if (ch.read(buf, start + buf.position()) < 0) {
                return false;
            }
        }
        try {
            Json.readDoc(new String(buf.array(), StandardCharsets.UTF_8));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** How many files had a torn last line set aside when this journal was opened for append. */
    public int tornTails() {
        return tornTails;
    }

    /** The bytes set aside with them. */
    public long tornBytes() {
        return tornBytes;
    }

    public Path directory() {
        return dir;
    }

    public synchronized void append(Stream stream, EventDoc doc) {
        assert declared(doc);
        if (failed != null) {
            throw failed;
        }
        try {
            writers.get(stream).write(doc.asMap());
        } catch (RuntimeException | IOException e) {
            throw failure(stream, e);
        }
        counts.merge(stream, 1L, Long::sum);
        try {
            sealIfFull(stream);
        } catch (IOException | RuntimeException e) {
            throw failure(stream, e);
        }
        for (Listener l : listeners) {
            if (l.stream() == stream) {
                l.consumer().accept(doc);
            }
        }
    }

    /**
     * Hands every document later {@link #append appended} to {@code stream} to {@code listener} as well (the alert
     * outputs: syslog, webhooks, the live console line), on the appending thread, after the document is written.
     * The listener must not block and must not throw: it queues the document and returns.
     */
    public void addListener(Stream stream, Consumer<EventDoc> listener) {
        listeners.add(new Listener(stream, listener));
    }

    /**
     * Appends lines already encoded as UTF-8 NDJSON (each document followed by a newline), e.g. by worker
     * threads with {@link NdjsonWriter}.
     *
     * @param lines how many documents the bytes hold
     */
    public synchronized void appendEncoded(Stream stream, byte[] bytes, int off, int len, long lines) {
        if (failed != null) {
            throw failed;
        }
        try {
            writers.get(stream).flush(); // keep order with documents appended one by one
            outputs.get(stream).write(bytes, off, len);
            sealIfFull(stream);
        } catch (IOException e) {
            throw failure(stream, e);
        }
        counts.merge(stream, lines, Long::sum);
    }

    public synchronized long count(Stream stream) {
        return counts.get(stream);
    }

    /**
     * Pushes buffered lines to the operating system and forces them to disk. A live sensor calls this
     * every second from a timer, so methods that touch the writers are synchronized (uncontended otherwise).
     */
    public synchronized void sync() {
        if (failed != null) {
            throw failed;
        }
        for (Stream s : Stream.values()) {
            NdjsonWriter w = writers.get(s);
            if (w == null) {
                continue; // closed
            }
            try {
                w.flush();
                outputs.get(s).flush();
                channels.get(s).force(false);
            } catch (IOException e) {
                throw failure(s, e);
            }
        }
    }

    /** Replaces {@code assets.json} with the given documents (written aside, then renamed). */
    /**
     * Every field of a written document is declared in the schema with a value of its type. Checked under
     * assertions only (so in every test that writes a journal, and free in production).
     */
    private static boolean declared(EventDoc doc) {
        List<String> problems = Schema.problems(doc.asMap());
        if (!problems.isEmpty()) {
            throw new AssertionError("document with undeclared or mistyped fields " + problems + ": " + doc);
        }
        return true;
    }

    public void writeAssets(List<EventDoc> assets) {
        assets.forEach(a -> {
            assert declared(a);
        });
        Path target = dir.resolve(ASSETS_FILE);
        Path tmp = dir.resolve(ASSETS_FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), FILE_MODE)) {
            restrict(tmp);
            Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                    java.nio.channels.Channels.newOutputStream(ch), StandardCharsets.UTF_8), 1 << 16);
            Json.writePretty(w, assets.stream().map(EventDoc::asMap).toList());
            w.write('\n');
            w.flush();
            ch.force(true); // on disk before the rename: a crash leaves the old file or the new one, whole
        } catch (IOException | RuntimeException e) {
            throw new JournalException("cannot write " + target + ": " + reason(e), e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new JournalException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * The first write failure sticks: after it (a full disk) the writer's state is undefined, so every later append,
     * sync or close reports that same first reason instead of a confusing follow-on error.
     */
    private JournalException failure(Stream s, Exception e) {
        if (failed == null) {
            failed = new JournalException("cannot write " + dir.resolve(s.fileName) + ": " + reason(e), e);
        }
        return failed;
    }

    private static String reason(Throwable e) {
        return io.linewatch.model.IoErrors.reason(e);
    }

    @Override
    public synchronized void close() {
        JournalException first = null;
        boolean reported = failed != null;
        for (Stream s : Stream.values()) {
            NdjsonWriter w = writers.remove(s);
            OutputStream os = outputs.remove(s);
            FileChannel ch = channels.remove(s);
            try {
                if (w != null && !reported) {
                    w.flush();
                    os.flush();
                    ch.force(false);
                    w.close();
                }
            } catch (IOException e) {
                first = first == null ? failure(s, e) : first;
            } finally {
                // the file is released even when the disk is full, or the descriptor would leak
                try {
                    if (ch != null) {
                        ch.close();
                    }
                } catch (IOException e) {
                    first = first == null ? failure(s, e) : first;
                }
            }
        }
        if (first != null && !reported) {
            throw first; // a failure already thrown to a writer was reported there
        }
    }
}
