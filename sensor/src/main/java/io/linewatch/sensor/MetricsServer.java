package io.linewatch.sensor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The capture's HTTP endpoint (the JDK's HttpServer, one thread): {@code GET /metrics} in the Prometheus text format,
 * {@code GET /health} with status 200 and "ok", or 503 and one line per problem.
 */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private volatile ServiceStatus status;

    /**
     * Binds the address before the capture starts (so a busy port fails first, in one line); until {@link #serve},
     * /health answers 503 "starting".
     *
     * @throws IOException when the address cannot be bound
     */
    MetricsServer(InetSocketAddress address) throws IOException {
        server = HttpServer.create(address, 16);
        server.createContext("/metrics", ex -> {
            ServiceStatus s = status;
            reply(ex, s == null ? 503 : 200, "text/plain; version=0.0.4; charset=utf-8", s == null ? "" : s.prometheus());
        });
        server.createContext("/health", ex -> {
            ServiceStatus s = status;
            List<String> problems = s == null ? List.of("starting") : s.problems();
            reply(ex, problems.isEmpty() ? 200 : 503, "text/plain; charset=utf-8",
                    problems.isEmpty() ? "ok\n" : String.join("\n", problems) + "\n");
        });
        server.createContext("/", ex -> reply(ex, 404, "text/plain; charset=utf-8", "try /metrics or /health\n"));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "linewatch-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    void serve(ServiceStatus s) {
        status = s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, ex.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
            if (!ex.getRequestMethod().equals("HEAD")) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
