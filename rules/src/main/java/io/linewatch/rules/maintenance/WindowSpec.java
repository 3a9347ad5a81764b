package io.linewatch.rules.maintenance;

import io.linewatch.rules.facts.MaintenanceWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A maintenance window as configured: one occurrence, or a recurring one (an iCalendar RRULE), with its scope,
 * its declared operations and its allowed actors. {@link #occurrences} gives the concrete windows.
 *
 * @param recurrence null for a single window
 */
public record WindowSpec(String name, ZonedDateTime start, long durationNanos, Recurrence recurrence,
                         List<String> targets, Set<String> operations, List<String> actors) {

    /** The occurrences that overlap {@code [fromNanos, toNanos]}, in order. */
    public List<MaintenanceWindow> occurrences(long fromNanos, long toNanos) {
        List<MaintenanceWindow> out = new ArrayList<>();
        if (recurrence == null) {
            long s = nanos(start);
            if (s <= toNanos && s + durationNanos >= fromNanos) {
                out.add(window(s));
            }
            return out;
        }
        ZonedDateTime to = Instant.ofEpochSecond(0, toNanos).atZone(ZoneOffset.UTC).plusNanos(1);
        for (ZonedDateTime s : recurrence.starts(start, to)) {
            long n = nanos(s);
            if (n + durationNanos >= fromNanos) {
                out.add(window(n));
            }
        }
        return out;
    }

    private MaintenanceWindow window(long startNanos) {
        return new MaintenanceWindow(name, startNanos, startNanos + durationNanos, targets, operations, actors);
    }

    static long nanos(ZonedDateTime t) {
        Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
