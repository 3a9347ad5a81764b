package io.linewatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDocTest {
    @Test
    void dottedNamesNestInInsertionOrder() {
        EventDoc d = new EventDoc()
                .put("@timestamp", "2024-01-01T00:00:00.000000Z")
                .put("source.ip", "10.0.0.1")
                .put("event.id", "x")
                .put("source.port", 502)
                .put("skipped", null)
                .put("a.b.c", 1L);
        assertEquals("{\"@timestamp\":\"2024-01-01T00:00:00.000000Z\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":502},"
                + "\"event\":{\"id\":\"x\"},\"a\":{\"b\":{\"c\":1}}}", Json.write(d));
        assertEquals("10.0.0.1", d.getString("source.ip"));
        assertEquals(1L, d.getLong("a.b.c"));
        assertNull(d.get("source.ip.more"), "below a value there is nothing");
        assertNull(d.get("nothing.here"));
    }

    @Test
    void aValueReplacedByAnObjectAndOddNames() {
        EventDoc d = new EventDoc().put("x", 1).put("x.y", 2).put("p.", 3).put(".q", 4);
        assertEquals("{\"x\":{\"y\":2},\"p\":{\"\":3},\"\":{\"q\":4}}", Json.write(d));
    }

    @Test
    void ndjsonWriterWritesWhatJsonWriteDoes() throws Exception {
        EventDoc a = new EventDoc().put("message", "caf\u00e9 \"quoted\" \n tab\t \u0001").put("list", List.of(1, "two", 3.5, true));
        EventDoc b = new EventDoc().put("n.m", -7L).put("ints", new int[] {1, 2});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NdjsonWriter w = new NdjsonWriter(out)) {
            w.write(a);
            w.write(b.asMap());
        }
        assertEquals(Json.write(a) + "\n" + Json.write(b) + "\n", out.toString(StandardCharsets.UTF_8));
    }
}
