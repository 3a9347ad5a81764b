package io.linewatch.index.es;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Whatever bytes the journal holds (torn writes, garbage, huge or odd JSON), the shipper neither throws nor
 * loses a line: every complete non-blank line ends up stored, already present, or set aside. Runs the seeds
 * in JournalShippingFuzzTestInputs as a regression test; fuzz with JAZZER_FUZZ=1.
 */
class JournalShippingFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void everyLineIsStoredOrSetAside(byte[] journal) throws IOException {
        Path dir = Files.createTempDirectory("lw-fuzz-");
        try {
            Files.write(dir.resolve("events.ndjson"), journal);
            FakeCluster cluster = new FakeCluster();
            EsShipper shipper = new EsShipper(ShipperTestSupport.settings(7), cluster, () -> { });
            try {
                shipper.open(dir, false);
            } catch (EsConfigException e) {
                throw new AssertionError(e);
            }
            while (shipper.shipOnce()) {
                // until the journal is consumed
            }
            ShipperStatus.Stream s = shipper.status().streams().get("events");
            assertEquals(completeNonBlankLines(journal), s.stored() + s.alreadyPresent() + s.rejected());
            assertEquals(0, s.documentsBehind());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long completeNonBlankLines(byte[] data) {
        long count = 0;
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                if (!new String(data, start, i - start, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                    count++;
                }
                start = i + 1;
            }
        }
        return count;
    }
}
