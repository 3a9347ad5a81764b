package io.linewatch.index.es;

import io.linewatch.index.journal.Retention;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads complete lines of an append-only journal file from a byte offset. A line is complete once its
 * newline is on disk: a line the writer has only partly flushed is left for the next read. Memory is
 * bounded by the batch limits and by {@link #MAX_LINE_BYTES} for a single line.
 */
final class JournalTail {
    /** A longer line is not a document the sensor wrote; only its beginning is kept, for the rejection record. */
    static final int MAX_LINE_BYTES = 16 << 20;
    static final int KEPT_PREFIX_BYTES = 4096;
    private static final int CHUNK = 64 << 10;

    /**
     * @param offset   where the line starts in the file
     * @param end      offset just after its newline (where the next line starts)
     * @param text     the line without its newline (only a prefix when {@code oversize})
     * @param oversize the line was longer than {@link #MAX_LINE_BYTES}
     */
    record Line(long offset, long end, String text, boolean oversize) {
    }

    private JournalTail() {
    }

    /** Up to {@code maxLines} complete lines (and about {@code maxBytes}), starting at {@code from}. */
    static List<Line> read(Path file, long from, int maxLines, long maxBytes) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
        try (ch) {
            return read(ch, from, maxLines, maxBytes);
        }
    }

    /** The same from an open file (a journal segment); the channel is left open. */
    static List<Line> read(FileChannel ch, long from, int maxLines, long maxBytes) throws IOException {
        List<Line> lines = new ArrayList<>();
        {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            long lineStart = from;
            long pos = from;
            long total = 0;
            boolean oversize = false;
            ch.position(from);
            while (lines.size() < maxLines && total < maxBytes) {
                buf.clear();
                int n = ch.read(buf);
                if (n <= 0) {
                    break; // end of what is on disk; a partial line waits for the writer
                }
                byte[] a = buf.array();
                int segmentStart = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] != '\n') {
                        continue;
                    }
                    oversize = append(current, a, segmentStart, i - segmentStart, oversize);
                    long end = pos + i + 1;
                    lines.add(new Line(lineStart, end, current.toString(StandardCharsets.UTF_8), oversize));
                    total += end - lineStart;
                    current.reset();
                    oversize = false;
                    lineStart = end;
                    segmentStart = i + 1;
                    if (lines.size() >= maxLines || total >= maxBytes) {
                        return lines;
                    }
                }
                oversize = append(current, a, segmentStart, n - segmentStart, oversize);
                pos += n;
            }
            return lines;
        }
    }

    private static boolean append(ByteArrayOutputStream current, byte[] a, int off, int len, boolean oversize) {
        if (oversize) {
            return true;
        }
        if (current.size() + len > MAX_LINE_BYTES) {
            byte[] kept = current.toByteArray();
            current.reset();
            current.write(kept, 0, Math.min(kept.length, KEPT_PREFIX_BYTES));
            if (kept.length < KEPT_PREFIX_BYTES) {
                current.write(a, off, Math.min(len, KEPT_PREFIX_BYTES - kept.length));
            }
            return true;
        }
        current.write(a, off, len);
        return false;
    }

    /** Offset just after the last newline on disk: how far a reader can get today. */
    static long completeLength(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long end = size;
            while (end > 0) {
                int len = (int) Math.min(CHUNK, end);
                buf.clear().limit(len);
                ch.read(buf, end - len);
                for (int i = len - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        return end - len + i + 1;
                    }
                }
                end -= len;
            }
            return 0;
        }
    }

    /** Newlines in [from, to): documents between two offsets (0 for a file already removed). */
    static long countLines(Path file, long from, long to) throws IOException {
        return Retention.countLines(file, from, to);
    }
}
