package io.linewatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, roles, CSRF, headers and the secret files, over HTTPS against a real console. */
class ConsoleSecurityTest {
    @TempDir
    static Path tmp;
    static ConsoleFixture console;

    @BeforeAll
    static void start() throws Exception {
        Path data = ConsoleFixture.analyze(ConsoleFixture.CAPTURE, tmp.resolve("data"));
        console = new ConsoleFixture(data, tmp.resolve("state"), tmp.resolve("keys"));
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void everyPageAndApiCallNeedsTheToken() throws Exception {
        for (String path : List.of("/api/assets", "/api/alerts", "/api/map", "/api/health", "/api/overview",
                "/api/export/assets.csv", "/api/alerts/stream", "/", "/static/app.js", "/static/vendor/cytoscape.min.js")) {
            HttpResponse<String> r = console.get(path, null);
            assertEquals(401, r.statusCode(), path);
        }
        assertEquals(401, console.get("/api/assets", "not-the-token-at-all").statusCode());
        HttpResponse<String> api = console.get("/api/assets", null);
        assertTrue(api.body().contains("unauthenticated"), api.body());
        assertEquals("Bearer realm=\"linewatch\"", api.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(console.get("/", null).body().contains("<form method=\"post\" action=\"/login\">"));
        assertEquals(200, console.get("/api/assets", console.readToken).statusCode());
        assertEquals(200, console.get("/static/app.css", null).statusCode(), "the login form's style sheet is public");
    }

    @Test
    void securityHeadersOnEveryAnswer() throws Exception {
        for (String token : new String[] {null, console.readToken}) {
            HttpResponse<String> r = console.get("/", token);
            assertEquals(HttpHandler.CSP, r.headers().firstValue("Content-Security-Policy").orElse(null));
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
            assertTrue(r.headers().firstValue("Strict-Transport-Security").isPresent());
        }
        String page = console.get("/", console.readToken).body();
        assertTrue(!page.matches("(?s).*<script>.*") && !page.contains(" on"), "no inline script or handler: " + page);
    }

    @Test
    void readTokenCannotActAndWriteTokenCan() throws Exception {
        String body = "{\"rule\":\"OT-TEST-1\",\"reason\":\"test\"}";
        assertEquals(403, post("/api/actions/mute", console.readToken, body, null).statusCode());
        assertEquals(200, post("/api/actions/mute", console.writeToken, body, null).statusCode());
        assertEquals(409, post("/api/actions/mute", console.writeToken, body, null).statusCode(), "muted twice");
        assertEquals(403, post("/api/actions/mute", console.writeToken, body, "https://evil.example").statusCode(),
                "cross-origin");
        String approve = "{\"key\":\"talker:10.0.0.1>10.0.0.2\",\"reason\":\"test\"}";
        assertEquals(403, post("/api/actions/approve", console.readToken, approve, null).statusCode());
        assertEquals(403, post("/api/actions/approve", console.writeToken, approve, "https://evil.example").statusCode());
        assertEquals(403, post("/api/actions/incident", console.readToken, "{\"alert\":\"x\",\"unlearn\":true}", null).statusCode());
        List<String> audit = Files.readAllLines(console.state.resolve("audit.ndjson"));
        assertEquals(1, audit.stream().filter(l -> l.contains("OT-TEST-1")).count(), String.join("\n", audit));
        assertTrue(audit.stream().noneMatch(l -> l.contains("\"approve\"")), "refused actions leave no audit line");
        // an alert that is not about a departure from the baseline (a PLC stop), and a key that is none: said plainly
        String stop = Docs.str(ConsoleFixture.ndjson(console.data.resolve("alerts.ndjson")).get(0), "event.id");
        HttpResponse<String> notDeparture = post("/api/actions/approve", console.writeToken,
                "{\"alert\":\"" + stop + "\",\"reason\":\"test\"}", null);
        assertEquals(409, notDeparture.statusCode());
        assertTrue(notDeparture.body().contains("not about a departure from the baseline"), notDeparture.body());
        HttpResponse<String> badKey = post("/api/actions/approve", console.writeToken, "{\"key\":\"nonsense:1\",\"reason\":\"x\"}", null);
        assertEquals(409, badKey.statusCode(), badKey.body());
        assertEquals(400, post("/api/actions/approve", console.writeToken, "{\"key\":\"talker:10.0.0.1>10.0.0.2\"}", null).statusCode(),
                "a reason is required");
    }

    @Test
    void aCookieSessionNeedsTheCsrfToken() throws Exception {
        HttpResponse<String> login = console.http.send(HttpRequest.newBuilder(URI.create(console.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + console.writeToken)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, login.statusCode());
        List<String> cookies = login.headers().allValues("set-cookie");
        String session = cookies.stream().filter(c -> c.startsWith("lw_session=")).findFirst().orElseThrow();
        String attributes = session.toLowerCase(java.util.Locale.ROOT);
        assertTrue(attributes.contains("; httponly") && attributes.contains("; secure") && attributes.contains("samesite=strict"),
                session);
        String sid = session.substring(0, session.indexOf(';'));
        String csrfCookie = cookies.stream().filter(c -> c.startsWith("lw_csrf=")).findFirst().orElseThrow();
        String csrf = csrfCookie.substring("lw_csrf=".length(), csrfCookie.indexOf(';'));
        String body = "{\"rule\":\"OT-TEST-2\",\"reason\":\"csrf test\"}";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.url("/api/actions/mute")))
                .header("Cookie", sid).POST(HttpRequest.BodyPublishers.ofString(body));
        assertEquals(403, console.http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "no CSRF token");
        HttpResponse<String> ok = console.http.send(HttpRequest.newBuilder(URI.create(console.url("/api/actions/mute")))
                .header("Cookie", sid + "; lw_csrf=" + csrf).header(HttpHandler.CSRF_HEADER, csrf)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        HttpResponse<String> page = console.http.send(HttpRequest.newBuilder(URI.create(console.url("/"))).header("Cookie", sid)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
    }

    @Test
    void secretsAreOwnerOnly() throws Exception {
        for (String f : List.of(Credentials.READ_TOKEN_FILE, Credentials.WRITE_TOKEN_FILE, Certificates.KEY_FILE,
                Certificates.CERT_FILE)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(console.state.resolve(f))), f);
        }
        assertTrue(console.printed.contains(console.readToken), "the token is printed on first start");
        assertNotNull(console.server.url());
    }

    private HttpResponse<String> post(String path, String token, String body, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.url(path))).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return console.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
