package io.linewatch.model.schema;

/**
 * The type of a document field, as the index templates map it. Choices follow ECS: addresses {@code IP};
 * ids, names, MACs and VLAN ids {@code KEYWORD}; counts and on-the-wire numbers {@code LONG}; capture times
 * {@code DATE} (written with microseconds, mapped {@code date_nanos}).
 */
public enum FieldType {
    KEYWORD("keyword"),
    TEXT("text"),
    LONG("long"),
    DOUBLE("double"),
    BOOLEAN("boolean"),
    IP("ip"),
    DATE("date_nanos"),
    /** A map whose keys are data, not names (kept as one field instead of growing the mapping). */
    FLATTENED("flattened"),
    /** A list of objects whose members are declared as fields of their own ({@code s7comm.items.area}). */
    OBJECTS("object");

    /** The Elasticsearch mapping type. */
    public final String esType;

    FieldType(String esType) {
        this.esType = esType;
    }
}
