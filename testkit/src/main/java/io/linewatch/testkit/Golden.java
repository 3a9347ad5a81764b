package io.linewatch.testkit;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Golden-file comparison: documents as NDJSON against a checked-in, hand-reviewed file under
 * {@code src/test/resources/golden/} of the module whose test runs. Each line is compared as a parsed JSON tree:
 * the order of an object's keys does not matter, the order of arrays (and of the lines) does. A mismatch is
 * reported as a short line diff of the first differing documents, with the first differing field of each.
 *
 * <p>Run with {@code -Dgolden.update=true} to rewrite the files, then review the diff before committing.
 */
public final class Golden {
    /** Differing documents shown in a failure message (the rest are counted). */
    private static final int SHOWN = 3;
    private static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    /** @param name the file under {@code src/test/resources/golden/}, e.g. {@code modbus/capture.ndjson} */
    public static void assertMatches(String name, List<EventDoc> docs) {
        List<String> lines = new ArrayList<>(docs.size());
        for (EventDoc d : docs) {
            lines.add(Json.write(d));
        }
        assertLinesMatch(ROOT.resolve(name), lines);
    }

    /** The same for NDJSON lines already written (each one JSON document). */
    public static void assertLinesMatch(Path file, List<String> actualLines) {
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                StringBuilder sb = new StringBuilder();
                for (String l : actualLines) {
                    sb.append(l).append('\n');
                }
                Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("golden file " + file + " missing; create it with -Dgolden.update=true and review it");
            }
            List<String> expectedLines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String diff = diff(expectedLines, actualLines);
            if (diff != null) {
                throw new AssertionError("golden file " + file + " differs (regenerate with -Dgolden.update=true and "
                        + "review the diff):\n" + diff);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null when both sides hold the same JSON documents in the same order; otherwise a readable report. */
    static String diff(List<String> expected, List<String> actual) {
        int n = Math.max(expected.size(), actual.size());
        StringBuilder out = new StringBuilder();
        int differing = 0;
        for (int i = 0; i < n; i++) {
            String e = i < expected.size() ? expected.get(i) : null;
            String a = i < actual.size() ? actual.get(i) : null;
            Object et = e == null ? null : parse(e);
            Object at = a == null ? null : parse(a);
            if (Objects.equals(et, at)) {
                continue;
            }
            differing++;
            if (differing > SHOWN) {
                continue;
            }
            out.append("line ").append(i + 1).append(':');
            if (et != null && at != null) {
                out.append(' ').append(firstDifference(et, at, ""));
            }
            out.append('\n');
            out.append("  - ").append(e == null ? "(no line)" : e).append('\n');
            out.append("  + ").append(a == null ? "(no line)" : a).append('\n');
        }
        if (differing == 0) {
            return null;
        }
        if (differing > SHOWN) {
            out.append("... and ").append(differing - SHOWN).append(" more differing lines\n");
        }
        out.append("expected ").append(expected.size()).append(" lines, got ").append(actual.size());
        return out.toString();
    }

    private static Object parse(String line) {
        if (line.isBlank()) {
            return "";
        }
        try {
            return Json.read(line);
        } catch (RuntimeException ex) {
            return line; // not JSON: compared as text
        }
    }

    /** Where two trees first differ, as a dotted path with both values. */
    static String firstDifference(Object e, Object a, String path) {
        if (e instanceof Map<?, ?> em && a instanceof Map<?, ?> am) {
            TreeSet<String> keys = new TreeSet<>();
            em.keySet().forEach(k -> keys.add(String.valueOf(k)));
            am.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                String p = path.isEmpty() ? k : path + "." + k;
                if (!em.containsKey(k)) {
                    return p + " unexpected (" + Json.writeValue(am.get(k)) + ")";
                }
                if (!am.containsKey(k)) {
                    return p + " missing (expected " + Json.writeValue(em.get(k)) + ")";
                }
                if (!Objects.equals(em.get(k), am.get(k))) {
                    return firstDifference(em.get(k), am.get(k), p);
                }
            }
        }
        if (e instanceof List<?> el && a instanceof List<?> al) {
            for (int i = 0; i < Math.min(el.size(), al.size()); i++) {
                if (!Objects.equals(el.get(i), al.get(i))) {
                    return firstDifference(el.get(i), al.get(i), path + "[" + i + "]");
                }
            }
            return path + " has " + al.size() + " elements, expected " + el.size();
        }
        return (path.isEmpty() ? "document" : path) + " is " + Json.writeValue(a) + ", expected " + Json.writeValue(e);
    }
}
