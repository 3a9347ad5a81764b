package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cheap part of bench/run (docs/PERFORMANCE.md): its help, its option parsing and bench/live-rate's, which
 * the normal suite can check in a second. The measurement itself takes minutes (bench/run --quick smoke-tests
 * every part) and is not run here.
 */
class BenchScriptsTest {
    private static final Path BENCH = TestData.root().resolve("bench");

    @Test
    void helpNamesExactlyTheOptionsTheScriptAccepts() throws Exception {
        Run help = run(BENCH.resolve("run").toString(), "--help");
        assertEquals(0, help.exitCode, help.output);
        int from = help.output.indexOf("bench/run [");
        String usage = help.output.substring(from, help.output.indexOf("\n#\n", from));
        Set<String> documented = options(usage, Pattern.compile("\\[(--[a-z-]+)"));
        String script = Files.readString(BENCH.resolve("run"));
        Set<String> accepted = options(script, Pattern.compile("(?m)^ {4}(--[a-z-]+)\\)"));
        accepted.remove("--help");
        assertTrue(accepted.containsAll(List.of("--quick", "--no-live", "--no-es", "--no-jmh", "--packets")), accepted.toString());
        assertEquals(accepted, documented, "bench/run's usage line against its case statement");
        for (String option : accepted) {
            assertTrue(help.output.contains("#   " + option + " "), "bench/run --help explains " + option);
        }
    }

    @Test
    void unknownOptionIsRefusedBeforeAnythingRuns() throws Exception {
        Run r = run(BENCH.resolve("run").toString(), "--no-such-option");
        assertEquals(2, r.exitCode, r.output);
        assertEquals("bench/run: unknown option --no-such-option\n", r.output);
    }

    @Test
    void liveRateExplainsItselfAndAcceptsWhatBenchRunPasses() throws Exception {
        Run help = run(BENCH.resolve("live-rate").toString(), "--help");
        assertEquals(0, help.exitCode, help.output);
        String script = Files.readString(BENCH.resolve("run"));
        Matcher call = Pattern.compile("\"\\$here/live-rate\"([^\\n]*\\n[^\\n]*)").matcher(script);
        assertTrue(call.find(), "bench/run calls bench/live-rate");
        for (String option : options(call.group(1), Pattern.compile("(--[a-z-]+)"))) {
            assertTrue(help.output.contains(option), "bench/live-rate accepts " + option + ":\n" + help.output);
        }
    }

    private static Set<String> options(String text, Pattern p) {
        Set<String> found = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }
}
