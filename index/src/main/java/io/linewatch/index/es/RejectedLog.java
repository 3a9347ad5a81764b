package io.linewatch.index.es;

import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents Elasticsearch will never accept as they are, kept aside with the reason in {@value #FILE_NAME}
 * beside the journal (one JSON object per line, the original journal line verbatim in {@code document}),
 * so they can be fixed and replayed. Forced to disk before the cursor moves past them.
 */
final class RejectedLog {
    static final String FILE_NAME = "rejected.ndjson";

    /** One rejected document. */
    record Rejection(String stream, long journalOffset, String index, String id, int status, String reason,
                     String document) {
    }

    private final Path file;

    RejectedLog(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    void append(List<Rejection> rejections) throws IOException {
        if (rejections.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        String now = Instant.now().toString(); // when it was set aside: an operational fact, not capture time
        for (Rejection r : rejections) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rejected_at", now);
            m.put("stream", r.stream());
            m.put("journal_offset", r.journalOffset());
            m.put("index", r.index());
            m.put("id", r.id());
            m.put("status", r.status());
            m.put("reason", r.reason());
            m.put("document", r.document());
            sb.append(Json.writeValue(m)).append('\n');
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }
}
