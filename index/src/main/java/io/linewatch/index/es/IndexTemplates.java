package io.linewatch.index.es;

import io.linewatch.model.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index templates the sensor installs at start-up, generated from {@link FieldTypes}: one component
 * template holding every mapping, and one index template per kind of document composed of it.
 * Re-installing is idempotent (a PUT replaces the template with the same content).
 */
public final class IndexTemplates {
    public static final String COMPONENT = "linewatch-mappings";

    /** Template name to the index pattern it applies to. */
    public static final Map<String, String> INDEX_TEMPLATES = Map.of(
            "linewatch-events", IndexNames.EVENTS_PREFIX + "*",
            "linewatch-alerts", IndexNames.ALERTS_PREFIX + "*",
            "linewatch-assets", IndexNames.ASSETS);

    /** Above Elastic's built-in templates (priority 100 and below) so ours win for our names. */
    private static final int PRIORITY = 300;
    /** Dynamically mapped strings longer than this are kept in _source but not indexed. */
    private static final int IGNORE_ABOVE = 1024;

    /**
     * Index settings for every linewatch index. {@code best_compression} stores {@code _source} with a stronger codec:
     * documents are written once and read rarely. The 3M bench mix's 141,694 default-mode events take 43.2 MB of
     * primary store at rest instead of 58.0 MB (7.4% of the capture's bytes instead of 9.9%; docs/PERFORMANCE.md).
     */
    static final Map<String, Object> SETTINGS = Map.of("index.codec", "best_compression");

    private IndexTemplates() {
    }

    /** The {@code mappings} object: declared properties plus dynamic rules for undeclared names. */
    public static Map<String, Object> mappings() {
        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("dynamic", true);
        // a string that looks like a date or number stays a keyword: types come from FieldTypes, not guesses
        mappings.put("date_detection", false);
        mappings.put("numeric_detection", false);
        mappings.put("dynamic_templates", List.of(
                Map.of("strings_as_keyword", Map.of("match_mapping_type", "string",
                        "mapping", Map.of("type", "keyword", "ignore_above", IGNORE_ABOVE))),
                Map.of("integers_as_long", Map.of("match_mapping_type", "long", "mapping", Map.of("type", "long")))));
        mappings.put("properties", properties());
        return mappings;
    }

    /** Nests the dotted names of {@link FieldTypes} into Elasticsearch's {@code properties} tree. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> properties() {
        Map<String, Object> root = new LinkedHashMap<>();
        FieldTypes.all().forEach((field, type) -> {
            Map<String, Object> props = root;
            String[] parts = field.startsWith("@") ? new String[] {field} : field.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                Map<String, Object> object = (Map<String, Object>) props.computeIfAbsent(parts[i],
                        k -> new LinkedHashMap<>(Map.of("properties", new LinkedHashMap<String, Object>())));
                props = (Map<String, Object>) object.get("properties");
            }
            props.put(parts[parts.length - 1], Map.of("type", type.esName));
        });
        return root;
    }

    public static String componentTemplateJson() {
        return Json.writeValue(Map.of("template", Map.of("settings", SETTINGS, "mappings", mappings()),
                "_meta", Map.of("managed_by", "linewatch")));
    }

    public static String indexTemplateJson(String templateName) {
        String pattern = INDEX_TEMPLATES.get(templateName);
        if (pattern == null) {
            throw new IllegalArgumentException("no such template " + templateName);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index_patterns", List.of(pattern));
        body.put("composed_of", List.of(COMPONENT));
        body.put("priority", PRIORITY);
        body.put("_meta", Map.of("managed_by", "linewatch"));
        return Json.writeValue(body);
    }
}
