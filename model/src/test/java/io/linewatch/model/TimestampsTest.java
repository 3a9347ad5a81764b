package io.linewatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void handWrittenFormatMatchesDateTimeFormatter() {
        long[] edges = {
            0L, -1L, 1L, 999L, 1_000L, 999_999_999L, -1_000_000_000L,
            951_782_400_000_000_000L,   // 2000-02-29T00:00:00Z, leap day of a century leap year
            4_107_542_399_999_999_999L, // 2100-02-28T23:59:59.999999999Z, 2100 is no leap year
            Long.MAX_VALUE, Long.MIN_VALUE, // year 2262 and 1677
            1_704_067_200_000_071_000L,  // the benchmark capture's first packet
        };
        for (long t : edges) {
            assertEquals(Timestamps.isoReference(t), Timestamps.iso(t), "at " + t);
        }
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long t = r.nextLong();
            assertEquals(Timestamps.isoReference(t), Timestamps.iso(t), "at " + t);
        }
    }

    @Test
    void handWrittenParseMatchesInstantParse() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // between 1678 and 2261, so the nanosecond count cannot overflow
            long t = r.nextLong(-9_000_000_000_000_000_000L, 9_000_000_000_000_000_000L) / 1000 * 1000;
            String iso = Timestamps.iso(t);
            java.time.Instant expected = java.time.Instant.parse(iso);
            assertEquals(expected.getEpochSecond() * 1_000_000_000L + expected.getNano(), Timestamps.parse(iso), iso);
        }
        assertEquals(951_782_400_000_000_000L, Timestamps.parse("2000-02-29T00:00:00.000000Z"));
        // other ISO-8601 forms still parse; impossible dates are refused as Instant.parse refuses them
        assertEquals(1_714_802_400_000_000_000L, Timestamps.parse("2024-05-04T06:00:00Z"));
        org.junit.jupiter.api.Assertions.assertThrows(java.time.format.DateTimeParseException.class,
                () -> Timestamps.parse("2100-02-29T00:00:00.000000Z"));
        org.junit.jupiter.api.Assertions.assertThrows(java.time.format.DateTimeParseException.class,
                () -> Timestamps.parse("2024-13-01T00:00:00.000000Z"));
    }
}
