package io.linewatch.index.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipper's streaming read of a journal line against the document model it replaces. */
class ShippedLineTest {
    private static final String OBSERVER = ShippedLine.observerField("plant \"A\" ü");

    /** What the shipper sent before: the line parsed into a document, observer.name added, encoded again. */
    private static EventDoc throughTheModel(String line) {
        EventDoc doc = Json.readDoc(line);
        doc.put(Fields.OBSERVER_NAME, "plant \"A\" ü");
        return doc;
    }

    private static void sameAsTheModel(String line) {
        ShippedLine s = ShippedLine.parse(line);
        EventDoc model = Json.readDoc(line);
        assertFalse(s.needsRewrite, line);
        assertEquals(model.id(), s.id, line);
        assertEquals(model.get(Fields.TIMESTAMP), s.timestamp, line);
        assertEquals(model.getLong(Fields.ALERT_COUNT), s.alertCount, line);
        assertEquals(throughTheModel(line).asMap(), Json.readDoc(s.source(line, OBSERVER)).asMap(), line);
    }

    @Test
    void readsWhatTheDocumentModelReadsAndSendsTheSameDocument() {
        sameAsTheModel("{\"@timestamp\":\"2024-03-01T10:00:00.000000Z\",\"event\":{\"id\":\"abc\",\"dataset\":\"linewatch.modbus\"},"
                + "\"ot\":{\"objects\":[{\"id\":\"not-the-event-id\",\"event\":{\"id\":\"nested\"}}],\"values\":[1,2.5,-3]},"
                + "\"linewatch\":{\"alert\":{\"count\":7,\"id\":\"x\"}},\"text\":\"a \\\"quoted\\\" \\u00fc \\n line\"}");
        sameAsTheModel("{\"event\":{\"dataset\":\"linewatch.flow\"},\"id\":\"top-level id is not event.id\"}");
        sameAsTheModel("{\"event\":{\"id\":\"e\"},\"count\":3,\"alert\":{\"count\":4}}");
        sameAsTheModel("{}");
        sameAsTheModel("  { \"event\" : { \"id\" : \"spaced\" } }  ");
    }

    @Test
    void aLineWithItsOwnObserverGoesThroughTheModel() {
        assertTrue(ShippedLine.parse("{\"observer\":{\"name\":\"other\"},\"event\":{\"id\":\"e\"}}").needsRewrite);
        assertTrue(ShippedLine.parse("{\"observer.name\":\"other\"}").needsRewrite);
        assertFalse(ShippedLine.parse("{\"event\":{\"observer\":1}}").needsRewrite, "only a top-level observer");
    }

    @Test
    void whatIsNotOneJsonObjectIsRefused() {
        for (String bad : List.of("", "[1,2]", "\"text\"", "{\"a\":1", "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "{\"a\":}",
                "{\"a\":1,}", "not json")) {
            assertThrows(IllegalArgumentException.class, () -> ShippedLine.parse(bad), bad);
        }
        assertEquals("5", ShippedLine.parse("{\"event\":{\"id\":5}}").id, "as the model reads it");
        assertNull(ShippedLine.parse("{\"event\":{\"id\":null}}").id);
    }
}
