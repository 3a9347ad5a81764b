package io.linewatch.index.es;

import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class ShipperTestSupport {
    private ShipperTestSupport() {
    }

    static EsSettings settings(int bulkDocs) {
        try {
            return EsSettings.builder().urls("http://127.0.0.1:9").sensorName("test-sensor")
                    .bulkMaxDocuments(bulkDocs).build();
        } catch (EsConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** A transaction line as the journal writes it. */
    static String event(int i) {
        return "{\"@timestamp\":\"2012-11-12T11:03:00." + String.format("%06d", i) + "Z\",\"event\":{\"id\":\"ev"
                + i + "\",\"kind\":\"event\",\"dataset\":\"linewatch.flow\"},\"source\":{\"ip\":\"10.0.0.1\",\"port\":"
                + (1000 + i) + "}}";
    }

    static void append(Path file, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static List<String> events(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(event(i));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rejected(Path dir) throws IOException {
        Path f = dir.resolve(RejectedLog.FILE_NAME);
        List<Map<String, Object>> out = new ArrayList<>();
        if (Files.exists(f)) {
            for (String l : Files.readAllLines(f)) {
                out.add((Map<String, Object>) Json.read(l));
            }
        }
        return out;
    }
}
