package io.linewatch.index.journal;

import io.linewatch.model.EventDoc;
import io.linewatch.model.EventIds;
import io.linewatch.model.Fields;
import io.linewatch.model.JournalSegments;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import io.linewatch.model.schema.JournalFields;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps the output directory within a disk budget by removing sealed journal segments (the active files are never
 * touched). Segments already shipped to Elasticsearch go first, oldest first; only if the directory is still over
 * budget are unshipped segments removed, oldest first: their documents are counted and an alert
 * ({@value #RULE_ID}) says how many were lost. Without Elasticsearch nothing is ever shipped (the journal is the
 * store), so every removal is of unshipped data, counted and alerted.
 *
 * <p>The budget covers every file under the directory (journal, inventory, baseline, evidence, logs), but only
 * journal segments are removed. Called from the capture's timer ({@link #enforce}); cheap when under budget (one walk
 * of the directory).
 */
public final class Retention {
    public static final String RULE_ID = "LW-SYS-001";
    /** High: what the sensor saw is gone from the only place it was kept. */
    public static final int SEVERITY = 80;

    /** Where the shipper is in a stream (see {@code EsShipper#shippedUpTo}): {segment, offset}. */
    public interface Shipped {
        long[] shippedUpTo(Journal.Stream stream);
    }

    /** What retention did since the sensor started. */
    public record Stats(long budgetBytes, long usedBytes, long shippedSegmentsRemoved, long shippedBytesRemoved,
                        long unshippedSegmentsRemoved, long unshippedBytesRemoved, long unshippedDocumentsRemoved,
                        boolean overBudget) {
        /** One line for the summary and the stats line. */
        public String summary() {
            return String.format("disk budget %s, used %s%s; removed shipped segments %,d (%s), "
                            + "unshipped segments %,d (%s, %,d documents lost)", size(budgetBytes), size(usedBytes),
                    overBudget ? " (over budget: no sealed segment left to remove)" : "", shippedSegmentsRemoved,
                    size(shippedBytesRemoved), unshippedSegmentsRemoved, size(unshippedBytesRemoved),
                    unshippedDocumentsRemoved);
        }
    }

    /** {@code 1.5 GiB}, {@code 40 KiB}, {@code 512 B}. */
    public static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    /** Names listed in one alert at most (the count and the bytes are always whole). */
    static final int MAX_NAMES = 20;

    private final Journal journal;
    private final long budget;
    private final Shipped shipped;
    private long used;
    private long shippedSegments;
    private long shippedBytes;
    private long unshippedSegments;
    private long unshippedBytes;
    private long unshippedDocuments;
    private boolean overBudget;

    /**
     * @param shipped where the Elasticsearch shipper is; null without Elasticsearch (nothing is shipped)
     */
    Retention(Journal journal, long budgetBytes, Shipped shipped) {
        this.journal = journal;
        this.budget = budgetBytes;
        this.shipped = shipped;
    }

    private record Candidate(Journal.Stream stream, JournalSegments.Segment segment, long size, long modified,
                             boolean shipped, long shippedOffset, boolean newest) {
    }

    /** Removes segments until the directory is within budget (or only active files are left). */
    public synchronized Stats enforce() {
        Path dir = journal.directory();
        try {
            used = usage(dir);
            if (used <= budget) {
                overBudget = false;
                return stats();
            }
            List<Candidate> candidates = candidates(dir);
            // shipped first; of the unshipped, events before alerts (few, small, and what an operator acts on);
            // then oldest first (by when the segment was sealed)
            candidates.sort(Comparator.comparing((Candidate c) -> !c.shipped())
                    .thenComparing(c -> !c.shipped() && c.stream() == Journal.Stream.ALERTS)
                    .thenComparingLong(Candidate::modified).thenComparingLong(c -> c.segment().number()));
            List<String> lostNames = new ArrayList<>();
            long lostDocs = 0;
            long lostBytes = 0;
            for (Candidate c : candidates) {
                if (used <= budget) {
                    break;
                }
                long docs = c.shipped() ? 0 : countLines(c.segment().file(), c.shippedOffset(), c.size());
                if (!remove(c)) {
                    continue;
                }
                used -= c.size();
                if (c.shipped()) {
                    shippedSegments++;
                    shippedBytes += c.size();
                } else {
                    unshippedSegments++;
                    unshippedBytes += c.size();
                    unshippedDocuments += docs;
                    lostDocs += docs;
                    lostBytes += c.size();
                    lostNames.add(c.segment().file().getFileName().toString());
                }
            }
            overBudget = used > budget;
            if (!lostNames.isEmpty()) {
                journal.append(Journal.Stream.ALERTS, alert(lostDocs, lostBytes, lostNames));
            }
        } catch (IOException e) {
            throw new JournalException("cannot keep the disk budget of " + dir + ": "
                    + io.linewatch.model.IoErrors.reason(e), e);
        }
        return stats();
    }

    public synchronized Stats stats() {
        return new Stats(budget, used, shippedSegments, shippedBytes, unshippedSegments, unshippedBytes,
                unshippedDocuments, overBudget);
    }

    private List<Candidate> candidates(Path dir) throws IOException {
        List<Candidate> out = new ArrayList<>();
        for (Journal.Stream s : Journal.Stream.values()) {
            long[] upTo = shipped == null ? new long[] {0, 0} : shipped.shippedUpTo(s);
            List<JournalSegments.Segment> sealed = JournalSegments.sealed(dir, s.fileName);
            for (int i = 0; i < sealed.size(); i++) {
                JournalSegments.Segment seg = sealed.get(i);
                long size;
                long modified;
                try {
                    size = Files.size(seg.file());
                    modified = Files.getLastModifiedTime(seg.file()).toMillis();
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (size == 0) {
                    continue; // a placeholder already emptied
                }
                boolean isShipped = seg.number() < upTo[0];
                long from = seg.number() == upTo[0] ? upTo[1] : 0;
                out.add(new Candidate(s, seg, size, modified, isShipped, isShipped ? size : from,
                        i == sealed.size() - 1));
            }
        }
        return out;
    }

    /**
     * Deletes the segment; the newest sealed one of its stream is emptied instead, so that the next seal does not
     * reuse its number (readers and the shipper follow segments by number).
     */
    private static boolean remove(Candidate c) throws IOException {
        Path f = c.segment().file();
        if (c.newest()) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(0);
                return true;
            } catch (NoSuchFileException gone) {
                return false;
            }
        }
        return Files.deleteIfExists(f);
    }

    private EventDoc alert(long docs, long bytes, List<String> names) {
        long now = System.currentTimeMillis() * 1_000_000L;
        EventDoc d = new EventDoc();
        d.put(Fields.TIMESTAMP, Timestamps.iso(now));
        d.put(Fields.EVENT_ID, EventIds.of(RULE_ID, journal.directory().toAbsolutePath().toString(),
                String.join(",", names)));
        d.put(Fields.EVENT_KIND, Values.KIND_ALERT);
        d.put(Fields.EVENT_CATEGORY, List.of("host"));
        d.put(Fields.EVENT_SEVERITY, (long) SEVERITY);
        d.put(Fields.EVENT_ACTION, "journal_data_removed");
        d.put(Fields.RULE_ID, RULE_ID);
        d.put(Fields.RULE_NAME, "Unshipped journal data removed to keep the disk budget");
        d.put(Fields.RULE_DESCRIPTION, "The output directory reached its disk budget with no shipped journal "
                + "segment left to remove: the oldest unshipped segments were removed, and what they held is lost.");
        d.put(Fields.RULE_RULESET, "system");
        List<String> listed = names.size() <= MAX_NAMES ? names : names.subList(0, MAX_NAMES);
        d.put(Fields.MESSAGE, String.format("%,d unshipped documents removed to keep the disk budget of %s "
                + "(%,d %s, %s: %s%s)", docs, size(budget), names.size(), names.size() == 1 ? "segment" : "segments",
                size(bytes), String.join(", ", listed),
                listed.size() < names.size() ? ", ..." : ""));
        d.put(Fields.ALERT_COUNT, 1L);
        d.put(JournalFields.DOCUMENTS_REMOVED, docs);
        d.put(JournalFields.BYTES_REMOVED, bytes);
        d.put(JournalFields.SEGMENTS_REMOVED, List.copyOf(listed));
        d.put(JournalFields.DISK_BUDGET, budget);
        return d;
    }

    /** Bytes of every regular file under the directory. */
    public static long usage(Path dir) throws IOException {
        long[] total = new long[1];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // removed while we walked
            }
        });
        return total[0];
    }

    /**
     * Newlines in [from, to) of a journal file: the documents it holds between two offsets (0 for a file already
     * removed). The shipper counts its backlog with it too.
     */
    public static long countLines(Path file, long from, long to) throws IOException {
        if (to <= from) {
            return 0;
        }
        long count = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 << 10);
            long pos = from;
            while (pos < to) {
                buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf.get(i) == '\n') {
                        count++;
                    }
                }
                pos += n;
            }
        } catch (NoSuchFileException gone) {
            return 0;
        }
        return count;
    }
}
