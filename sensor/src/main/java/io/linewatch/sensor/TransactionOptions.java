package io.linewatch.sensor;

import io.linewatch.pipeline.TransactionOutput;
import picocli.CommandLine.Option;

/** Which transactions get a document of their own, shared by {@code analyze} and {@code capture}. */
final class TransactionOptions {
    /** The choices of {@code --transactions}. */
    enum Mode { notable, all }

    @Option(names = "--transactions", paramLabel = "MODE", defaultValue = "notable",
            description = "notable (default): writes, control, program, firmware, discovery, session and security "
                    + "functions, exceptions, malformed records, anomalies and the first transaction of each (client, "
                    + "server, protocol, function, object) are documents of their own; routine polling is folded into "
                    + "one linewatch.summary document per key and interval. all: one document per transaction")
    Mode mode;

    @Option(names = "--summary-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "length of a summary interval in capture time (default ${DEFAULT-VALUE} s)")
    double intervalSeconds;

    /** @throws IllegalArgumentException when the interval is not a positive number of seconds */
    TransactionOutput output() {
        if (!(intervalSeconds > 0) || intervalSeconds > 86_400 * 365) {
            throw new IllegalArgumentException("--summary-interval must be a positive number of seconds");
        }
        long nanos = Math.max(1, Math.round(intervalSeconds * 1e9));
        return mode == Mode.all ? TransactionOutput.ALL : TransactionOutput.notable(nanos);
    }
}
