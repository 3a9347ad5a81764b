package io.linewatch.sensor;

import io.linewatch.index.journal.Journal;
import io.linewatch.index.journal.Retention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The journal's segment size and the output directory's disk budget ({@code capture}; a picocli mixin). Also read
 * from the configuration file's {@code journal:} section ({@code segment_size}, {@code disk_budget}); the command
 * line wins.
 */
final class JournalOptions {
    static final Set<String> CONFIG_KEYS = Set.of("segment_size", "disk_budget");
    /**
     * The default budget: this share of the space the output directory can have (what it holds now plus the free
     * space of its file system), taken at start. A sensor left alone must not fill its disk: a full disk stops the
     * journal, and then it records nothing new at all. Removing the oldest data to keep recording is the lesser
     * evil (it is counted and alerted); the rest is left to the system and to "disk low" in /health.
     */
    static final String DEFAULT_BUDGET_PERCENT = "80";
    static final String DEFAULT_BUDGET = DEFAULT_BUDGET_PERCENT + "%";
    /** The budget must hold a few segments, or retention would remove a segment as soon as it is sealed. */
    static final int MIN_SEGMENTS_IN_BUDGET = 4;

    @Option(names = "--segment-size", paramLabel = "SIZE", description = "seal a journal file at this size and "
            + "start the next (events-000001.ndjson, ...; the active one stays events.ndjson), e.g. 64MiB (default), "
            + "1GiB; 0: never")
    String segmentSize;

    @Option(names = "--disk-budget", paramLabel = "SIZE", description = "keep the output directory under SIZE (e.g. "
            + "20GiB) or PERCENT of the space it can have (e.g. 50%%), or 'unlimited': sealed journal segments are "
            + "removed, shipped ones first; unshipped ones only when forced, counted and alerted (LW-SYS-001) "
            + "(default " + DEFAULT_BUDGET_PERCENT + "%%)") // picocli formats descriptions: a literal % is doubled
    String diskBudget;

    /** What the options and the configuration file give. */
    record Resolved(long segmentBytes, long budgetBytes, String budgetText) {
        boolean limited() {
            return budgetBytes > 0;
        }
    }

    /** @throws SensorConfig.ConfigException one line naming the bad value */
    Resolved resolve(SensorConfig config, Path dir) throws SensorConfig.ConfigException {
        Map<String, Object> fromFile = config.journal;
        String seg = segmentSize != null ? segmentSize : text(fromFile.get("segment_size"));
        String budget = diskBudget != null ? diskBudget : text(fromFile.get("disk_budget"));
        long segmentBytes = seg == null ? Journal.DEFAULT_SEGMENT_BYTES : bytes(seg, "segment size");
        if (budget == null) {
            budget = DEFAULT_BUDGET;
        }
        long budgetBytes;
        String b = budget.trim().toLowerCase(Locale.ROOT);
        if (b.equals("unlimited") || b.equals("0")) {
            budgetBytes = 0;
        } else if (b.endsWith("%")) {
            double pct;
            try {
                pct = Double.parseDouble(b.substring(0, b.length() - 1).trim());
            } catch (NumberFormatException e) {
                throw new SensorConfig.ConfigException("disk budget must be a size (20GiB), a percentage (50%) or "
                        + "'unlimited', got '" + budget + "'");
            }
            if (!(pct > 0 && pct <= 100)) {
                throw new SensorConfig.ConfigException("disk budget percentage must be above 0 and at most 100, got '"
                        + budget + "'");
            }
            budgetBytes = (long) (available(dir) * pct / 100);
        } else {
            budgetBytes = bytes(budget, "disk budget");
        }
        if (budgetBytes > 0 && segmentBytes > 0 && budgetBytes < MIN_SEGMENTS_IN_BUDGET * segmentBytes) {
            throw new SensorConfig.ConfigException(String.format("disk budget %s (%,d bytes) must hold at least %d "
                    + "journal segments of %,d bytes: raise it or lower --segment-size", budget, budgetBytes,
                    MIN_SEGMENTS_IN_BUDGET, segmentBytes));
        }
        if (budgetBytes > 0 && segmentBytes == 0) {
            throw new SensorConfig.ConfigException("a disk budget needs journal segments (only sealed segments are "
                    + "removed): give --segment-size a size, or --disk-budget unlimited");
        }
        return new Resolved(segmentBytes, budgetBytes, budget);
    }

    /** What the directory holds now plus the free space of its file system. */
    static long available(Path dir) throws SensorConfig.ConfigException {
        try {
            Path existing = dir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            long free = Files.getFileStore(existing).getUsableSpace();
            return free + (Files.isDirectory(dir) ? Retention.usage(dir) : 0);
        } catch (IOException | RuntimeException e) {
            throw new SensorConfig.ConfigException("cannot measure the space under " + dir + " for the disk budget: "
                    + io.linewatch.model.IoErrors.reason(e) + " (give --disk-budget a size)");
        }
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?", Pattern.CASE_INSENSITIVE);

    /** {@code 512MiB}, {@code 2G}, {@code 1048576} (bytes); binary units (KiB = 1024 bytes). */
    static long bytes(String text, String what) throws SensorConfig.ConfigException {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new SensorConfig.ConfigException(what + " must be a size such as 64MiB, 2GiB or a number of bytes, "
                    + "got '" + text + "'");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new SensorConfig.ConfigException(what + " is too large: '" + text + "'");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        if (Long.numberOfLeadingZeros(n) <= shift) {
            throw new SensorConfig.ConfigException(what + " is too large: '" + text + "'");
        }
        return n << shift;
    }
}
