package io.linewatch.sensor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The configuration file ({@code --config FILE}, YAML): the same settings as the command line, which wins
 * when both give one. Unknown keys are errors, so a typo never silently leaves a setting at its default.
 * Relative paths are taken relative to the file's own directory.
 *
 * <pre>
 * sensor_name: plant1-span3
 * elasticsearch:
 *   url: https://es1.plant.example:9200     # or a list of node URLs
 *   user: linewatch                         # or api_key_file: /etc/linewatch/es-api-key
 *   password_file: /etc/linewatch/es-password
 *   ca: /etc/linewatch/es-ca.crt            # or fingerprint: 3f:a1:...
 * outputs:                                  # alerts also go to (see {@link OutputOptions})
 *   - syslog: tls://siem.plant.example:6514
 *     format: cef                           # or json
 *   - webhook: https://soar.plant.example/hooks/linewatch
 * rules:                                    # tuning, see docs/RULES.md (RuleSettings)
 *   folder: /etc/linewatch/rules            # user DRL files, reloaded on change (--rules wins)
 *   disabled: [LW-REC-002]
 *   thresholds: {LW-REC-001: {targets: 10}}
 *   allow: [{rule: LW-ENG-006, actor: 10.0.9.5}]
 * journal:                                  # see {@link JournalOptions}
 *   segment_size: 64MiB
 *   disk_budget: 80%                        # or 200GiB, or unlimited
 * maintenance:
 *   file: /etc/linewatch/windows.ics        # JSON list or iCalendar; --maintenance adds another
 *   windows:                                # or inline, as in the JSON list
 *     - {name: Line 3, start: 2024-05-04T06:00:00Z, end: 2024-05-04T10:00:00Z, assets: [10.3.0.0/24]}
 * </pre>
 */
final class SensorConfig {
    static final Set<String> TOP_LEVEL = Set.of("sensor_name", "elasticsearch", "outputs", "rules", "maintenance",
            "journal");
    static final Set<String> MAINTENANCE = Set.of("file", "windows");
    static final Set<String> ELASTICSEARCH = Set.of("url", "api_key_file", "user", "password_file", "ca",
            "fingerprint", "bulk_max_documents", "bulk_max_bytes", "request_timeout_seconds", "drain_timeout_seconds");

    /** A setting the file gives, or null. */
    final String sensorName;
    final Map<String, Object> elasticsearch;
    /** The {@code outputs:} entries, each a mapping (checked by {@link OutputOptions}). */
    final List<Map<String, Object>> outputs;
    /** The {@code rules:} section without {@code folder} (RuleSettings), empty when absent. */
    final Map<String, Object> rules;
    final Path rulesFolder;
    final Path maintenanceFile;
    /** The {@code maintenance.windows} list as parsed, or null. */
    final Object maintenanceWindows;
    private final Path baseDir;
    /** The {@code journal:} section ({@link JournalOptions#CONFIG_KEYS}), empty when absent. */
    Map<String, Object> journal = Map.of();

    private SensorConfig(String sensorName, Map<String, Object> elasticsearch, List<Map<String, Object>> outputs,
                         Map<String, Object> rules, Path rulesFolder, Path maintenanceFile, Object maintenanceWindows,
                         Path baseDir) {
        this.sensorName = sensorName;
        this.elasticsearch = elasticsearch;
        this.outputs = outputs;
        this.rules = rules;
        this.rulesFolder = rulesFolder;
        this.maintenanceFile = maintenanceFile;
        this.maintenanceWindows = maintenanceWindows;
        this.baseDir = baseDir;
    }

    static SensorConfig empty() {
        return new SensorConfig(null, Map.of(), List.of(), Map.of(), null, null, null, Path.of("."));
    }

    /** @throws ConfigException naming the file and the problem */
    static SensorConfig load(Path file) throws ConfigException {
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // safe by construction: the engine builds only maps, lists and scalars
            root = new Load(LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false).build())
                    .loadFromReader(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        } catch (YamlEngineException e) {
            throw new ConfigException("configuration file " + file + " is not valid YAML: "
                    + e.getMessage().replace('\n', ' '));
        }
        if (root == null) {
            return empty();
        }
        Map<String, Object> top = map(root, file, "the top level");
        unknownKeys(top, TOP_LEVEL, file, "");
        Map<String, Object> es = top.get("elasticsearch") == null ? Map.of()
                : map(top.get("elasticsearch"), file, "elasticsearch");
        unknownKeys(es, ELASTICSEARCH, file, "elasticsearch.");
        List<Map<String, Object>> outputs = new java.util.ArrayList<>();
        Object o = top.get("outputs");
        if (o != null) {
            if (!(o instanceof List<?> list)) {
                throw new ConfigException("configuration file " + file + ": outputs must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                outputs.add(map(list.get(i), file, "outputs[" + i + "]"));
            }
        }
        Object name = top.get("sensor_name");
        Path base = file.toAbsolutePath().getParent();
        base = base == null ? Path.of(".") : base;
        Map<String, Object> rules = top.get("rules") == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(map(top.get("rules"), file, "rules"));
        Object folder = rules.remove("folder");
        Map<String, Object> maintenance = top.get("maintenance") == null ? Map.of()
                : map(top.get("maintenance"), file, "maintenance");
        unknownKeys(maintenance, MAINTENANCE, file, "maintenance.");
        Object mfile = maintenance.get("file");
        SensorConfig c = new SensorConfig(name == null ? null : name.toString(), es, outputs, rules,
                folder == null ? null : base.resolve(folder.toString()), mfile == null ? null : base.resolve(mfile.toString()),
                maintenance.get("windows"), base);
        if (top.get("journal") != null) {
            c.journal = map(top.get("journal"), file, "journal");
            unknownKeys(c.journal, JournalOptions.CONFIG_KEYS, file, "journal.");
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, Path file, String where) throws ConfigException {
        if (!(o instanceof Map)) {
            throw new ConfigException("configuration file " + file + ": " + where + " must be a mapping of keys");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : ((Map<Object, Object>) o).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    private static void unknownKeys(Map<String, Object> m, Set<String> known, Path file, String prefix)
            throws ConfigException {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new ConfigException("configuration file " + file + ": unknown setting '" + prefix + k
                        + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    /** A string setting; a YAML list of URLs is joined with commas. */
    String esString(String key) {
        Object v = elasticsearch.get(key);
        if (v instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        return v == null ? null : v.toString();
    }

    /** A path setting, relative to the file's directory. */
    Path path(String value) {
        return value == null ? null : baseDir.resolve(value);
    }

    Path esPath(String key) {
        String v = esString(key);
        return v == null ? null : baseDir.resolve(v);
    }

    Long esLong(String key) throws ConfigException {
        Object v = elasticsearch.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new ConfigException("configuration setting elasticsearch." + key + " must be a number, got '" + v + "'");
    }

    /** A configuration problem, one line. */
    static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }
}
