package io.linewatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.JournalSegments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's directory mode follows a journal stream through its segments (issue 16, journal retention). */
class NdjsonTailTest {
    @TempDir
    Path dir;

    private static EventDoc doc(int i) {
        EventDoc d = new EventDoc();
        d.put("event.id", "ev" + i);
        d.put("message", "z".repeat(200));
        return d;
    }

    @Test
    void followsSealedSegmentsSkipsRemovedOnesAndNoticesAFreshJournal() throws Exception {
        NdjsonTail tail = new NdjsonTail(dir, "events.ndjson");
        List<Object> seen = new ArrayList<>();
        try (Journal j = new Journal(dir, false, 4096)) {
            for (int i = 0; i < 50; i++) {
                j.append(Journal.Stream.EVENTS, doc(i));
            }
            j.sync();
            assertFalse(tail.read(d -> seen.add(id(d))));
            assertEquals(50, seen.size());
            for (int i = 50; i < 120; i++) { // more seals while the console follows
                j.append(Journal.Stream.EVENTS, doc(i));
            }
            j.sync();
            assertFalse(tail.read(d -> seen.add(id(d))));
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                expected.add("ev" + i);
            }
            assertEquals(expected, seen, "every document once, in order, across segments");
            assertEquals(0, tail.lag());

            // retention removes segments the console has not read yet: it goes on with the next one there is
            for (int i = 120; i < 200; i++) {
                j.append(Journal.Stream.EVENTS, doc(i));
            }
            j.sync();
            List<JournalSegments.Segment> sealed = JournalSegments.sealed(dir, "events.ndjson");
            Files.delete(sealed.get(sealed.size() - 2).file());
            int before = seen.size();
            tail.read(d -> seen.add(id(d)));
            assertTrue(seen.size() > before && seen.get(seen.size() - 1).equals("ev199"), seen.toString());
        }
        try (Journal j = new Journal(dir, true, 4096)) { // a new analysis into the same directory
            j.append(Journal.Stream.EVENTS, doc(1000));
            j.sync();
            List<Object> again = new ArrayList<>();
            assertTrue(tail.read(d -> again.add(id(d))), "the stream was started afresh");
            assertEquals(List.of("ev1000"), again);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object id(Map<String, Object> d) {
        return ((Map<String, Object>) d.get("event")).get("id");
    }
}
