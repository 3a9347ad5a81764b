package io.linewatch.index.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal left with a partial last line (kill -9, full disk) is repaired when it is opened for append. */
class JournalTornTailTest {
    @TempDir
    Path dir;

    private static EventDoc doc(String id) {
        EventDoc d = new EventDoc();
        d.put("event.id", id);
        return d;
    }

    @Test
    void tornTailIsSetAsideAndTheNextAppendStartsOnItsOwnLine() throws Exception {
        try (Journal j = new Journal(dir, true)) {
            j.append(Journal.Stream.EVENTS, doc("a"));
            j.append(Journal.Stream.EVENTS, doc("b"));
        }
        Path events = dir.resolve("events.ndjson");
        long complete = Files.size(events);
        // the process died half-way through writing a line
        Files.writeString(events, "{\"event\":{\"id\":\"c\",\"kin", StandardOpenOption.APPEND);

        try (Journal j = new Journal(dir, false)) {
            assertEquals(1, j.tornTails());
            assertEquals(Files.size(dir.resolve("events.ndjson.torn-1")), j.tornBytes());
            assertEquals(complete, Files.size(events), "the torn tail is cut off the journal");
            j.append(Journal.Stream.EVENTS, doc("d"));
        }
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        for (String line : lines) {
            Json.readDoc(line); // every line is a whole document
        }
        assertTrue(lines.get(2).contains("\"d\""));
        assertEquals("{\"event\":{\"id\":\"c\",\"kin",
                Files.readString(dir.resolve("events.ndjson.torn-1")));
    }

    @Test
    void aSecondTornTailGetsItsOwnFile() throws Exception {
        Path events = dir.resolve("events.ndjson");
        Files.writeString(events, "{\"a\":1}\n{\"b\":");
        try (Journal j = new Journal(dir, false)) {
            assertEquals(1, j.tornTails());
        }
        Files.writeString(events, "{\"c\":", StandardOpenOption.APPEND);
        try (Journal j = new Journal(dir, false)) {
            assertEquals(1, j.tornTails());
        }
        assertTrue(Files.exists(dir.resolve("events.ndjson.torn-1")));
        assertEquals("{\"c\":", Files.readString(dir.resolve("events.ndjson.torn-2")));
        assertEquals("{\"a\":1}\n", Files.readString(events));
    }

    @Test
    void aLastLineThatDoesNotParseIsSetAsideToo() throws Exception {
        // a newline-terminated line glued from two writes (a journal repaired by an older version)
        Path alerts = dir.resolve("alerts.ndjson");
        Files.writeString(alerts, "{\"a\":1}\n{\"b\":{\"x\":1}\n");
        try (Journal j = new Journal(dir, false)) {
            assertEquals(1, j.tornTails());
        }
        assertEquals("{\"a\":1}\n", Files.readString(alerts));
    }

    @Test
    void aCleanJournalIsLeftAlone() throws Exception {
        try (Journal j = new Journal(dir, true)) {
            j.append(Journal.Stream.EVENTS, doc("a"));
        }
        long size = Files.size(dir.resolve("events.ndjson"));
        try (Journal j = new Journal(dir, false)) {
            assertEquals(0, j.tornTails());
        }
        assertEquals(size, Files.size(dir.resolve("events.ndjson")));
        assertFalse(Files.exists(dir.resolve("events.ndjson.torn-1")));
    }
}
