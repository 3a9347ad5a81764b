package io.linewatch.index.es;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.index.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperCursorTest {
    @TempDir
    Path dir;

    private ShipperCursor saved(long offset) throws Exception {
        ShipperCursor c = ShipperCursor.fresh(dir, "http://es:9200");
        ShipperCursor.Position p = c.streams.get(Journal.Stream.EVENTS);
        p.segment = 1; // the active file when no segment was sealed yet
        p.offset = offset;
        p.lines = 2;
        p.fingerprint = ShipperCursor.fingerprint(dir.resolve("events.ndjson"), offset);
        c.assetsSha256 = "abc";
        c.save();
        return c;
    }

    @Test
    void roundTrips() throws Exception {
        Files.writeString(dir.resolve("events.ndjson"), "{\"a\":1}\n{\"a\":2}\n");
        saved(16);
        ShipperCursor back = ShipperCursor.load(dir, "http://es:9200");
        assertEquals(16, back.streams.get(Journal.Stream.EVENTS).offset);
        assertEquals(2, back.streams.get(Journal.Stream.EVENTS).lines);
        assertEquals("abc", back.assetsSha256);
    }

    @Test
    void anotherDestinationStartsOver() throws Exception {
        Files.writeString(dir.resolve("events.ndjson"), "{\"a\":1}\n{\"a\":2}\n");
        saved(16);
        ShipperCursor other = ShipperCursor.load(dir, "https://elsewhere:9200");
        assertEquals(0, other.streams.get(Journal.Stream.EVENTS).offset);
        assertEquals("", other.assetsSha256);
    }

    @Test
    void aRewrittenJournalStartsOver() throws Exception {
        Files.writeString(dir.resolve("events.ndjson"), "{\"a\":1}\n{\"a\":2}\n");
        saved(16);
        Files.writeString(dir.resolve("events.ndjson"), "{\"b\":1}\n{\"b\":2}\n{\"b\":3}\n"); // longer, different
        assertEquals(0, ShipperCursor.load(dir, "http://es:9200").streams.get(Journal.Stream.EVENTS).offset);
    }

    @Test
    void aCorruptCursorStartsOver() throws Exception {
        Files.writeString(dir.resolve(ShipperCursor.FILE_NAME), "{trunc");
        assertEquals(0, ShipperCursor.load(dir, "http://es:9200").streams.get(Journal.Stream.EVENTS).offset);
    }
}
