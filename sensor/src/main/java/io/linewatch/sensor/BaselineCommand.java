package io.linewatch.sensor;

import io.linewatch.baseline.BaselineReview;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.schema.MaintenanceFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linewatch baseline ...}: show, compare and review learned baselines (docs/BASELINE.md). */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Show, compare, approve into and unlearn from a learned baseline (baseline.json in an output directory).",
        subcommands = {BaselineCommand.Show.class, BaselineCommand.Diff.class, BaselineCommand.Approve.class,
                BaselineCommand.Unlearn.class})
final class BaselineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Exit status of {@code diff} when the baselines differ. */
    static final int DIFFERENT = 4;

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Summarise a baseline: period, tables, devices, counters.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "DIR|FILE", description = "output directory or baseline file")
        Path from;

        @Override
        public Integer call() {
            try {
                BaselineReview.show(BaselineReview.file(from)).forEach(System.out::println);
                return ExitCodes.OK;
            } catch (IOException | RuntimeException e) {
                Cli.printError(System.err, e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Keys learned in B and not in A (+), and in A and not in B (-). Exit status 4 when they differ.")
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "A")
        Path a;

        @Parameters(index = "1", paramLabel = "B")
        Path b;

        @Override
        public Integer call() {
            try {
                List<String> lines = BaselineReview.diff(BaselineReview.file(a), BaselineReview.file(b));
                lines.forEach(System.out::println);
                return lines.isEmpty() ? ExitCodes.OK : DIFFERENT;
            } catch (IOException | RuntimeException e) {
                Cli.printError(System.err, e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    /** Options both review commands take (a mixin). */
    static final class Why {
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (goes to the audit log)")
        String reason;

        @Option(names = "--by", paramLabel = "WHO", description = "who (default: $USER)")
        String by;

        String who() {
            if (by != null) {
                return by;
            }
            String user = System.getenv("USER");
            return user == null ? System.getProperty("user.name", "unknown") : user;
        }
    }

    static final class Target {
        @Option(names = "--observation", paramLabel = "ID", description = "an observation (event.id) in DIR/events.ndjson")
        String observation;

        @Option(names = "--key", paramLabel = "KEY", description = "a baseline key (linewatch.observation.key form)")
        String key;

        @Option(names = "--window", paramLabel = "ID", description = "every departure a maintenance window's summary "
                + "lists (linewatch.maintenance.window_id of a window_summary in DIR/events.ndjson)")
        String window;
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Accept a departure into the baseline (a new HMI, an approved firmware); audited.")
    static final class Approve implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "output directory holding baseline.json")
        Path dir;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--seen", paramLabel = "TEXT", description = "with --key: the address ranges or value to accept")
        String seen;

        @picocli.CommandLine.Mixin
        Why why;

        @Override
        public Integer call() {
            if (target.window != null) {
                return approveWindow(dir, target.window, why);
            }
            return review(dir, true, target.key, target.observation, seen, why);
        }
    }

    @Command(name = "unlearn", mixinStandardHelpOptions = true,
            description = "Remove something learned (traffic learned during an incident); audited.")
    static final class Unlearn implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "output directory holding baseline.json")
        Path dir;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "a baseline key")
        String key;

        @picocli.CommandLine.Mixin
        Why why;

        @Override
        public Integer call() {
            return review(dir, false, key, null, null, why);
        }
    }

    /**
     * Learns what changed inside a maintenance window: every baseline departure its summary lists (the planners'
     * "learn the window's changes"), each approved and audited as if given one by one.
     */
    private static int approveWindow(Path dir, String windowId, Why why) {
        try {
            Path file = BaselineReview.file(dir);
            if (!Files.exists(file)) {
                Cli.printError(System.err, "no baseline at " + file);
                return ExitCodes.FAILURE;
            }
            List<Map<String, Object>> changes = windowChanges(file.toAbsolutePath().getParent(), windowId);
            if (changes == null) {
                Cli.printError(System.err, "no summary of maintenance window " + windowId + " in "
                        + file.toAbsolutePath().getParent().resolve(Journal.Stream.EVENTS.fileName) + " (is the window over?)");
                return ExitCodes.FAILURE;
            }
            if (changes.isEmpty()) {
                System.out.println("maintenance window " + windowId + ": no departure from the baseline to learn");
                return ExitCodes.OK;
            }
            for (Map<String, Object> c : changes) {
                Object seen = c.get("seen");
                System.out.println(BaselineReview.change(file, true, String.valueOf(c.get("key")),
                        seen == null ? null : String.valueOf(seen), why.reason + " (maintenance window " + windowId + ")",
                        why.who(), null));
            }
            return ExitCodes.OK;
        } catch (IOException | RuntimeException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    /** The baseline changes of the window's last summary in the events; null when there is none. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> windowChanges(Path dir, String windowId) throws IOException {
        if (!io.linewatch.model.JournalSegments.exists(dir, Journal.Stream.EVENTS.fileName)) {
            return null;
        }
        List<Map<String, Object>> found = null;
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                io.linewatch.model.JournalSegments.read(dir, Journal.Stream.EVENTS.fileName),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.contains(MaintenanceFields.ACTION_WINDOW_SUMMARY) || !line.contains(windowId)) {
                    continue; // most lines are transactions: skip them without parsing
                }
                EventDoc d;
                try {
                    d = Json.readDoc(line);
                } catch (RuntimeException torn) {
                    continue; // a torn last line after a crash
                }
                if (MaintenanceFields.ACTION_WINDOW_SUMMARY.equals(d.getString(Fields.EVENT_ACTION))
                        && windowId.equals(d.getString(MaintenanceFields.WINDOW_ID))) {
                    Object list = d.get(MaintenanceFields.BASELINE_CHANGES);
                    found = list instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
                }
            }
        }
        return found;
    }

    private static int review(Path dir, boolean approve, String key, String observation, String seen, Why why) {
        try {
            Path file = BaselineReview.file(dir);
            if (!Files.exists(file)) {
                Cli.printError(System.err, "no baseline at " + file);
                return ExitCodes.FAILURE;
            }
            if (observation != null) {
                String[] ks = BaselineReview.observation(file.toAbsolutePath().getParent(), observation);
                key = ks[0];
                seen = ks[1];
            }
            System.out.println(BaselineReview.change(file, approve, key, seen, why.reason, why.who(), observation));
            return ExitCodes.OK;
        } catch (IOException | RuntimeException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
