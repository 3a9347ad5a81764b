package io.linewatch.sensor;

import java.io.PrintStream;

/** How the command line reports what went wrong. */
final class Cli {
    private Cli() {
    }

    static void printError(PrintStream err, String message) {
        err.println("linewatch: " + message);
    }
}
