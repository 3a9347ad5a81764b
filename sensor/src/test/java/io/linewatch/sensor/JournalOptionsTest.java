package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.index.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment size and disk budget settings, and the backlog's growth rate. */
class JournalOptionsTest {
    @TempDir
    Path dir;

    private static JournalOptions options(String segment, String budget) {
        JournalOptions o = new JournalOptions();
        o.segmentSize = segment;
        o.diskBudget = budget;
        return o;
    }

    @Test
    void sizesPercentagesAndUnlimited() throws Exception {
        assertEquals(64L << 20, JournalOptions.bytes("64MiB", "x"));
        assertEquals(2L << 30, JournalOptions.bytes("2G", "x"));
        assertEquals(1000, JournalOptions.bytes("1000", "x"));
        assertEquals(256L << 10, JournalOptions.bytes("256 KiB", "x"));

        JournalOptions.Resolved r = options(null, null).resolve(SensorConfig.empty(), dir);
        assertEquals(Journal.DEFAULT_SEGMENT_BYTES, r.segmentBytes());
        long available = Files.getFileStore(dir).getUsableSpace();
        // the default: 80 % of what the directory holds (nothing) plus the free space (which moves a little)
        assertTrue(Math.abs(r.budgetBytes() - available * 0.8) < available * 0.01, r.toString());
        assertEquals(0, options(null, "unlimited").resolve(SensorConfig.empty(), dir).budgetBytes());
        assertEquals(20L << 30, options("1GiB", "20GiB").resolve(SensorConfig.empty(), dir).budgetBytes());
    }

    @Test
    void badValuesAreOneLineNamingTheValue() {
        SensorConfig.ConfigException e = assertThrows(SensorConfig.ConfigException.class,
                () -> options(null, "lots").resolve(SensorConfig.empty(), dir));
        assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
        e = assertThrows(SensorConfig.ConfigException.class,
                () -> options("64MiB", "100MiB").resolve(SensorConfig.empty(), dir));
        assertTrue(e.getMessage().contains("at least 4 journal segments"), e.getMessage());
        e = assertThrows(SensorConfig.ConfigException.class,
                () -> options(null, "150%").resolve(SensorConfig.empty(), dir));
        assertTrue(e.getMessage().contains("at most 100"), e.getMessage());
        e = assertThrows(SensorConfig.ConfigException.class,
                () -> options("0", "1GiB").resolve(SensorConfig.empty(), dir));
        assertTrue(e.getMessage().contains("needs journal segments"), e.getMessage());
    }

    @Test
    void theConfigurationFileGivesThemAndTheCommandLineWins() throws Exception {
        Path yaml = dir.resolve("c.yaml");
        Files.writeString(yaml, "journal:\n  segment_size: 1MiB\n  disk_budget: 10MiB\n");
        SensorConfig c = SensorConfig.load(yaml);
        JournalOptions.Resolved r = options(null, null).resolve(c, dir);
        assertEquals(1L << 20, r.segmentBytes());
        assertEquals(10L << 20, r.budgetBytes());
        assertEquals(20L << 20, options(null, "20MiB").resolve(c, dir).budgetBytes());

        Files.writeString(yaml, "journal:\n  disk_budgett: 10MiB\n");
        SensorConfig.ConfigException e = assertThrows(SensorConfig.ConfigException.class, () -> SensorConfig.load(yaml));
        assertTrue(e.getMessage().contains("unknown setting 'journal.disk_budgett'"), e.getMessage());
    }

    @Test
    void theBacklogsGrowthIsPerSecondOverTheWindowAndItsPeakIsKept() {
        Shipping.Backlog b = new Shipping.Backlog();
        long s = 1_000_000_000L;
        b.sample(0, 0, 0);
        b.sample(10 * s, 500, 100_000); // an outage: 50 documents/s, 10,000 bytes/s
        assertEquals(50, b.documentsPerSecond(), 0.001);
        assertEquals(10_000, b.bytesPerSecond(), 0.001);
        b.sample(200 * s, 0, 0); // shipped down; the window forgets the old samples
        b.sample(210 * s, 0, 0);
        assertEquals(0, b.bytesPerSecond(), 0.001);
        assertEquals(500, b.peakDocuments());
        assertTrue(b.summary().contains("peak 500 documents (100,000 bytes)"), b.summary());
    }
}
