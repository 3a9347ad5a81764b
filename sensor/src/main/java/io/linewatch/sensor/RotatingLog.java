package io.linewatch.sensor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A log file for a sensor running as a service ({@code --log-file}): every line the sensor prints (standard output
 * and standard error) with its UTC time in front. When the file would grow past the size limit it is renamed to
 * {@code FILE.1} (older ones move up to {@code FILE.KEEP}, the oldest is deleted) and a new one is started.
 * A write that fails (disk full) is dropped: logging never stops the capture.
 */
final class RotatingLog extends OutputStream {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;
    private boolean atLineStart = true;

    /** @throws IOException when the file cannot be opened (reported in one line by the caller) */
    RotatingLog(Path file, long maxBytes, int keep) throws IOException {
        this.file = file;
        this.maxBytes = Math.max(1024, maxBytes);
        this.keep = Math.max(1, keep);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    /** Sends {@code System.out} and {@code System.err} to the file. */
    void install() {
        PrintStream ps = new PrintStream(this, true, StandardCharsets.UTF_8);
        System.setOut(ps);
        System.setErr(ps);
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        try {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (atLineStart) {
                    if (size >= maxBytes) {
                        rotate();
                    }
                    byte[] stamp = (Instant.now().truncatedTo(ChronoUnit.MILLIS) + " ").getBytes(StandardCharsets.US_ASCII);
                    out.write(stamp);
                    size += stamp.length;
                    atLineStart = false;
                }
                if (b[i] == '\n') {
                    out.write(b, start, i + 1 - start);
                    size += i + 1 - start;
                    start = i + 1;
                    atLineStart = true;
                }
            }
            if (start < end) {
                out.write(b, start, end - start);
                size += end - start;
            }
        } catch (IOException e) {
            // dropped: a full disk must not stop the capture; the journal reports its own write errors
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(numbered(keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path p = numbered(i);
            if (Files.exists(p)) {
                Files.move(p, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException ignored) {
            // see write
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
