package io.linewatch.sensor;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code linewatch} command line. */
@Command(name = "linewatch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Passive security monitoring for OT networks.",
        subcommands = {AnalyzeCommand.class, CaptureCommand.class, ShipCommand.class, InventoryCommand.class,
                BaselineCommand.class, ServeCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The command line as the man page, the shell completion and {@code linewatch help} see it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("linewatch: " + ex.getMessage());
            return ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println(usageError(ex, args));
            return ExitCodes.USAGE;
        });
        return cl;
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * A usage error in one line with where to read more, not the whole usage:
     * {@code linewatch: unknown option --foo (see 'linewatch help analyze')}.
     */
    static String usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String unknown = unknownOption(cmd.getCommandSpec(), args);
        String what;
        if (unknown != null) {
            // picocli reports a missing required option first; a mistyped one is the likelier cause
            what = "unknown option " + unknown;
            String stem = unknown.substring(0, Math.min(unknown.length(), 5));
            List<String> near = cmd.getCommandSpec().options().stream().map(o -> o.longestName())
                    .filter(n -> n.startsWith(stem) && !n.equals(unknown)).distinct().limit(3).toList();
            if (!near.isEmpty()) {
                what += " (did you mean " + String.join(" or ", near) + "?)";
            }
        } else if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            what = (arg.startsWith("-") ? "unknown option " : "unexpected argument ") + arg;
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                what += " (did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                        + "?)";
            }
        } else {
            String m = ex.getMessage() == null ? "bad usage" : ex.getMessage().replace("'", "");
            what = m.isEmpty() ? m : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
        }
        String name = cmd.getCommandSpec().qualifiedName(" ");
        String sub = name.startsWith("linewatch") ? name.substring("linewatch".length()).strip() : name;
        // `help` takes one command name; deeper commands have their own --help
        String see = sub.contains(" ") ? "linewatch " + sub + " --help" : "linewatch help" + (sub.isEmpty() ? "" : " " + sub);
        return "linewatch: " + what + " (see '" + see + "')";
    }

    /** The first argument that looks like an option the command does not have, or null. */
    private static String unknownOption(CommandLine.Model.CommandSpec spec, String[] args) {
        boolean inCommand = spec.parent() == null;
        for (String a : args) {
            if (!inCommand) {
                inCommand = a.equals(spec.name()); // options after the sub-command's name are its own
                continue;
            }
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-") && a.length() > 1 && !a.matches("-\\d.*")) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (spec.findOption(name) == null && (name.startsWith("--") || name.length() == 2)) {
                    return name;
                }
            }
        }
        return null;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
