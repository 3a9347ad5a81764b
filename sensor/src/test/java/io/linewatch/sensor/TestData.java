package io.linewatch.sensor;

import io.linewatch.testkit.TestCaptures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test captures checked into the repository, and a way to run the command line in-process. */
final class TestData {
    private TestData() {
    }

    static Path capture(String relative) {
        return TestCaptures.root().resolve(relative);
    }

    static Path root() {
        return capture("").getParent().getParent();
    }

    /** Result of one in-process command line run. */
    record Result(int exitCode, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
