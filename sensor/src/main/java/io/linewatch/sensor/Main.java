package io.linewatch.sensor;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code linewatch} command line. */
@Command(name = "linewatch", mixinStandardHelpOptions = true, version = "linewatch 0.1.0",
        description = "Passive security monitoring for OT networks.",
        subcommands = {AnalyzeCommand.class, CaptureCommand.class, ShipCommand.class, InventoryCommand.class,
                BaselineCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("linewatch: " + ex.getMessage());
            return ExitCodes.FAILURE;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
