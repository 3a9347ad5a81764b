package io.linewatch.console;

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
 * Follows one append-only NDJSON file of the journal by byte offset: each call reads the complete lines added since
 * the previous one (a torn last line waits for its newline). A file that got shorter was started afresh (a new
 * {@code analyze} into the same directory): the reader starts over and says so. A line that is not a JSON object is
 * counted, never fatal.
 */
final class NdjsonTail {
    /** At most this much is read per call, so one request never holds the lock for long. */
    private static final int MAX_READ = 64 << 20;
    /** A single line longer than this is skipped (and counted). */
    private static final int MAX_LINE = 16 << 20;

    private final Path file;
    private long offset;
    private long lines;
    private long unreadable;
    private String lastError;

    NdjsonTail(Path file) {
        this.file = file;
    }

    /**
     * Reads what was appended and hands each document on.
     *
     * @return true when the file was restarted (everything read before is void)
     */
    @SuppressWarnings("unchecked")
    boolean read(Consumer<Map<String, Object>> sink) {
        boolean restarted = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) {
                offset = 0;
                lines = 0;
                unreadable = 0;
                restarted = true;
            }
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
        } catch (NoSuchFileException e) {
            if (offset > 0) {
                offset = 0;
                restarted = true;
            }
        } catch (IOException e) {
            lastError = "cannot read " + file + ": " + e.getMessage();
        }
        return restarted;
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

    /** Bytes in the file not yet read (the console's lag behind the journal). */
    long lag() {
        try {
            return Math.max(0, Files.size(file) - offset);
        } catch (IOException e) {
            return 0;
        }
    }
}
