package io.linewatch.index.es;

import io.linewatch.model.Fields;
import io.linewatch.model.schema.Field;
import io.linewatch.model.schema.Schema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one definition of every document field's Elasticsearch type (SCHEMA.md is the contract). The index
 * templates are generated from it, and a test checks that every name in {@link Fields} is declared here, so
 * code, templates and dashboards cannot drift apart. Fields inside lists of objects ({@code asset.protocols},
 * {@code s7comm.items}) are declared by their dotted leaf path, as Elasticsearch flattens them.
 *
 * <p>Choices (ECS where it has one): addresses {@code ip}; ids, codes named by text, MACs, VLAN ids {@code
 * keyword}; counts and on-the-wire numbers {@code long} (range queries and terms aggregations both work);
 * capture times {@code date_nanos}, since documents carry microseconds that {@code date} would cut to
 * milliseconds. Names not declared here are mapped by the dynamic templates in {@link IndexTemplates}.
 */
public final class FieldTypes {
    /** Elasticsearch field types the templates use. */
    public enum EsType {
        KEYWORD("keyword"), LONG("long"), DOUBLE("double"), IP("ip"), DATE_NANOS("date_nanos"), BOOLEAN("boolean"),
        TEXT("text"),
        /** A map whose keys are data (field names), kept as one field instead of growing the mapping. */
        FLATTENED("flattened");

        public final String esName;

        EsType(String esName) {
            this.esName = esName;
        }
    }

    private static final Map<String, EsType> TYPES = build();

    private FieldTypes() {
    }

    /** Field name (dotted) to type, in declaration order. */
    public static Map<String, EsType> all() {
        return TYPES;
    }

    public static EsType of(String field) {
        return TYPES.get(field);
    }

    private static Map<String, EsType> build() {
        Map<String, EsType> m = new LinkedHashMap<>();
        for (Field f : Schema.all()) {
            switch (f.type()) {
                case OBJECTS -> { } // a container: its members are declared fields of their own
                case DATE -> m.put(f.name(), EsType.DATE_NANOS);
                default -> m.put(f.name(), EsType.valueOf(f.type().name()));
            }
        }

        // protocol objects (SCHEMA.md); codes are numbers as on the wire

        return Collections.unmodifiableMap(m);
    }
}
