package io.linewatch.sensor;

import io.linewatch.console.ConsoleServer;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The web console's options, shared by {@code serve} and {@code capture --console} (a picocli mixin). */
final class ConsoleOptions {
    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "address the console listens on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface)")
    String bind;

    @Option(names = "--state", paramLabel = "DIR", description = "console state folder: tokens, certificate, mutes, "
            + "audit log (default: DIR/" + ConsoleServer.STATE_DIR + ", else ~/.linewatch/console)")
    Path state;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "certificate chain to serve (default: a self-signed "
            + "one made on first start)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "private key of --tls-cert")
    Path tlsKey;

    @Option(names = "--no-tls", description = "plain HTTP (only behind a proxy that terminates TLS)")
    boolean noTls;

    @Option(names = "--write-role", description = "allow actions (mute, mark as incident) with a second token, "
            + "generated on first start and printed once")
    boolean writeRole;

    @Option(names = "--export-key", paramLabel = "DIR", description = "Ed25519 key folder signing inventory exports "
            + "(default: as linewatch inventory sign)")
    Path exportKey;

    ConsoleServer.Settings settings(int port) {
        return new ConsoleServer.Settings(bind, port, state, !noTls, tlsCert, tlsKey, writeRole, exportKey);
    }
}
