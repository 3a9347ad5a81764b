package io.linewatch.index.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.Fields;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FieldTypesTest {
    /** Constants of Fields that name a protocol object, not a field: their fields live under them. */
    private static final List<String> OBJECT_NAMES = List.of(Fields.MODBUS, Fields.S7COMM, Fields.ENIP, Fields.CIP);

    @Test
    void everyFieldNameInTheModelHasAMapping() throws IllegalAccessException {
        List<String> missing = new ArrayList<>();
        for (Field f : Fields.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
                continue;
            }
            String name = (String) f.get(null);
            if (OBJECT_NAMES.contains(name)) {
                assertTrue(FieldTypes.all().keySet().stream().anyMatch(k -> k.startsWith(name + ".")),
                        "protocol object " + name + " has no declared field");
                continue;
            }
            boolean declared = FieldTypes.of(name) != null
                    || FieldTypes.all().keySet().stream().anyMatch(k -> k.startsWith(name + ".")); // list of objects
            if (!declared) {
                missing.add(f.getName() + " = " + name);
            }
        }
        assertEquals(List.of(), missing, "Fields without a type in FieldTypes");
    }

    /** SCHEMA.md lives outside the repository: checked when present, skipped (not failed) when absent. */
    @Test
    void everyFieldOfTheSchemaDocumentHasAMapping() throws IOException {
        Path schema = Path.of(System.getProperty("linewatch.schema", "../../shared/SCHEMA.md"));
        if (!Files.exists(schema)) {
            schema = Path.of("/work/shared/SCHEMA.md");
        }
        Assumptions.assumeTrue(Files.exists(schema), "SCHEMA.md not available");
        Pattern cell = Pattern.compile("`([@a-z0-9_.]+)`");
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(schema)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String firstColumn = line.substring(1, line.indexOf('|', 1));
            Matcher m = cell.matcher(firstColumn);
            while (m.find()) {
                String name = m.group(1);
                boolean declared = FieldTypes.of(name) != null
                        || FieldTypes.all().keySet().stream().anyMatch(k -> k.startsWith(name + "."));
                if (!declared) {
                    missing.add(name);
                }
            }
        }
        assertEquals(List.of(), missing, "SCHEMA.md fields without a type in FieldTypes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void dottedNamesNestIntoProperties() {
        Map<String, Object> props = IndexTemplates.properties();
        Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) props.get("source")).get("properties");
        assertEquals(Map.of("type", "ip"), source.get("ip"));
        assertEquals(Map.of("type", "date_nanos"), props.get("@timestamp"));
        Map<String, Object> s7 = (Map<String, Object>) ((Map<String, Object>) props.get("s7comm")).get("properties");
        Map<String, Object> items = (Map<String, Object>) ((Map<String, Object>) s7.get("items")).get("properties");
        assertEquals(Map.of("type", "long"), items.get("db"));
    }

    @Test
    void indexTemplatesCoverTheThreeKindsOfDocument() {
        assertTrue(IndexTemplates.indexTemplateJson("linewatch-events").contains("\"linewatch-events-*\""));
        assertTrue(IndexTemplates.indexTemplateJson("linewatch-assets").contains("\"linewatch-assets\""));
        assertTrue(IndexTemplates.componentTemplateJson().contains("\"date_detection\":false"));
    }

    @Test
    void documentsGoToTheMonthOfTheirOwnCaptureTime() {
        assertEquals("linewatch-events-2012.11",
                IndexNames.forDocument(io.linewatch.index.journal.Journal.Stream.EVENTS, "2012-11-12T11:03:00.444211Z"));
        assertEquals("linewatch-alerts-undated",
                IndexNames.forDocument(io.linewatch.index.journal.Journal.Stream.ALERTS, null));
        assertEquals("linewatch-events-undated",
                IndexNames.forDocument(io.linewatch.index.journal.Journal.Stream.EVENTS, "yesterday"));
    }
}
