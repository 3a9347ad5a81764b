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
}
