package io.linewatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.index.es.FieldTypes;
import io.linewatch.index.es.FieldTypes.EsType;
import io.linewatch.index.es.IndexTemplates;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kibana saved objects in {@code dashboards/} against the index templates (generated from the schema): every
 * field a visualization, query, control or data view references is mapped, with a type its use needs (terms over an
 * aggregatable type, a date histogram over a date, a column's data type matching the mapping), every data view
 * matches an index template, and every reference resolves. No Kibana runs here: this is the check.
 */
class DashboardFieldsTest {
    static final Set<EsType> AGGREGATABLE = Set.of(EsType.KEYWORD, EsType.LONG, EsType.DOUBLE, EsType.IP,
            EsType.BOOLEAN, EsType.DATE_NANOS);
    /** A KQL field name before its colon: {@code ot.operation : write}. */
    static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z@_][\\w.@]*)\\s*:");
    static final String RECORDS = "___records___";

    @Test
    void everyReferencedFieldIsMappedWithAMatchingType() throws IOException {
        List<Map<String, Object>> objects = load();
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> byId = new HashMap<>();
        int fields = 0;
        for (Map<String, Object> o : objects) {
            byId.put(o.get("type") + ":" + o.get("id"), o);
        }
        for (Map<String, Object> o : objects) {
            String name = o.get("type") + " " + Docs.str(o, "attributes.title");
            switch ((String) o.get("type")) {
                case "index-pattern" -> {
                    String title = Docs.str(o, "attributes.title");
                    if (!IndexTemplates.INDEX_TEMPLATES.containsValue(title)) {
                        problems.add(name + ": no index template for " + title);
                    }
                    fields++;
                    expect(problems, name, Docs.str(o, "attributes.timeFieldName"), Set.of(EsType.DATE_NANOS));
                }
                case "lens" -> fields += lens(o, name, byId, problems);
                case "dashboard" -> fields += dashboard(o, name, byId, problems);
                default -> problems.add(name + ": unexpected type");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(fields > 80, "fields checked: " + fields);
        long dashboards = objects.stream().filter(o -> "dashboard".equals(o.get("type"))).count();
        assertEquals(7, dashboards, "OT overview, alerts, inventory, drill-down, Modbus, S7, CIP");
    }

    /** The check itself catches what it should: a made-up field, a text field under terms, a keyword as a date. */
    @Test
    void theCheckRefusesWrongFields() {
        List<String> problems = new ArrayList<>();
        expect(problems, "t", "modbus.no_such_field", AGGREGATABLE);
        expect(problems, "t", "message", AGGREGATABLE);
        expect(problems, "t", "event.action", Set.of(EsType.DATE_NANOS));
        assertEquals(3, problems.size(), problems.toString());
        assertFalse(FieldTypes.all().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static int lens(Map<String, Object> o, String name, Map<String, Map<String, Object>> byId, List<String> problems) {
        int n = 0;
        Map<String, Object> layers = (Map<String, Object>) Docs.get(o, "attributes.state.datasourceStates.formBased.layers");
        Set<String> refNames = new HashSet<>();
        for (Map<String, Object> ref : Docs.maps(o, "references")) {
            refNames.add((String) ref.get("name"));
            if (!byId.containsKey(ref.get("type") + ":" + ref.get("id"))) {
                problems.add(name + ": reference to a missing " + ref.get("type") + " " + ref.get("id"));
            }
        }
        for (Map.Entry<String, Object> layer : layers.entrySet()) {
            if (!refNames.contains("indexpattern-datasource-layer-" + layer.getKey())) {
                problems.add(name + ": layer " + layer.getKey() + " has no data view reference");
            }
            Map<String, Object> columns = (Map<String, Object>) ((Map<String, Object>) layer.getValue()).get("columns");
            for (Map.Entry<String, Object> c : columns.entrySet()) {
                Map<String, Object> col = (Map<String, Object>) c.getValue();
                String field = (String) col.get("sourceField");
                String op = (String) col.get("operationType");
                if (RECORDS.equals(field) && op.equals("count")) {
                    continue;
                }
                n++;
                Set<EsType> allowed = switch (op) {
                    case "terms", "unique_count", "last_value" -> AGGREGATABLE;
                    case "date_histogram" -> Set.of(EsType.DATE_NANOS);
                    case "sum", "average", "min", "max", "median", "percentile" -> Set.of(EsType.LONG, EsType.DOUBLE);
                    default -> Set.of();
                };
                String where = name + " column " + c.getKey();
                expect(problems, where, field, allowed);
                EsType type = FieldTypes.of(field);
                if (type != null && Boolean.TRUE.equals(col.get("isBucketed"))) {
                    String dataType = switch (type) {
                        case KEYWORD -> "string";
                        case LONG, DOUBLE -> "number";
                        case IP -> "ip";
                        case DATE_NANOS -> "date";
                        case BOOLEAN -> "boolean";
                        default -> "?";
                    };
                    if (!dataType.equals(col.get("dataType"))) {
                        problems.add(where + ": dataType " + col.get("dataType") + " but " + field + " is " + type);
                    }
                }
            }
        }
        n += kql(problems, name, Docs.str(o, "attributes.state.query.query"));
        return n;
    }

    @SuppressWarnings("unchecked")
    private static int dashboard(Map<String, Object> o, String name, Map<String, Map<String, Object>> byId,
            List<String> problems) {
        int n = 0;
        Map<String, String> refs = new HashMap<>();
        for (Map<String, Object> ref : Docs.maps(o, "references")) {
            refs.put((String) ref.get("name"), ref.get("type") + ":" + ref.get("id"));
            if (!byId.containsKey(ref.get("type") + ":" + ref.get("id"))) {
                problems.add(name + ": reference to a missing " + ref.get("type") + " " + ref.get("id"));
            }
        }
        for (Object p : (List<Object>) Json.read(Docs.str(o, "attributes.panelsJSON"))) {
            Map<String, Object> panel = (Map<String, Object>) p;
            String refName = panel.get("panelIndex") + ":" + panel.get("panelRefName");
            if (!refs.containsKey(refName)) {
                problems.add(name + ": panel " + panel.get("panelIndex") + " has no reference " + refName);
            }
        }
        Object controls = Docs.get(o, "attributes.controlGroupInput.panelsJSON");
        if (controls != null) {
            for (Object c : ((Map<String, Object>) Json.read((String) controls)).values()) {
                n++;
                String id = Docs.str((Map<String, Object>) c, "explicitInput.id");
                expect(problems, name + " control", Docs.str((Map<String, Object>) c, "explicitInput.fieldName"), AGGREGATABLE);
                if (!refs.containsKey("controlGroup_" + id + ":optionsListDataView")) {
                    problems.add(name + ": control " + id + " has no data view reference");
                }
            }
        }
        n += kql(problems, name, Docs.str((Map<String, Object>) Json.read(
                Docs.str(o, "attributes.kibanaSavedObjectMeta.searchSourceJSON")), "query.query"));
        return n;
    }

    private static int kql(List<String> problems, String where, String query) {
        int n = 0;
        if (query == null) {
            return 0;
        }
        Matcher m = KQL_FIELD.matcher(query);
        while (m.find()) {
            n++;
            expect(problems, where + " query", m.group(1), AGGREGATABLE);
        }
        return n;
    }

    private static void expect(List<String> problems, String where, String field, Set<EsType> allowed) {
        EsType type = field == null ? null : FieldTypes.of(field);
        if (type == null) {
            problems.add(where + ": field " + field + " is not in the index templates");
        } else if (!allowed.contains(type)) {
            problems.add(where + ": field " + field + " is " + type + ", needs one of " + allowed);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load() throws IOException {
        Path dir = Path.of(System.getProperty("linewatch.dashboards", "../dashboards"));
        List<Map<String, Object>> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.add((Map<String, Object>) Json.read(line));
                    }
                }
            }
        }
        assertFalse(out.isEmpty(), "no saved objects in " + dir);
        return out;
    }
}
