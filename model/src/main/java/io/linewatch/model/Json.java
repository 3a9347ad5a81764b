package io.linewatch.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The one JSON codec of the project: streaming writes of {@link EventDoc}s and plain reads back. */
public final class Json {
    static final JsonFactory FACTORY = new JsonFactory();

    /** Field names quoted and escaped once (there are a few hundred); bounded like EventDoc's name cache. */
    private static final ConcurrentHashMap<String, SerializedString> NAMES = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_NAMES = 8192;

    private Json() {
    }

    private static SerializedString name(String key) {
        SerializedString s = NAMES.get(key);
        if (s == null) {
            s = new SerializedString(key);
            if (NAMES.size() < MAX_CACHED_NAMES) {
                NAMES.putIfAbsent(key, s);
            }
        }
        return s;
    }

    public static String write(EventDoc doc) {
        StringWriter out = new StringWriter(256);
        writeTo(out, doc.asMap());
        return out.toString();
    }

    public static String writeValue(Object value) {
        StringWriter out = new StringWriter(256);
        writeTo(out, value);
        return out.toString();
    }

    /** Writes one value as compact JSON (no trailing newline). */
    public static void writeTo(Writer out, Object value) {
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // the caller decides when to flush: flushing here would push each document to the file without its
            // newline (one system call per event, and a reader following the file sees a torn last line)
            gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            writeValue(gen, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writePretty(Writer out, Object value) {
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.useDefaultPrettyPrinter();
            writeValue(gen, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static void writeValue(JsonGenerator gen, Object v) throws IOException {
        if (v == null) {
            gen.writeNull();
        } else if (v instanceof String s) {
            gen.writeString(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            gen.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            gen.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (v instanceof Map) {
            gen.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                if (e.getValue() != null) {
                    gen.writeFieldName(name(e.getKey()));
                    writeValue(gen, e.getValue());
                }
            }
            gen.writeEndObject();
        } else if (v instanceof Iterable<?> list) {
            gen.writeStartArray();
            for (Object o : list) {
                writeValue(gen, o);
            }
            gen.writeEndArray();
        } else if (v instanceof int[] ints) {
            gen.writeStartArray();
            for (int i : ints) {
                gen.writeNumber(i);
            }
            gen.writeEndArray();
        } else if (v instanceof EventDoc doc) {
            writeValue(gen, doc.asMap());
        } else {
            gen.writeString(v.toString());
        }
    }

    /** Parses one JSON value: objects become ordered maps, integers longs, other numbers doubles. */
    public static Object read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            return readValue(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static EventDoc readDoc(String line) {
        Object v = read(line);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return EventDoc.of((Map<String, Object>) v);
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("unexpected end of input");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, readValue(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() == null) {
                        throw new IOException("unterminated array");
                    }
                    l.add(readValue(p));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected token " + t);
        }
    }
}
