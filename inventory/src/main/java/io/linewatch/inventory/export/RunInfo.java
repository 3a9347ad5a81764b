package io.linewatch.inventory.export;

import io.linewatch.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run was: the sensor's name, what it read (capture files with size and SHA-256, or a live interface),
 * the observation window (capture time of the first and last packet) and when it ended. {@code analyze} and
 * {@code capture} write it as {@code DIR/run.json} beside {@code assets.json}; exports read it for their cover,
 * so what an export says about its origin comes from the run, not from whoever exports.
 *
 * @param firstPacket ISO-8601 capture time of the first packet, null when no packet was read
 * @param finishedAt  ISO-8601 wall-clock time the run ended (the only wall-clock time in it)
 */
public record RunInfo(String sensorName, String mode, List<Input> inputs, String firstPacket, String lastPacket,
                      long packets, String finishedAt, String version) {
    public static final String FILE = "run.json";
    /** Top-level key of run.json, so a stray JSON file is not taken for one. */
    static final String KEY = "linewatch_run";

    /**
     * One input.
     *
     * @param bytes  file size, -1 for a live interface
     * @param sha256 hex digest of the file, null for a live interface
     */
    public record Input(String name, long bytes, String sha256) {
    }

    public RunInfo {
        inputs = List.copyOf(inputs);
    }

    /** A capture file: its name as given, size and SHA-256 (read once, streaming). */
    public static Input file(Path f) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                size += n;
            }
        }
        return new Input(f.toString(), size, HexFormat.of().formatHex(sha.digest()));
    }

    /** A live interface. */
    public static Input iface(String name) {
        return new Input("interface " + name + " (live)", -1, null);
    }

    /**
     * This run folded into the one already recorded (a live capture appending to its folder): the window spans
     * both, inputs are the union, packets add up.
     */
    public RunInfo after(RunInfo earlier) {
        if (earlier == null) {
            return this;
        }
        List<Input> all = new ArrayList<>(earlier.inputs);
        for (Input i : inputs) {
            if (!all.contains(i)) {
                all.add(i);
            }
        }
        return new RunInfo(sensorName, mode, all, min(earlier.firstPacket, firstPacket), max(earlier.lastPacket, lastPacket),
                earlier.packets + packets, finishedAt, version);
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensor_name", sensorName);
        m.put("mode", mode);
        List<Map<String, Object>> in = new ArrayList<>();
        for (Input i : inputs) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", i.name());
            if (i.bytes() >= 0) {
                x.put("bytes", i.bytes());
            }
            if (i.sha256() != null) {
                x.put("sha256", i.sha256());
            }
            in.add(x);
        }
        m.put("inputs", in);
        m.put("first_packet", firstPacket);
        m.put("last_packet", lastPacket);
        m.put("packets", packets);
        m.put("finished_at", finishedAt);
        m.put("version", version);
        return m;
    }

    /** Writes {@code dir/run.json} (aside, then renamed). */
    public void write(Path dir) throws IOException {
        Path target = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        java.io.StringWriter w = new java.io.StringWriter();
        Json.writePretty(w, Map.of(KEY, toMap()));
        Files.writeString(tmp, w + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code run.json} of a folder; null when there is none. */
    public static RunInfo readDir(Path dir) throws InventoryFormatException {
        Path f = dir.resolve(FILE);
        return Files.exists(f) ? read(f) : null;
    }

    public static RunInfo read(Path f) throws InventoryFormatException {
        String text;
        try {
            if (Files.size(f) > 16L << 20) {
                throw new InventoryFormatException(f + ": too large for a run record");
            }
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InventoryFormatException(f + ": cannot read: " + e.getMessage());
        }
        try {
            return fromMap(Json.read(text), f.toString());
        } catch (IllegalArgumentException e) {
            throw new InventoryFormatException(f + ": " + e.getMessage());
        }
    }

    /** From the {@code {"linewatch_run": {...}}} object (also the {@code run} of a JSON export's header). */
    static RunInfo fromMap(Object root, String name) throws InventoryFormatException {
        Object body = root instanceof Map<?, ?> m && m.get(KEY) instanceof Map<?, ?> inner ? inner : null;
        if (body == null) {
            throw new InventoryFormatException(name + ": not a run record (no \"" + KEY + "\" object)");
        }
        return fromBody((Map<?, ?>) body, name);
    }

    static RunInfo fromBody(Map<?, ?> m, String name) throws InventoryFormatException {
        List<Input> inputs = new ArrayList<>();
        if (m.get("inputs") instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof Map<?, ?> x) || !(x.get("name") instanceof String n)) {
                    throw new InventoryFormatException(name + ": an input without a name");
                }
                inputs.add(new Input(n, x.get("bytes") instanceof Number b ? b.longValue() : -1,
                        x.get("sha256") instanceof String s ? s : null));
            }
        }
        return new RunInfo(str(m, "sensor_name"), str(m, "mode"), inputs, str(m, "first_packet"), str(m, "last_packet"),
                m.get("packets") instanceof Number n ? n.longValue() : 0, str(m, "finished_at"), str(m, "version"));
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
