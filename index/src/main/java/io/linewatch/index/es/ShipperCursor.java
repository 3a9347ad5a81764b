package io.linewatch.index.es;

import io.linewatch.index.journal.Journal;
import io.linewatch.model.JournalSegments;
import io.linewatch.model.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far the shipper got in each journal file, stored beside the journal ({@value #FILE_NAME}) and
 * replaced atomically after each batch is settled. Besides the offset it keeps a fingerprint of the bytes
 * just before it: a journal rewritten from scratch (a new offline analysis) no longer matches, and the
 * shipper starts that file over (re-sending is harmless: ids are deterministic). It also names the
 * destination, so pointing the sensor at another cluster sends everything there too.
 */
final class ShipperCursor {
    static final String FILE_NAME = "es-cursor.json";
    /** Bytes before the offset that the fingerprint covers. */
    static final int FINGERPRINT_BYTES = 4096;

    /** Position in one journal stream: a segment ({@link JournalSegments}) and a byte offset in it. */
    static final class Position {
        /** The segment's number; 0: not started (the oldest segment there is comes first). */
        long segment;
        long offset;
        /** Lines (documents) committed at this offset, since the file began. */
        long lines;
        String fingerprint = "";

        Position copy() {
            Position p = new Position();
            p.segment = segment;
            p.offset = offset;
            p.lines = lines;
            p.fingerprint = fingerprint;
            return p;
        }
    }

    private final Path file;
    final String destination;
    final Map<Journal.Stream, Position> streams = new EnumMap<>(Journal.Stream.class);
    /** SHA-256 of the assets.json content last sent in full, or "". */
    String assetsSha256 = "";

    private ShipperCursor(Path file, String destination) {
        this.file = file;
        this.destination = destination;
        for (Journal.Stream s : Journal.Stream.values()) {
            streams.put(s, new Position());
        }
    }

    static ShipperCursor fresh(Path dir, String destination) {
        return new ShipperCursor(dir.resolve(FILE_NAME), destination);
    }

    /**
     * Loads the cursor; a missing file, one written for another destination, or one that no longer matches
     * the journal files starts over at the beginning of the affected file.
     */
    @SuppressWarnings("unchecked")
    static ShipperCursor load(Path dir, String destination) throws IOException {
        ShipperCursor c = fresh(dir, destination);
        if (!Files.exists(c.file)) {
            return c;
        }
        Object parsed;
        try {
            parsed = Json.read(Files.readString(c.file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return c; // unreadable cursor: start over, ids make it safe
        }
        if (!(parsed instanceof Map<?, ?> m) || !destination.equals(m.get("destination"))) {
            return c;
        }
        Object streams = m.get("streams");
        for (Journal.Stream s : Journal.Stream.values()) {
            if (streams instanceof Map<?, ?> sm && sm.get(name(s)) instanceof Map<?, ?> pm) {
                Position p = new Position();
                // a cursor written before segments existed followed the one file, which is segment 1
                p.segment = pm.get("segment") instanceof Long l ? l : 1;
                p.offset = pm.get("offset") instanceof Long l ? l : 0;
                p.lines = pm.get("lines") instanceof Long l ? l : 0;
                p.fingerprint = pm.get("fingerprint") instanceof String f ? f : "";
                if (p.offset > 0 && p.fingerprint.equals(fingerprint(dir, s, p.segment, p.offset))) {
                    c.streams.put(s, p);
                }
            }
        }
        if (m.get("assets_sha256") instanceof String a) {
            c.assetsSha256 = a;
        }
        return c;
    }

    static String name(Journal.Stream s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Writes the cursor aside, forces it to disk, then renames it over the old one. */
    void save() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("destination", destination);
        Map<String, Object> sm = new LinkedHashMap<>();
        streams.forEach((s, p) -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("segment", p.segment);
            pm.put("offset", p.offset);
            pm.put("lines", p.lines);
            pm.put("fingerprint", p.fingerprint);
            sm.put(name(s), pm);
        });
        root.put("streams", sm);
        root.put("assets_sha256", assetsSha256);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        byte[] bytes = (Json.writeValue(root) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The fingerprint at {@code offset} of segment {@code segment} of a stream; "" if it is gone or shorter. */
    static String fingerprint(Path dir, Journal.Stream s, long segment, long offset) throws IOException {
        if (offset <= 0) {
            return "";
        }
        try (JournalSegments.Opened o = JournalSegments.open(dir, s.fileName, segment)) {
            return o == null ? "" : fingerprint(o.channel(), offset);
        }
    }

    /** SHA-256 of the (up to) {@value #FINGERPRINT_BYTES} bytes before {@code offset}; "" if the file is shorter. */
    static String fingerprint(FileChannel ch, long offset) throws IOException {
        if (offset <= 0 || ch.size() < offset) {
            return "";
        }
        int len = (int) Math.min(FINGERPRINT_BYTES, offset);
        ByteBuffer buf = ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset - len + buf.position()) <= 0) {
                return "";
            }
        }
        return sha256(buf.array());
    }

    /** The fingerprint at {@code offset} of one file. */
    static String fingerprint(Path file, long offset) throws IOException {
        if (offset <= 0 || !Files.exists(file)) {
            return "";
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return fingerprint(ch, offset);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
