package io.linewatch.index.es;

import io.linewatch.index.journal.Journal;
import java.util.regex.Pattern;

/**
 * Where each document goes. Events and alerts go to monthly indices named after the document's own capture
 * time ({@code linewatch-events-2012.11}), so a document always lands in the same index and its
 * deterministic id makes a re-send a no-op, whenever it happens (a data stream's write index moves on a
 * rollover, which would let a late re-send duplicate). Monthly rather than daily keeps the shard count of
 * long-running fleets and old captures moderate. Assets live in one index, one document per sensor and asset.
 */
public final class IndexNames {
    public static final String EVENTS_PREFIX = "linewatch-events-";
    public static final String ALERTS_PREFIX = "linewatch-alerts-";
    public static final String ASSETS = "linewatch-assets";
    /** Suffix for a document whose {@code @timestamp} is missing or not ISO-8601 (kept, never dropped). */
    public static final String UNDATED = "undated";

    private static final Pattern ISO_MONTH = Pattern.compile("^\\d{4}-\\d{2}-");

    private IndexNames() {
    }

    public static String prefix(Journal.Stream stream) {
        return switch (stream) {
            case EVENTS -> EVENTS_PREFIX;
            case ALERTS -> ALERTS_PREFIX;
        };
    }

    /** @param timestamp the document's {@code @timestamp} (may be null) */
    public static String forDocument(Journal.Stream stream, Object timestamp) {
        String month = UNDATED;
        if (timestamp instanceof String ts && ISO_MONTH.matcher(ts).find()) {
            month = ts.substring(0, 4) + "." + ts.substring(5, 7);
        }
        return prefix(stream) + month;
    }
}
