package io.linewatch.console;

import io.linewatch.baseline.BaselineReview;
import io.linewatch.inventory.signing.ExportSigner;
import io.linewatch.pipeline.PipelineSnapshot;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The web console's server: HTTPS (or plain HTTP when asked) on one port, token authentication on everything but
 * the login form's style sheet, the pages and the JSON API. Start it with {@link #serveDirectory} (an output
 * directory) or {@link #serveLive} (a running capture); {@link #close} stops it.
 */
public final class ConsoleServer implements AutoCloseable {
    /** Default port of {@code serve} and {@code capture --console}. */
    public static final int DEFAULT_PORT = 8443;
    /** The state folder created inside the data directory unless another is configured. */
    public static final String STATE_DIR = ".linewatch-console";
    static final int MAX_REQUEST_BYTES = 1 << 20;

    /**
     * @param bind          address to listen on ({@code 127.0.0.1} unless told otherwise)
     * @param port          port (0: any free one)
     * @param stateDir      where the tokens, certificate, mutes and audit log live; null: DIR/.linewatch-console,
     *                      or ~/.linewatch/console when DIR is not writable
     * @param tls           HTTPS (the default); false only for a console behind a TLS-terminating proxy
     * @param certFile      a configured certificate chain (PEM), with {@code keyFile}; null: self-signed
     * @param keyFile       its private key (PEM, unencrypted)
     * @param writeRole     whether a second token may carry out actions (mute, incident)
     * @param signingKeyDir Ed25519 key folder for signed inventory exports (as {@code linewatch inventory sign})
     */
    public record Settings(String bind, int port, Path stateDir, boolean tls, Path certFile, Path keyFile,
            boolean writeRole, Path signingKeyDir) {
    }

    private final Channel channel;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ScheduledExecutorService streams;
    private final String url;

    private ConsoleServer(ConsoleData data, Settings s, PrintStream out,
            Function<BaselineReview.Change, CompletableFuture<String>> liveBaseline) {
        Path state = stateDir(data.directory(), s.stateDir());
        Credentials credentials;
        Actions actions;
        SslContext ssl = null;
        try {
            credentials = Credentials.load(state, s.writeRole(), out);
            actions = new Actions(state, data.directory(), liveBaseline);
            if (s.tls()) {
                Certificates.Material m = Certificates.load(state, s.certFile(), s.keyFile(), out);
                ssl = SslContextBuilder.forServer(m.key(), m.chain().toArray(new X509Certificate[0])).build();
            }
        } catch (IOException | RuntimeException e) {
            throw new ConsoleException("console: " + e.getMessage(), e);
        }
        Path keys = s.signingKeyDir() != null ? s.signingKeyDir() : ExportSigner.defaultKeyDir();
        Api api = new Api(data, actions, new ExportSigner(keys), credentials.writeRoleConfigured());
        streams = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "linewatch-console-streams");
            t.setDaemon(true);
            return t;
        });
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup(2);
        SslContext sslContext = ssl;
        boolean tls = s.tls();
        try {
            channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (sslContext != null) {
                                ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                    new HttpHandler(api, credentials, tls, streams));
                        }
                    })
                    .bind(new InetSocketAddress(s.bind(), s.port())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownGroups();
            throw new ConsoleException("console: interrupted while binding", e);
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new ConsoleException("console: cannot listen on " + s.bind() + ":" + s.port() + ": " + e.getMessage(), e);
        }
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        String host = s.bind().contains(":") ? "[" + s.bind() + "]" : s.bind();
        url = (tls ? "https://" : "http://") + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port + "/";
    }

    /** Serves an output directory (events.ndjson, alerts.ndjson, assets.json, baseline.json when present). */
    public static ConsoleServer serveDirectory(Path dataDir, Settings settings, PrintStream out) {
        return new ConsoleServer(new DirectoryData(dataDir), settings, out, null);
    }

    /**
     * Serves a running capture: assets, alerts and health from its snapshots, traffic from the journal it writes.
     *
     * @param captureHealth figures only the caller knows (libpcap drops, Elasticsearch lag); may be null
     * @param baseline      takes the console's learn and unlearn into the running capture's baseline
     *                      ({@link io.linewatch.pipeline.PacketPipeline#changeBaseline})
     */
    public static ConsoleServer serveLive(Path dataDir, Supplier<PipelineSnapshot> snapshots,
            Supplier<Map<String, Object>> captureHealth, Function<BaselineReview.Change, CompletableFuture<String>> baseline,
            Settings settings, PrintStream out) {
        return new ConsoleServer(new LiveData(dataDir, snapshots, captureHealth), settings, out, baseline);
    }

    private static Path stateDir(Path dataDir, Path configured) {
        Path dir = configured != null ? configured : dataDir.resolve(STATE_DIR);
        try {
            createPrivateDir(dir);
            return dir;
        } catch (IOException e) {
            if (configured != null) {
                throw new ConsoleException("console: cannot create the state folder " + dir + ": " + e.getMessage(), e);
            }
            Path home = Path.of(System.getProperty("user.home"), ".linewatch", "console");
            try {
                createPrivateDir(home);
                return home;
            } catch (IOException e2) {
                throw new ConsoleException("console: cannot create a state folder (" + dir + ", " + home + "): "
                        + e2.getMessage(), e2);
            }
        }
    }

    private static void createPrivateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
    }

    public String url() {
        return url;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Blocks until the server is closed (by {@link #close} from another thread). */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        streams.shutdownNow();
        shutdownGroups();
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
