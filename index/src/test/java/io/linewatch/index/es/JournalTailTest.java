package io.linewatch.index.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTailTest {
    @TempDir
    Path dir;

    @Test
    void readsCompleteLinesWithTheirOffsets() throws Exception {
        Path f = dir.resolve("j");
        Files.writeString(f, "aa\nbbb\ncc"); // "cc" has no newline yet
        List<JournalTail.Line> lines = JournalTail.read(f, 0, 10, 1 << 20);
        assertEquals(2, lines.size());
        assertEquals(new JournalTail.Line(0, 3, "aa", false), lines.get(0));
        assertEquals(new JournalTail.Line(3, 7, "bbb", false), lines.get(1));
        assertEquals(7, JournalTail.completeLength(f));
        assertEquals(2, JournalTail.countLines(f, 0, Files.size(f)));
        assertEquals(List.of(), JournalTail.read(f, 7, 10, 1 << 20));
    }

    @Test
    void stopsAtTheCountOrByteLimit() throws Exception {
        Path f = dir.resolve("j");
        Files.writeString(f, "a\nb\nc\nd\n");
        assertEquals(2, JournalTail.read(f, 0, 2, 1 << 20).size());
        assertEquals(3, JournalTail.read(f, 0, 100, 5).size(), "stops at the first line boundary at or past 5 bytes");
        assertEquals("c", JournalTail.read(f, 4, 1, 100).get(0).text());
    }

    @Test
    void linesLongerThanTheChunkAndMultiByteTextSurvive() throws Exception {
        Path f = dir.resolve("j");
        String big = "é".repeat(100_000);
        Files.writeString(f, big + "\nx\n", StandardCharsets.UTF_8);
        List<JournalTail.Line> lines = JournalTail.read(f, 0, 10, 1 << 30);
        assertEquals(big, lines.get(0).text());
        assertEquals("x", lines.get(1).text());
    }

    @Test
    void anOversizeLineKeepsOnlyItsBeginning() throws Exception {
        Path f = dir.resolve("j");
        byte[] huge = new byte[JournalTail.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        Files.write(f, huge);
        Files.writeString(f, "\nnext\n", java.nio.file.StandardOpenOption.APPEND);
        List<JournalTail.Line> lines = JournalTail.read(f, 0, 10, 1L << 40);
        assertTrue(lines.get(0).oversize());
        assertEquals(JournalTail.KEPT_PREFIX_BYTES, lines.get(0).text().length());
        assertEquals(huge.length + 1, lines.get(0).end());
        assertEquals("next", lines.get(1).text());
    }

    @Test
    void missingFileReadsAsEmpty() throws Exception {
        assertEquals(List.of(), JournalTail.read(dir.resolve("none"), 0, 10, 100));
        assertEquals(0, JournalTail.completeLength(dir.resolve("none")));
    }
}
