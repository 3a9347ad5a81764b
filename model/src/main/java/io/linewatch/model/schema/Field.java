package io.linewatch.model.schema;

/**
 * One declared document field: its dotted name, type and meaning. Declared once, in a {@code *Fields} class
 * of this package, with {@link Schema#declare}; templates, docs checks and output validation read them from
 * {@link Schema}.
 */
public record Field(String name, FieldType type, String description) {
}
