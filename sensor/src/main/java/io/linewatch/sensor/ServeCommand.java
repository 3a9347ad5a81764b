package io.linewatch.sensor;

import io.linewatch.console.ConsoleException;
import io.linewatch.console.ConsoleServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web console over an output directory (events.ndjson, alerts.ndjson, assets.json; "
                + "no Elasticsearch needed). HTTPS with a token; runs until Ctrl-C/SIGTERM.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "output directory of analyze or capture")
    Path data;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ConsoleServer.DEFAULT_PORT,
            description = "port (default ${DEFAULT-VALUE})")
    int port;

    @Mixin
    ConsoleOptions console;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            Cli.printError(System.err, "no such directory " + data);
            return ExitCodes.FAILURE;
        }
        ConsoleServer server;
        try {
            server = ConsoleServer.serveDirectory(data, console.settings(port), System.out);
        } catch (ConsoleException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        System.out.println("console: serving " + data + " at " + server.url());
        System.out.flush();
        Thread hook = new Thread(server::close, "linewatch-console-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return ExitCodes.OK;
    }
}
