package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    @TempDir
    Path tmp;

    @Test
    void linesAreStampedAndFilesRotateBySizeKeepingN() throws Exception {
        Path file = tmp.resolve("log/linewatch.log");
        try (RotatingLog log = new RotatingLog(file, 1024, 2)) {
            for (int i = 0; i < 100; i++) {
                log.write(String.format("line %03d %s%n", i, "x".repeat(40)).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(Files.exists(file));
        assertTrue(Files.exists(tmp.resolve("log/linewatch.log.1")));
        assertTrue(Files.exists(tmp.resolve("log/linewatch.log.2")));
        assertFalse(Files.exists(tmp.resolve("log/linewatch.log.3")), "keeps 2");
        List<String> current = Files.readAllLines(file);
        assertTrue(current.get(current.size() - 1).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z line 099 x+"),
                current.get(current.size() - 1));
        for (Path p : List.of(file, tmp.resolve("log/linewatch.log.1"))) {
            assertTrue(Files.size(p) <= 1024 + 100, p + " " + Files.size(p));
        }
        // the newest rotated file continues where the current one starts
        List<String> previous = Files.readAllLines(tmp.resolve("log/linewatch.log.1"));
        int last = Integer.parseInt(previous.get(previous.size() - 1).split(" ")[2]);
        assertEquals(last + 1, Integer.parseInt(current.get(0).split(" ")[2]));
    }

    @Test
    void partialLinesGetOneStamp() throws Exception {
        Path file = tmp.resolve("a.log");
        try (RotatingLog log = new RotatingLog(file, 1 << 20, 3)) {
            log.write("abc".getBytes(StandardCharsets.UTF_8));
            log.write("def\nghi\n".getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).endsWith("Z abcdef"), lines.get(0));
        assertTrue(lines.get(1).endsWith("Z ghi"), lines.get(1));
    }
}
