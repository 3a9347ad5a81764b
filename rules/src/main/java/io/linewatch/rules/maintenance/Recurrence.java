package io.linewatch.rules.maintenance;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The subset of RFC 5545 recurrence rules planning tools export: {@code FREQ=DAILY|WEEKLY|MONTHLY} with
 * {@code INTERVAL}, {@code COUNT}, {@code UNTIL} and {@code BYDAY} (weekdays; with MONTHLY an ordinal like
 * {@code 1SA} or {@code -1SU}). Occurrences are computed in the event's time zone, so a 06:00 window stays at
 * 06:00 local time across daylight-saving changes.
 */
public final class Recurrence {
    /** Occurrences looked at, at most, when searching for those in a range (a guard on absurd rules). */
    static final int MAX_STEPS = 200_000;

    public enum Freq { DAILY, WEEKLY, MONTHLY }

    /** A BYDAY entry: the weekday and, for MONTHLY, its ordinal in the month (0 = every such day). */
    record ByDay(int ordinal, DayOfWeek day) {
    }

    private final Freq freq;
    private final int interval;
    private final int count;
    private final ZonedDateTime until;
    private final List<ByDay> byDay;

    private Recurrence(Freq freq, int interval, int count, ZonedDateTime until, List<ByDay> byDay) {
        this.freq = freq;
        this.interval = interval;
        this.count = count;
        this.until = until;
        this.byDay = byDay;
    }

    /**
     * Parses an RRULE value ({@code FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;UNTIL=20241231T000000Z}).
     *
     * @param zone the zone of DTSTART, for an UNTIL given as local time or a date
     * @throws IllegalArgumentException naming the part that is not understood
     */
    public static Recurrence parse(String rule, ZoneId zone) {
        Freq freq = null;
        int interval = 1;
        int count = -1;
        ZonedDateTime until = null;
        List<ByDay> byDay = new ArrayList<>();
        for (String part : rule.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("RRULE part '" + part + "' has no value");
            }
            String key = part.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            String value = part.substring(eq + 1).trim().toUpperCase(Locale.ROOT);
            switch (key) {
                case "FREQ" -> {
                    try {
                        freq = Freq.valueOf(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("RRULE FREQ=" + value + " is not supported (DAILY, WEEKLY, MONTHLY)");
                    }
                }
                case "INTERVAL" -> interval = positive(key, value);
                case "COUNT" -> count = positive(key, value);
                case "UNTIL" -> until = ICalendar.dateTime(value, zone);
                case "BYDAY" -> {
                    for (String d : value.split(",")) {
                        byDay.add(byDay(d));
                    }
                }
                case "WKST" -> {
                    // weeks start on Monday here; WKST only matters for INTERVAL > 1 with several BYDAY days
                }
                default -> throw new IllegalArgumentException("RRULE part " + key + " is not supported");
            }
        }
        if (freq == null) {
            throw new IllegalArgumentException("RRULE has no FREQ");
        }
        return new Recurrence(freq, interval, count, until, List.copyOf(byDay));
    }

    private static int positive(String key, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("RRULE " + key + "=" + value + " is not a positive number");
    }

    private static ByDay byDay(String s) {
        if (s.length() < 2) {
            throw new IllegalArgumentException("RRULE BYDAY " + s + " is not a weekday");
        }
        String day = s.substring(s.length() - 2);
        String ord = s.substring(0, s.length() - 2);
        DayOfWeek d = switch (day) {
            case "MO" -> DayOfWeek.MONDAY;
            case "TU" -> DayOfWeek.TUESDAY;
            case "WE" -> DayOfWeek.WEDNESDAY;
            case "TH" -> DayOfWeek.THURSDAY;
            case "FR" -> DayOfWeek.FRIDAY;
            case "SA" -> DayOfWeek.SATURDAY;
            case "SU" -> DayOfWeek.SUNDAY;
            default -> throw new IllegalArgumentException("RRULE BYDAY " + s + " is not a weekday");
        };
        int n = 0;
        if (!ord.isEmpty()) {
            try {
                n = Integer.parseInt(ord.startsWith("+") ? ord.substring(1) : ord);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("RRULE BYDAY " + s + " has a bad ordinal");
            }
        }
        return new ByDay(n, d);
    }

    /**
     * The starts of the occurrences, in order, from {@code first} (DTSTART, always the first occurrence) while
     * they start before {@code toExclusive}.
     */
    public List<ZonedDateTime> starts(ZonedDateTime first, ZonedDateTime toExclusive) {
        List<ZonedDateTime> out = new ArrayList<>();
        int emitted = 0;
        LocalDateTime local = first.toLocalDateTime();
        ZoneId zone = first.getZone();
        for (int period = 0; period < MAX_STEPS; period++) {
            List<LocalDate> days = daysOfPeriod(local.toLocalDate(), period);
            if (days == null) {
                break;
            }
            for (LocalDate day : days) {
                ZonedDateTime start = ZonedDateTime.of(day, local.toLocalTime(), zone);
                if (start.isBefore(first)) {
                    continue;
                }
                if ((count > 0 && emitted >= count) || (until != null && start.isAfter(until))
                        || !start.isBefore(toExclusive)) {
                    return out;
                }
                out.add(start);
                emitted++;
            }
        }
        return out;
    }

    /** The candidate days of the {@code period}-th period after the one holding {@code first}, in order. */
    private List<LocalDate> daysOfPeriod(LocalDate first, int period) {
        long step = (long) period * interval;
        switch (freq) {
            case DAILY -> {
                return List.of(first.plusDays(step));
            }
            case WEEKLY -> {
                LocalDate monday = first.minusDays(first.getDayOfWeek().getValue() - 1L).plusWeeks(step);
                if (byDay.isEmpty()) {
                    return List.of(first.plusWeeks(step));
                }
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                byDay.forEach(b -> days.add(b.day()));
                List<LocalDate> out = new ArrayList<>();
                for (DayOfWeek d : days) {
                    out.add(monday.plusDays(d.getValue() - 1L));
                }
                return out;
            }
            default -> {
                LocalDate month = first.withDayOfMonth(1).plusMonths(step);
                if (byDay.isEmpty()) {
                    if (first.getDayOfMonth() > month.lengthOfMonth()) {
                        return List.of(); // RFC 5545: a 31st in a 30-day month is skipped
                    }
                    return List.of(month.withDayOfMonth(first.getDayOfMonth()));
                }
                List<LocalDate> out = new ArrayList<>();
                for (LocalDate d = month; d.getMonth() == month.getMonth(); d = d.plusDays(1)) {
                    for (ByDay b : byDay) {
                        if (d.getDayOfWeek() == b.day() && ordinalMatches(d, b.ordinal())) {
                            out.add(d);
                        }
                    }
                }
                return out;
            }
        }
    }

    private static boolean ordinalMatches(LocalDate d, int ordinal) {
        if (ordinal == 0) {
            return true;
        }
        if (ordinal > 0) {
            return (d.getDayOfMonth() - 1) / 7 + 1 == ordinal;
        }
        return (d.lengthOfMonth() - d.getDayOfMonth()) / 7 + 1 == -ordinal;
    }
}
