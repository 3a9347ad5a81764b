package io.linewatch.model.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/SCHEMA.md against the one declaration of the fields: its field reference is generated from {@link Schema}
 * (regenerate with {@code -Dgolden.update=true}), and every field name its hand-written tables give is declared.
 */
class SchemaDocumentTest {
    private static final String BEGIN = "<!-- field reference: generated from model/.../schema by SchemaDocumentTest -->";
    private static final String END = "<!-- end of field reference -->";
    /** A backticked dotted lower-case name in the first column of a table row. */
    private static final Pattern TABLE_NAME = Pattern.compile("^\\| *(`[^|]*`)");
    private static final Pattern NAME = Pattern.compile("`(@timestamp|[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+)`");

    private static Path document() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/SCHEMA.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "docs/SCHEMA.md not found");
        return dir.resolve("docs/SCHEMA.md");
    }

    static String reference() {
        StringBuilder b = new StringBuilder(BEGIN).append("\n\n| field | type | meaning |\n|---|---|---|\n");
        for (Field f : Schema.all()) {
            b.append("| `").append(f.name()).append("` | ").append(f.type().esType).append(" | ")
                    .append(f.description().replace("|", "\\|")).append(" |\n");
        }
        return b.append('\n').append(END).toString();
    }

    @Test
    void theFieldReferenceIsGeneratedFromTheSchema() throws IOException {
        Path doc = document();
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String expected = reference();
        if (Boolean.getBoolean("golden.update")) {
            String updated = begin < 0 ? text + "\n## Field reference\n\n" + expected + "\n"
                    : text.substring(0, begin) + expected + text.substring(end + END.length());
            Files.writeString(doc, updated, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(begin >= 0 && end > begin, "docs/SCHEMA.md has no generated field reference; run with -Dgolden.update=true");
        assertEquals(expected, text.substring(begin, end + END.length()),
                "docs/SCHEMA.md's field reference is stale; regenerate with -Dgolden.update=true");
    }

    @Test
    void everyFieldTheTablesNameIsDeclared() throws IOException {
        List<String> undeclared = new ArrayList<>();
        boolean inReference = false;
        for (String line : Files.readAllLines(document(), StandardCharsets.UTF_8)) {
            inReference = line.startsWith(BEGIN) || (inReference && !line.startsWith(END));
            Matcher row = TABLE_NAME.matcher(line);
            if (inReference || !row.find()) {
                continue;
            }
            Matcher name = NAME.matcher(row.group(1));
            while (name.find()) {
                if (Schema.field(name.group(1)) == null) {
                    undeclared.add(name.group(1));
                }
            }
        }
        assertEquals(List.of(), undeclared, "docs/SCHEMA.md names fields the schema does not declare");
    }
}
