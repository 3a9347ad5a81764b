package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Capturing without the right to: the sensor, run as an unprivileged user (nobody), must say so in one
 * line and exit 1. The class path is copied somewhere that user can read.
 */
class CapturePermissionTest {
    @Test
    void noPermissionToCaptureIsOneClearError() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to an unprivileged user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) missing");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "lw-perm",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            List<String> classPath = new ArrayList<>();
            int i = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path src = Path.of(entry);
                if (!Files.exists(src)) {
                    continue;
                }
                Path dst = dir.resolve((i++) + "-" + src.getFileName());
                copy(src, dst);
                classPath.add(dst.toString());
            }
            Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", String.join(File.pathSeparator, classPath), Main.class.getName(),
                    "capture", "--iface", "lo", "--out", dir.resolve("out").toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String err = new String(p.getErrorStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("linewatch: cannot capture on lo: "), err);
            assertTrue(err.toLowerCase().contains("permission") || err.contains("not permitted"), err);
            assertTrue(err.contains("CAP_NET_RAW"), err);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void copy(Path src, Path dst) throws IOException {
        if (Files.isDirectory(src)) {
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path f : (Iterable<Path>) walk::iterator) {
                    Path target = dst.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else {
            Files.copy(src, dst);
        }
        try (Stream<Path> walk = Files.walk(dst)) {
            walk.forEach(f -> f.toFile().setReadable(true, false));
        }
        try (Stream<Path> walk = Files.walk(dst)) {
            walk.filter(Files::isDirectory).forEach(f -> f.toFile().setExecutable(true, false));
        }
    }
}
