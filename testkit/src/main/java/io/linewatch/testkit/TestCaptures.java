package io.linewatch.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The captures checked into the repository ({@code testdata/pcaps}), found from any module directory. */
public final class TestCaptures {
    private TestCaptures() {
    }

    /** The {@code testdata/pcaps} folder. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata/pcaps");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("testdata/pcaps not found above " + Path.of("").toAbsolutePath());
    }

    /** One capture, by its path under {@code testdata/pcaps} (e.g. {@code modbus/x.pcap}); it must exist. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new AssertionError("test capture not found: testdata/pcaps/" + relative);
        }
        return p;
    }

    /** Every .pcap and .pcapng under {@code testdata/pcaps}, as sorted relative paths with '/' separators. */
    public static List<String> all() {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".pcap") || p.endsWith(".pcapng")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
