package io.linewatch.dissectors.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden-file comparison: documents as NDJSON against a checked-in, hand-reviewed file under
 * {@code src/test/resources/golden/}. Run with {@code -Dgolden.update=true} to rewrite the files,
 * then review the diff before committing.
 */
public final class Golden {
    private Golden() {
    }

    public static void assertMatches(String name, List<EventDoc> docs) {
        StringBuilder sb = new StringBuilder();
        for (EventDoc d : docs) {
            sb.append(Json.write(d)).append('\n');
        }
        Path file = Path.of("src/test/resources/golden").resolve(name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("golden file " + file + " missing; create it with -Dgolden.update=true and review it");
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), sb.toString(), "golden file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
