package io.linewatch.console;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.Json;
import io.linewatch.pipeline.Pipeline;
import io.linewatch.pipeline.TransactionOutput;
import io.linewatch.pipeline.Run;
import io.linewatch.rules.RuleEngine;
import io.linewatch.testkit.TestCaptures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An output directory made by analysing a test capture, and a console serving it, for the console's tests. */
final class ConsoleFixture implements AutoCloseable {
    /** A Siemens S7-300 read, stopped and uploaded (SZL identity, control and program alerts). */
    static final String CAPTURE = "s7comm/cisa_snap7_s300_stop_upload_szl.pcap";

    final Path data;
    final Path state;
    final ConsoleServer server;
    final String readToken;
    final String writeToken;
    final String printed;
    final HttpClient http;

    ConsoleFixture(Path data, Path state, Path keys) throws Exception {
        this.data = data;
        this.state = state;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server = ConsoleServer.serveDirectory(data, new ConsoleServer.Settings("127.0.0.1", 0, state, true, null, null,
                true, keys), new PrintStream(out, true, StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8);
        readToken = Files.readString(state.resolve(Credentials.READ_TOKEN_FILE)).strip();
        writeToken = Files.readString(state.resolve(Credentials.WRITE_TOKEN_FILE)).strip();
        http = HttpClient.newBuilder().sslContext(trusting(state.resolve(Certificates.CERT_FILE))).build();
    }

    /** Analyses a capture with the real pipeline (as {@code linewatch analyze} does) into {@code out}. */
    static Path analyze(String capture, Path out) throws Exception {
        return analyze(capture, out, TransactionOutput.ALL);
    }

    /** The same, writing the transactions {@code output} says (the default mode folds routine ones into summaries). */
    static Path analyze(String capture, Path out, TransactionOutput output) throws Exception {
        try (Journal journal = new Journal(out, true);
                CaptureFileReader source = new CaptureFileReader(TestCaptures.path(capture))) {
            Pipeline pipeline = new Pipeline(journal, RuleEngine.compile(null, List.of()), null, output);
            String error = new Run(source, pipeline, (p, f) -> { }, 0).execute();
            if (error != null) {
                throw new IllegalStateException(error);
            }
        }
        return out;
    }

    static SSLContext trusting(Path certPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            ks.setCertificateEntry("console", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    String url(String path) {
        return "https://localhost:" + server.port() + path;
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path, readToken);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return (Map<String, Object>) Json.read(r.body());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> ndjson(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add((Map<String, Object>) Json.read(line));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> assets(Path dir) throws IOException {
        return (List<Map<String, Object>>) Json.read(Files.readString(dir.resolve(Journal.ASSETS_FILE)));
    }

    @Override
    public void close() {
        server.close();
    }
}
