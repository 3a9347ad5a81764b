package io.linewatch.sensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sends an existing output directory to Elasticsearch (what an earlier run could not send), then exits. */
@Command(name = "ship", mixinStandardHelpOptions = true,
        description = "Send the events, alerts and assets of an output directory to Elasticsearch, resuming where "
                + "an earlier run stopped (nothing is sent twice), and wait until everything is in.")
final class ShipCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory of analyze or capture")
    Path out;

    @Mixin
    ElasticsearchOptions es;

    @Override
    public Integer call() {
        if (!Files.isDirectory(out)) {
            Cli.printError(System.err, "no such output directory: " + out);
            return ExitCodes.FAILURE;
        }
        try (Shipping shipping = Shipping.connect(es)) {
            if (!shipping.enabled()) {
                Cli.printError(System.err, "no Elasticsearch URL: give --es URL or elasticsearch.url in --config");
                return ExitCodes.FAILURE;
            }
            shipping.start(out, false);
            System.out.println("ship " + out + ":");
            return shipping.finish(System.out, System.err, out, null) ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (Shipping.StartupException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
