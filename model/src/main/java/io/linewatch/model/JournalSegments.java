package io.linewatch.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way to find a journal stream's files in an output directory. A stream ({@code events.ndjson}) is a
 * sequence of segments: sealed ones, {@code events-000001.ndjson}, {@code events-000002.ndjson}, ..., never written
 * again, and the active one, which keeps the stream's own name ({@code events.ndjson}) and is the next number in
 * the sequence (the highest sealed number + 1). Sealing renames the active file to its number at a line boundary,
 * then a new active file is started, so every sealed segment ends on a newline and the concatenation of all
 * segments in order is the stream. A short run never seals anything: one file, as before segments existed.
 *
 * <p>Retention may delete old sealed segments (the numbers then start above 1) and keeps the newest sealed one as
 * an empty file when it must remove its content, so the numbering never goes back.
 */
public final class JournalSegments {
    private static final int DIGITS = 6;

    private JournalSegments() {
    }

    /** One file of a stream. */
    public record Segment(long number, Path file, boolean sealed) {
    }

    /** {@code events.ndjson} → {@code events-000007.ndjson}. */
    public static String sealedName(String streamFileName, long number) {
        int dot = streamFileName.lastIndexOf('.');
        String base = dot < 0 ? streamFileName : streamFileName.substring(0, dot);
        String ext = dot < 0 ? "" : streamFileName.substring(dot);
        return String.format("%s-%0" + DIGITS + "d%s", base, number, ext);
    }

    private static Pattern pattern(String streamFileName) {
        int dot = streamFileName.lastIndexOf('.');
        String base = dot < 0 ? streamFileName : streamFileName.substring(0, dot);
        String ext = dot < 0 ? "" : streamFileName.substring(dot);
        return Pattern.compile(Pattern.quote(base) + "-(\\d{" + DIGITS + ",18})" + Pattern.quote(ext));
    }

    /** The sealed segments of a stream, oldest (lowest number) first. */
    public static List<Segment> sealed(Path dir, String streamFileName) throws IOException {
        Pattern p = pattern(streamFileName);
        List<Segment> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(new Segment(Long.parseLong(m.group(1)), f, true));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort((a, b) -> Long.compare(a.number(), b.number()));
        return out;
    }

    /** Every segment of a stream in order, the active file last (when it exists). */
    public static List<Segment> all(Path dir, String streamFileName) throws IOException {
        List<Segment> out = sealed(dir, streamFileName);
        Path active = dir.resolve(streamFileName);
        if (Files.exists(active)) {
            out.add(new Segment(out.isEmpty() ? 1 : out.get(out.size() - 1).number() + 1, active, false));
        }
        return out;
    }

    /** The number the active file has (and will be sealed under): the highest sealed number + 1. */
    public static long activeNumber(Path dir, String streamFileName) throws IOException {
        List<Segment> s = sealed(dir, streamFileName);
        return s.isEmpty() ? 1 : s.get(s.size() - 1).number() + 1;
    }

    /** Bytes of every segment of a stream. */
    public static long size(Path dir, String streamFileName) throws IOException {
        long total = 0;
        for (Segment s : all(dir, streamFileName)) {
            try {
                total += Files.size(s.file());
            } catch (NoSuchFileException gone) {
                // removed by retention while we looked
            }
        }
        return total;
    }

    /** An open segment: the channel, and whether it is sealed (its end is final) or the active file. */
    public record Opened(FileChannel channel, boolean sealed) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Opens segment {@code number} for reading, safe against a concurrent seal: the active file is opened first and
     * only then is the sealed name looked for. If the writer sealed segment {@code number} in between, the sealed
     * file exists by then (the rename happens before the new active file is created) and is opened instead.
     *
     * @return null when the segment is gone (removed by retention) or does not exist yet
     */
    public static Opened open(Path dir, String streamFileName, long number) throws IOException {
        FileChannel active;
        try {
            active = FileChannel.open(dir.resolve(streamFileName), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            active = null;
        }
        try {
            Path sealed = dir.resolve(sealedName(streamFileName, number));
            try {
                FileChannel ch = FileChannel.open(sealed, StandardOpenOption.READ);
                if (active != null) {
                    active.close();
                    active = null;
                }
                return new Opened(ch, true);
            } catch (NoSuchFileException notSealed) {
                // the active file, if that is its number
            }
            if (active != null && number == activeNumber(dir, streamFileName)) {
                Opened o = new Opened(active, false);
                active = null;
                return o;
            }
            return null;
        } finally {
            if (active != null) {
                active.close();
            }
        }
    }

    /**
     * The whole stream as one byte stream: the segments in order, each opened (with {@link #open}) when reached, so a
     * seal while reading neither skips nor repeats a segment; a segment removed meanwhile is skipped. For readers
     * that go through a stream once ({@code report}, {@code baseline}, tests).
     */
    public static InputStream read(Path dir, String streamFileName) throws IOException {
        List<Segment> segments = all(dir, streamFileName);
        if (segments.isEmpty()) {
            return InputStream.nullInputStream();
        }
        long first = segments.get(0).number();
        Enumeration<InputStream> e = new Enumeration<>() {
            long number = first;
            InputStream next = advance();

            private InputStream advance() {
                try {
                    while (true) {
                        Opened o = open(dir, streamFileName, number);
                        if (o != null) {
                            number++;
                            return java.nio.channels.Channels.newInputStream(o.channel().position(0));
                        }
                        long after = -1;
                        for (Segment s : all(dir, streamFileName)) {
                            if (s.number() > number) {
                                after = s.number();
                                break;
                            }
                        }
                        if (after < 0) {
                            return null;
                        }
                        number = after;
                    }
                } catch (IOException gone) {
                    return null;
                }
            }

            @Override
            public boolean hasMoreElements() {
                return next != null;
            }

            @Override
            public InputStream nextElement() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                InputStream current = next;
                next = advance();
                return current;
            }
        };
        return new SequenceInputStream(e);
    }

    /** Whether the stream has any file at all. */
    public static boolean exists(Path dir, String streamFileName) throws IOException {
        return !all(dir, streamFileName).isEmpty();
    }

    /** The file names of every segment, for messages and for change stamps. */
    public static List<String> names(Path dir, String streamFileName) throws IOException {
        List<String> out = new ArrayList<>();
        for (Segment s : all(dir, streamFileName)) {
            out.add(s.file().getFileName().toString());
        }
        return Collections.unmodifiableList(out);
    }
}
