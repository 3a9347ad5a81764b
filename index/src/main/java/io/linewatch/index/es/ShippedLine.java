package io.linewatch.index.es;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the shipper needs from one journal line, read with a streaming parser instead of building the document and
 * encoding it again: the line is already the document's compact JSON. The parse checks the line is one JSON object
 * and picks out {@code event.id}, {@code @timestamp} and {@code linewatch.alert.count}; the bulk source is the line
 * as written with {@code observer.name} put in front (written documents never carry an {@code observer} field; a
 * line that does is sent through the document model, {@link #needsRewrite}).
 */
final class ShippedLine {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String EVENT_ID = Fields.EVENT_ID;
    private static final String TIMESTAMP = Fields.TIMESTAMP;
    private static final String ALERT_COUNT = Fields.ALERT_COUNT;
    private static final String OBSERVER = Fields.OBSERVER_NAME.substring(0, Fields.OBSERVER_NAME.indexOf('.'));

    final String id;
    final String timestamp;
    final Long alertCount;
    /** The line has its own {@code observer} field: send it through the document model. */
    final boolean needsRewrite;
    private final boolean empty;
    private final int open;

    private ShippedLine(String id, String timestamp, Long alertCount, boolean needsRewrite, boolean empty, int open) {
        this.id = id;
        this.timestamp = timestamp;
        this.alertCount = alertCount;
        this.needsRewrite = needsRewrite;
        this.empty = empty;
        this.open = open;
    }

    /**
     * @throws IllegalArgumentException when the line is not exactly one JSON object (the message says why)
     */
    static ShippedLine parse(String line) {
        String id = null;
        String timestamp = null;
        Long alertCount = null;
        boolean observer = false;
        int fields = 0;
        List<String> path = new ArrayList<>(4); // names of the objects the parser is in, below the top level
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String name = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> {
                        name = p.currentName();
                        if (path.isEmpty()) {
                            fields++;
                            observer |= name.equals(OBSERVER) || name.startsWith(OBSERVER + ".");
                        }
                    }
                    case START_OBJECT -> path.add(name);
                    case START_ARRAY -> p.skipChildren(); // no field the shipper reads is in an array
                    case END_OBJECT -> {
                        if (path.isEmpty()) {
                            if (p.nextToken() != null) {
                                throw new IllegalArgumentException("more than one JSON value on the line");
                            }
                            return new ShippedLine(id, timestamp, alertCount, observer, fields == 0,
                                    line.indexOf('{'));
                        }
                        path.remove(path.size() - 1);
                    }
                    case VALUE_STRING -> {
                        if (is(path, name, EVENT_ID)) {
                            id = p.getText();
                        } else if (is(path, name, TIMESTAMP)) {
                            timestamp = p.getText();
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        if (is(path, name, ALERT_COUNT)) {
                            alertCount = p.getValueAsLong();
                        } else if (is(path, name, EVENT_ID)) {
                            id = p.getText(); // as the document model reads it: the number's text
                        }
                    }
                    default -> {
                        // true, false, null: nothing the shipper reads
                    }
                }
            }
            throw new IllegalArgumentException("unexpected end of the line");
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage() != null ? firstLine(e.getMessage()) : e.toString(), e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Whether the value named {@code name} inside the objects {@code path} is the dotted field {@code field}. */
    private static boolean is(List<String> path, String name, String field) {
        if (!field.endsWith(name)) {
            return false; // the common case: one comparison of the last part
        }
        int at = 0;
        for (String part : path) {
            if (!field.startsWith(part, at) || field.length() <= at + part.length()
                    || field.charAt(at + part.length()) != '.') {
                return false;
            }
            at += part.length() + 1;
        }
        return field.length() - at == name.length();
    }

    /** {@code "observer":{"name":SENSOR}}: what {@link #source} puts in front. */
    static String observerField(String sensorName) {
        return "\"" + OBSERVER + "\":{\"name\":" + Json.writeValue(sensorName) + "}";
    }

    /** The line with {@code observerField} as its first field (only when not {@link #needsRewrite}). */
    String source(String line, String observerField) {
        return line.substring(0, open + 1) + observerField + (empty ? "" : ",") + line.substring(open + 1);
    }
}
