package io.linewatch.index.journal;

import io.linewatch.model.EventDoc;
import io.linewatch.model.schema.Schema;
import io.linewatch.model.Json;
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

/**
 * The embedded default store: append-only NDJSON files in the output directory, one per stream
 * ({@code events.ndjson}, {@code alerts.ndjson}), plus {@code assets.json} rewritten atomically.
 * Lines are only ever appended, so a reader (the Elasticsearch shipper) can follow a file by byte
 * offset and resume after a restart. Every write error becomes a {@link JournalException} naming the file.
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

    private final Path dir;
    private final Map<Stream, NdjsonWriter> writers = new EnumMap<>(Stream.class);
    private final Map<Stream, OutputStream> outputs = new EnumMap<>(Stream.class);
    private final Map<Stream, FileChannel> channels = new EnumMap<>(Stream.class);
    private final Map<Stream, Long> counts = new EnumMap<>(Stream.class);

    /**
     * @param fresh true to start empty files (an offline analysis recomputes everything); false to
     *              append to what a previous run left (a live sensor restarting)
     */
    public Journal(Path dir, boolean fresh) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        for (Stream s : Stream.values()) {
            Path file = dir.resolve(s.fileName);
            try {
                FileChannel ch = fresh
                        ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                        : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                channels.put(s, ch);
                // UTF-8 JSON straight to a byte buffer (no per-document generator, no char encoder)
                OutputStream os = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
                outputs.put(s, os);
                writers.put(s, new NdjsonWriter(os));
                counts.put(s, 0L);
            } catch (IOException e) {
                close();
                throw new JournalException("cannot open " + file + ": " + e.getMessage(), e);
            }
        }
    }

    public Path directory() {
        return dir;
    }

    public synchronized void append(Stream stream, EventDoc doc) {
        assert declared(doc);
        try {
            writers.get(stream).write(doc.asMap());
        } catch (RuntimeException | IOException e) {
            throw failure(stream, e);
        }
        counts.merge(stream, 1L, Long::sum);
    }

    /**
     * Appends lines already encoded as UTF-8 NDJSON (each document followed by a newline), e.g. by worker
     * threads with {@link NdjsonWriter}.
     *
     * @param lines how many documents the bytes hold
     */
    public synchronized void appendEncoded(Stream stream, byte[] bytes, int off, int len, long lines) {
        try {
            writers.get(stream).flush(); // keep order with documents appended one by one
            outputs.get(stream).write(bytes, off, len);
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
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            Json.writePretty(w, assets.stream().map(EventDoc::asMap).toList());
            w.write('\n');
        } catch (IOException | RuntimeException e) {
            throw new JournalException("cannot write " + target + ": " + reason(e), e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new JournalException("cannot write " + target + ": " + reason(e), e);
        }
    }

    private JournalException failure(Stream s, Exception e) {
        return new JournalException("cannot write " + dir.resolve(s.fileName) + ": " + reason(e), e);
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @Override
    public synchronized void close() {
        JournalException first = null;
        for (Stream s : Stream.values()) {
            NdjsonWriter w = writers.remove(s);
            OutputStream os = outputs.remove(s);
            FileChannel ch = channels.remove(s);
            try {
                if (w != null) {
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
        if (first != null) {
            throw first;
        }
    }
}
