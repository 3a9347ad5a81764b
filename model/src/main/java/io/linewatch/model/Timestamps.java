package io.linewatch.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Capture time: epoch nanoseconds internally, ISO-8601 UTC with microseconds in documents. */
public final class Timestamps {
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    /** Days from 0000-03-01 (the start of a shifted 400-year era) to 1970-01-01. */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468L;
    private static final long DAYS_PER_ERA = 146_097L;
    private static final int ISO_LENGTH = 27; // uuuu-MM-ddTHH:mm:ss.SSSSSSZ

    private Timestamps() {
    }

    /**
     * {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'}, fraction truncated to microseconds. Written by hand because it is
     * on every document (DateTimeFormatter allocated and cost more than the rest of an event's common fields);
     * years outside 0000..9999 take DateTimeFormatter's path, which signs them.
     */
    public static String iso(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        int nanos = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // civil date from a day count (the proleptic Gregorian calendar in 400-year eras starting in March)
        long shifted = days + DAYS_0000_03_01_TO_EPOCH;
        long era = Math.floorDiv(shifted, DAYS_PER_ERA);
        long dayOfEra = shifted - era * DAYS_PER_ERA;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153; // 0 = March
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return ISO_MICROS.format(Instant.ofEpochSecond(seconds, nanos));
        }
        byte[] c = new byte[ISO_LENGTH];
        digits(c, 0, (int) year, 4);
        c[4] = '-';
        digits(c, 5, month, 2);
        c[7] = '-';
        digits(c, 8, day, 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        digits(c, 20, nanos / 1000, 6);
        c[26] = 'Z';
        return new String(c, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The formatter's own rendering, kept as the reference {@link #iso} is tested against. */
    static String isoReference(long epochNanos) {
        return ISO_MICROS.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
                Math.floorMod(epochNanos, NANOS_PER_SECOND)));
    }

    /**
     * Epoch nanoseconds of an ISO-8601 instant. The form {@link #iso} writes is read by hand (every document
     * is read back by the inventory and the rules, and {@code Instant.parse} costs about a microsecond);
     * any other ISO-8601 instant goes through {@code Instant.parse}.
     *
     * @throws java.time.format.DateTimeParseException when the text is not an instant
     */
    public static long parse(String iso) {
        if (iso.length() == ISO_LENGTH && iso.charAt(4) == '-' && iso.charAt(7) == '-' && iso.charAt(10) == 'T'
                && iso.charAt(13) == ':' && iso.charAt(16) == ':' && iso.charAt(19) == '.' && iso.charAt(26) == 'Z') {
            int year = number(iso, 0, 4);
            int month = number(iso, 5, 2);
            int day = number(iso, 8, 2);
            int hour = number(iso, 11, 2);
            int minute = number(iso, 14, 2);
            int second = number(iso, 17, 2);
            int micros = number(iso, 20, 6);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
                    && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && micros >= 0) {
                long seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
                return seconds * NANOS_PER_SECOND + micros * 1000L;
            }
        }
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * NANOS_PER_SECOND + i.getNano();
    }

    /** The decimal number in {@code s[at, at + width)}, or -1 if a character is not a digit. */
    private static int number(String s, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (eras of 400 years starting in March, as in {@link #iso}). */
    private static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * DAYS_PER_ERA + dayOfEra - DAYS_0000_03_01_TO_EPOCH;
    }
}
