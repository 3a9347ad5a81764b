package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code linewatch serve --data DIR --port N}: an unauthenticated {@code GET /api/assets} is answered 401. */
class ServeCommandTest {
    @Test
    void unauthenticatedRequestsAreRefused(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("assets.json"), "[]");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] args = {"serve", "--data", data.toString(), "--port", String.valueOf(port),
            "--state", tmp.resolve("state").toString()};
        Thread serve = new Thread(() -> Main.run(args), "serve-under-test");
        serve.setDaemon(true);
        serve.start();
        waitForPort(port);
        HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/assets"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode(), r.body());
        String token = Files.readString(tmp.resolve("state").resolve("console-read.token")).strip();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/assets"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("\"total\":0"), ok.body());
        serve.interrupt(); // the server thread ends with the test JVM (daemon)
    }

    @Test
    void aMissingDirectoryIsAOneLineError(@TempDir Path tmp) {
        assertEquals(ExitCodes.FAILURE, Main.run("serve", "--data", tmp.resolve("nope").toString()));
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertTrue(s.isConnected());
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("serve did not listen on " + port);
    }

    /** The test only asks whether the answer is 401; the certificate is the console's own self-signed one. */
    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }
}
