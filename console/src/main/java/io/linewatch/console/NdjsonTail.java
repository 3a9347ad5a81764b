package io.linewatch.console;

import io.linewatch.model.JournalSegments;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows one append-only NDJSON stream of the journal by (segment, byte offset): each call reads the complete lines
 * added since the previous one (a torn last line waits for its newline), going on through sealed segments to the
 * active file. A file that got shorter was started afresh (a new
 * {@code analyze} into the same directory): the reader starts over and says so. A line that is not a JSON object is
 * counted, never fatal.
 */
final class NdjsonTail {
    /** At most this much is read per call, so one request never holds the lock for long. */
    private static final int MAX_READ = 64 << 20;
    /** A single line longer than this is skipped (and counted). */
    private static final int MAX_LINE = 16 << 20;

    private final Path dir;
    private final String stream;
    private final Path file;
    /** The segment being read ({@link JournalSegments}); 0 before the first. */
    private long segment;
    private long offset;
    private long lines;
    private long unreadable;
    private String lastError;

    /** Follows the journal stream {@code stream} ({@code events.ndjson}) of {@code dir}, every segment in order. */
    NdjsonTail(Path dir, String stream) {
        this.dir = dir;
        this.stream = stream;
        this.file = dir.resolve(stream);
    }

    /**
     * Reads what was appended and hands each document on.
     *
     * @return true when the stream was restarted (everything read before is void)
     */
    boolean read(Consumer<Map<String, Object>> sink) {
        boolean restarted = false;
        try {
            while (true) {
                try (JournalSegments.Opened o = JournalSegments.open(dir, stream, segment)) {
                    if (o != null) {
                        long size = o.channel().size();
                        if (!o.sealed() && size < offset && !restarted) {
                            restart(); // the file was started afresh (a new analyze)
                            restarted = true;
                            continue;
                        }
                        readFrom(o.channel(), size, sink);
                        if (!o.sealed() || offset < size) {
                            break; // the active file: the rest is not written yet
                        }
                    }
                }
                // the end of a sealed segment, or a segment removed by retention: on to the next one there is
                JournalSegments.Segment next = null;
                for (JournalSegments.Segment s : JournalSegments.all(dir, stream)) {
                    if (s.number() > segment) {
                        next = s;
                        break;
                    }
                }
                if (next != null) {
                    segment = next.number();
                    offset = 0;
                    continue;
                }
                if (!restarted && (segment > JournalSegments.activeNumber(dir, stream)
                        || (offset > 0 && !java.nio.file.Files.exists(file)))) {
                    restart(); // the journal was started afresh with new numbers, or removed
                    restarted = true;
                    continue;
                }
                break;
            }
        } catch (IOException e) {
            lastError = "cannot read " + file + ": " + e.getMessage();
        }
        return restarted;
    }

    private void restart() {
        segment = 0;
        offset = 0;
        lines = 0;
        unreadable = 0;
    }

    @SuppressWarnings("unchecked")
    private void readFrom(FileChannel ch, long size, Consumer<Map<String, Object>> sink) throws IOException {
        while (offset < size) {
            int want = (int) Math.min(MAX_READ, size - offset);
            ByteBuffer buf = ByteBuffer.allocate(want);
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // read until full or end of file
            }
            byte[] bytes = buf.array();
            int end = buf.position();
            int lineStart = 0;
            for (int i = 0; i < end; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (i > lineStart) {
                    String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                    try {
                        Object doc = Json.read(line);
                        if (doc instanceof Map<?, ?> m) {
                            lines++;
                            sink.accept((Map<String, Object>) m);
                        } else {
                            unreadable++;
                        }
                    } catch (IllegalArgumentException e) {
                        unreadable++;
                        lastError = file.getFileName() + " line " + (lines + unreadable) + ": " + e.getMessage();
                    }
                }
                lineStart = i + 1;
            }
            if (lineStart == 0) {
                if (end >= MAX_LINE) { // one enormous line: skip it
                    unreadable++;
                    offset += end;
                    continue;
                }
                break; // a torn last line: wait for its newline
            }
            offset += lineStart;
            if (end < want) {
                break;
            }
        }
    }

    long offset() {
        return offset;
    }

    long lines() {
        return lines;
    }

    long unreadable() {
        return unreadable;
    }

    String lastError() {
        return lastError;
    }

    /** Bytes in the stream not yet read (the console's lag behind the journal). */
    long lag() {
        long lag = 0;
        try {
            for (JournalSegments.Segment s : JournalSegments.all(dir, stream)) {
                if (s.number() >= segment) {
                    lag += Math.max(0, Files.size(s.file()) - (s.number() == segment ? offset : 0));
                }
            }
        } catch (IOException e) {
            return lag; // a segment removed meanwhile
        }
        return lag;
    }
}
