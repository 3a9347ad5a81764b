package io.linewatch.model;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Newline-delimited JSON straight to UTF-8 bytes: one generator for the whole stream instead of one per
 * document, and no char-to-byte encoder in between. Output is byte-for-byte what {@link Json#writeTo} followed
 * by a newline gives, encoded as UTF-8.
 */
public final class NdjsonWriter implements AutoCloseable {
    private final JsonGenerator gen;

    public NdjsonWriter(OutputStream out) throws IOException {
        gen = Json.FACTORY.createGenerator(out);
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM); // flush() must not become a write(2) per document
        gen.setRootValueSeparator(null); // lines are separated by the newline written after each value
    }

    /** Writes one value as compact JSON and a newline. */
    public void write(Object value) throws IOException {
        Json.writeValue(gen, value instanceof EventDoc doc ? doc.asMap() : value);
        gen.writeRaw('\n');
    }

    /** Bytes still in the generator go to the stream (the stream itself is not flushed: its owner does that). */
    public void flush() throws IOException {
        gen.flush();
    }

    /** Bytes written but still in the generator's buffer (not yet handed to the stream). */
    public int buffered() {
        return Math.max(0, gen.getOutputBuffered());
    }

    @Override
    public void close() throws IOException {
        gen.close();
    }
}
