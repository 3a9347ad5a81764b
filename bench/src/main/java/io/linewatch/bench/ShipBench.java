package io.linewatch.bench;

import io.linewatch.model.Json;
import io.linewatch.testkit.ElasticsearchNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * bench/run's shipping measurement: starts a real local Elasticsearch node (testkit's {@link ElasticsearchNode}:
 * security on, HTTPS, the writer user with exactly the documented privileges), then times
 * {@code linewatch ship --out DIR} into it under {@code /usr/bin/time -v}, and counts what the node holds after.
 *
 * <pre>
 *   java -Des.test.home=ES_HOME -cp ... io.linewatch.bench.ShipBench LINEWATCH DIR RESULT_PREFIX
 * </pre>
 *
 * DIR is an output directory of {@code analyze} (a copy: ship keeps its cursor in it). Ships an empty directory
 * first (RESULT_PREFIX-empty.*: what every ship pays before its first document), then DIR. Writes
 * RESULT_PREFIX.time (the /usr/bin/time report), .out and .err (ship's own lines) and .txt ({@code key value}
 * lines: node start-up seconds, both ships' wall seconds, and per index the documents the node holds and their
 * primary store bytes after a merge to one segment).
 */
public final class ShipBench {
    /** The bench capture's default output is ~350,000 documents; a loaded machine ships it in minutes. */
    private static final int DRAIN_TIMEOUT_SECONDS = 3600;

    private ShipBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ShipBench LINEWATCH OUTPUT_DIR RESULT_PREFIX");
            System.exit(2);
        }
        Path linewatch = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        String prefix = args[2];
        long startNanos = System.nanoTime();
        ElasticsearchNode node = ElasticsearchNode.shared(); // stopped and removed by its shutdown hook
        double nodeStart = (System.nanoTime() - startNanos) / 1e9;

        Path secrets = Files.createTempDirectory("linewatch-shipbench-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path password = secrets.resolve("es-password");
        Files.writeString(password, node.writerPassword());
        Path config = secrets.resolve("linewatch.yml");
        Files.writeString(config, "elasticsearch:\n"
                + "  url: " + node.url() + "\n"
                + "  user: " + ElasticsearchNode.WRITER + "\n"
                + "  password_file: " + password + "\n"
                + "  ca: " + node.caFile() + "\n"
                + "  drain_timeout_seconds: " + DRAIN_TIMEOUT_SECONDS + "\n");

        // what every ship pays before its first document (launcher, JVM, TLS, credentials, index templates):
        // an empty output directory
        Path empty = Files.createDirectories(secrets.resolve("empty"));
        long emptyStart = System.nanoTime();
        int emptyExit = ship(linewatch, empty, config, prefix + "-empty");
        double emptyWall = (System.nanoTime() - emptyStart) / 1e9;
        long shipStart = System.nanoTime();
        int exit = ship(linewatch, dir, config, prefix);
        double shipWall = (System.nanoTime() - shipStart) / 1e9;

        node.refresh("linewatch-*");
        // what the documents cost the node at rest: one segment per index, as an index is after its month
        // (merging is what a long-lived index does on its own; forcing it makes the size comparable run to run)
        node.call("POST", "/linewatch-*/_forcemerge?max_num_segments=1", null);
        List<String> lines = new ArrayList<>();
        lines.add("node_start_seconds " + nodeStart);
        lines.add("empty_ship_exit " + emptyExit);
        lines.add("empty_ship_wall_seconds " + emptyWall);
        lines.add("ship_exit " + exit);
        lines.add("ship_wall_seconds " + shipWall);
        @SuppressWarnings("unchecked")
        List<Object> indices = (List<Object>) Json.read(node.call("GET", "/_cat/indices/linewatch-*?format=json&bytes=b&h=index,docs.count,pri.store.size", null));
        for (Object o : indices) {
            Map<?, ?> m = (Map<?, ?>) o;
            lines.add("index " + m.get("index") + " " + m.get("docs.count") + " " + m.get("pri.store.size"));
        }
        Files.write(Path.of(prefix + ".txt"), lines);
        deleteQuietly(secrets);
        System.exit(exit == 0 && emptyExit == 0 ? 0 : 1);
    }

    /** linewatch ship under /usr/bin/time -v: PREFIX.time, .out, .err. */
    private static int ship(Path linewatch, Path dir, Path config, String prefix) throws IOException, InterruptedException {
        List<String> cmd = List.of("/usr/bin/time", "-v", "-o", prefix + ".time", linewatch.toString(), "ship",
                "--out", dir.toString(), "--config", config.toString());
        return new ProcessBuilder(cmd)
                .redirectOutput(Path.of(prefix + ".out").toFile())
                .redirectError(Path.of(prefix + ".err").toFile())
                .start().waitFor();
    }

    private static void deleteQuietly(Path secrets) {
        try (var files = Files.walk(secrets)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary directory readable only by root, left behind
        }
    }
}
