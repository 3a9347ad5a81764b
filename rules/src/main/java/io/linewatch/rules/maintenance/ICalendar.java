package io.linewatch.rules.maintenance;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads maintenance windows from an iCalendar file (RFC 5545), the subset planning tools export: {@code VEVENT}s
 * with {@code SUMMARY}, {@code DTSTART} and {@code DTEND} (or {@code DURATION}) as UTC ({@code ...Z}), local time
 * with {@code TZID=} or a date, and an optional {@code RRULE} ({@link Recurrence}). Lines folded with a leading
 * space are unfolded. Other components ({@code VTIMEZONE}, {@code VALARM}, ...) are skipped; zone ids are taken
 * from the Java time-zone database (IANA names, as Outlook and Google Calendar export them).
 *
 * <p>Scope comes from Linewatch's own properties, which a planner adds to the event's text:
 * {@code X-LINEWATCH-ASSETS:10.3.0.0/24,10.3.1.7}, {@code X-LINEWATCH-OPERATIONS:program,firmware},
 * {@code X-LINEWATCH-ACTORS:10.3.9.5}; {@code CATEGORIES} may also name the operations.
 *
 * <p>Why our own parser rather than ical4j: the subset is a page of code, while ical4j brings a dozen transitive
 * dependencies (commons-lang3, commons-collections4, threeten-extra, slf4j) into a sensor that otherwise needs none.
 */
public final class ICalendar {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private ICalendar() {
    }

    /** One content line: name, parameters, value. */
    record Line(int number, String name, Map<String, String> params, String value) {
    }

    /**
     * @param where the file's name, for error messages
     * @throws IllegalArgumentException naming the file, the line and the problem
     */
    public static List<WindowSpec> parse(String text, String where) {
        List<Line> lines = unfold(text, where);
        List<WindowSpec> out = new ArrayList<>();
        List<Line> event = null;
        int depth = 0;
        int eventLine = 0;
        boolean sawCalendar = false;
        for (Line l : lines) {
            if (l.name().equals("BEGIN")) {
                String what = l.value().toUpperCase(Locale.ROOT);
                if (what.equals("VCALENDAR")) {
                    sawCalendar = true;
                } else if (what.equals("VEVENT") && depth == 0) {
                    event = new ArrayList<>();
                    eventLine = l.number();
                } else {
                    depth++;
                }
                continue;
            }
            if (l.name().equals("END")) {
                String what = l.value().toUpperCase(Locale.ROOT);
                if (what.equals("VEVENT") && depth == 0 && event != null) {
                    out.add(event(event, where, eventLine));
                    event = null;
                } else if (!what.equals("VCALENDAR") && depth > 0) {
                    depth--;
                }
                continue;
            }
            if (event != null && depth == 0) {
                event.add(l);
            }
        }
        if (!sawCalendar) {
            throw new IllegalArgumentException(where + ": not an iCalendar file (no BEGIN:VCALENDAR)");
        }
        if (event != null) {
            throw new IllegalArgumentException(where + " line " + eventLine + ": VEVENT without END:VEVENT");
        }
        return out;
    }

    private static List<Line> unfold(String text, String where) {
        List<Line> out = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        StringBuilder cur = null;
        int curNumber = 0;
        for (int i = 0; i < raw.length; i++) {
            String r = raw[i];
            if (!r.isEmpty() && (r.charAt(0) == ' ' || r.charAt(0) == '\t') && cur != null) {
                cur.append(r, 1, r.length());
                continue;
            }
            if (cur != null) {
                out.add(line(cur.toString(), curNumber, where));
            }
            cur = r.isBlank() ? null : new StringBuilder(r);
            curNumber = i + 1;
        }
        if (cur != null) {
            out.add(line(cur.toString(), curNumber, where));
        }
        return out;
    }

    private static Line line(String s, int number, String where) {
        int colon = -1;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            throw new IllegalArgumentException(where + " line " + number + ": not a 'NAME:value' line: " + s);
        }
        String[] head = s.substring(0, colon).split(";");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int eq = head[i].indexOf('=');
            if (eq > 0) {
                params.put(head[i].substring(0, eq).toUpperCase(Locale.ROOT), head[i].substring(eq + 1).replace("\"", ""));
            }
        }
        return new Line(number, head[0].toUpperCase(Locale.ROOT), params, s.substring(colon + 1));
    }

    private static WindowSpec event(List<Line> props, String where, int eventLine) {
        String name = null;
        ZonedDateTime start = null;
        ZonedDateTime end = null;
        Duration duration = null;
        String rrule = null;
        int rruleLine = 0;
        List<String> assets = new ArrayList<>();
        LinkedHashSet<String> operations = new LinkedHashSet<>();
        List<String> actors = new ArrayList<>();
        for (Line l : props) {
            String at = where + " line " + l.number();
            try {
                switch (l.name()) {
                    case "SUMMARY" -> name = unescape(l.value());
                    case "DTSTART" -> start = when(l);
                    case "DTEND" -> end = when(l);
                    case "DURATION" -> duration = l.value().matches("P\\d+W")
                            ? Duration.ofDays(7L * Integer.parseInt(l.value().substring(1, l.value().length() - 1)))
                            : Duration.parse(l.value());
                    case "RRULE" -> {
                        rrule = l.value();
                        rruleLine = l.number();
                    }
                    case "X-LINEWATCH-ASSETS" -> assets.addAll(list(l.value()));
                    case "X-LINEWATCH-OPERATIONS", "CATEGORIES" -> list(l.value()).forEach(
                            o -> operations.add(o.toLowerCase(Locale.ROOT)));
                    case "X-LINEWATCH-ACTORS" -> actors.addAll(list(l.value()));
                    default -> {
                        // other properties (UID, DESCRIPTION, LOCATION, ...) do not matter here
                    }
                }
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + l.name() + " " + e.getMessage());
            }
        }
        String at = where + " line " + eventLine;
        if (start == null) {
            throw new IllegalArgumentException(at + ": VEVENT without DTSTART");
        }
        if (name == null) {
            name = "maintenance " + start;
        }
        long durationNanos;
        if (end != null) {
            durationNanos = Duration.between(start, end).toNanos();
        } else if (duration != null) {
            durationNanos = duration.toNanos();
        } else {
            throw new IllegalArgumentException(at + ": VEVENT '" + name + "' has neither DTEND nor DURATION");
        }
        if (durationNanos < 0) {
            throw new IllegalArgumentException(at + ": VEVENT '" + name + "' ends before it starts");
        }
        Recurrence r = null;
        if (rrule != null) {
            try {
                r = Recurrence.parse(rrule, start.getZone());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException(where + " line " + rruleLine + ": " + e.getMessage());
            }
        }
        for (String a : assets) {
            MaintenanceWindows.checkAddress(a, at + ": X-LINEWATCH-ASSETS");
        }
        for (String a : actors) {
            MaintenanceWindows.checkAddress(a, at + ": X-LINEWATCH-ACTORS");
        }
        MaintenanceWindows.checkOperations(operations, at);
        return new WindowSpec(name, start, durationNanos, r, assets, operations, actors);
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split("\\\\?,")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String unescape(String v) {
        return v.replace("\\,", ",").replace("\\;", ";").replace("\\n", " ").replace("\\N", " ").replace("\\\\", "\\");
    }

    private static ZonedDateTime when(Line l) {
        String tzid = l.params().get("TZID");
        ZoneId zone = ZoneOffset.UTC;
        if (tzid != null) {
            try {
                zone = ZoneId.of(tzid);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("time zone '" + tzid + "' is not known (use an IANA name like Europe/Berlin)");
            }
        }
        return dateTime(l.value(), zone);
    }

    /** {@code 20240504T060000Z}, {@code 20240504T060000} (in {@code zone}) or {@code 20240504} (midnight in {@code zone}). */
    static ZonedDateTime dateTime(String v, ZoneId zone) {
        String s = v.trim();
        if (s.endsWith("Z")) {
            return LocalDateTime.parse(s.substring(0, s.length() - 1), LOCAL).atZone(ZoneOffset.UTC);
        }
        if (s.length() == 8) {
            return LocalDate.parse(s, DATE).atStartOfDay(zone);
        }
        return LocalDateTime.parse(s, LOCAL).atZone(zone);
    }
}
