package io.linewatch.console;

import io.linewatch.model.Json;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's requests: authentication (bearer token or session cookie) before anything else, the login form,
 * static pages, the API, the live alert stream (server-sent events), and the security headers on every answer.
 * An unauthenticated request is answered 401: JSON under {@code /api/}, the login form elsewhere.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String SESSION_COOKIE = "lw_session";
    static final String CSRF_COOKIE = "lw_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** No inline script or style anywhere; everything from this origin. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String WEB = "io/linewatch/console/web/";
    /** The one file served without a token: the login form's style sheet. */
    private static final String PUBLIC_CSS = "/static/app.css";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png");
    private static final Map<String, String> STATIC = Map.of(
            "/", WEB + "index.html",
            "/static/app.js", WEB + "app.js",
            "/static/app.css", WEB + "app.css",
            "/static/vendor/cytoscape.min.js", Vendor.CYTOSCAPE);

    private final Api api;
    private final Credentials credentials;
    private final boolean tls;
    private final ScheduledExecutorService streams;

    HttpHandler(Api api, Credentials credentials, boolean tls, ScheduledExecutorService streams) {
        this.api = api;
        this.credentials = credentials;
        this.tls = tls;
        this.streams = streams;
    }

    /** Who a request is: its role, and whether it came with a session cookie (then actions need the CSRF token). */
    private record Identity(Credentials.Role role, Credentials.Session session, String who) {
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, plain(400, "bad request"));
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String path = qs.path();
        HttpMethod method = req.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.POST) && !method.equals(HttpMethod.HEAD)) {
            send(ctx, req, plain(405, "method not allowed"));
            return;
        }
        if (path.equals(PUBLIC_CSS) && !method.equals(HttpMethod.POST)) {
            send(ctx, req, resource(STATIC.get(path)));
            return;
        }
        if (path.equals("/login") && method.equals(HttpMethod.POST)) {
            send(ctx, req, login(req));
            return;
        }
        Identity id = identify(req);
        if (id == null) {
            send(ctx, req, path.startsWith("/api/")
                    ? withHeader(Api.Response.error(401, "unauthenticated: send Authorization: Bearer TOKEN or log in"),
                            "WWW-Authenticate", "Bearer realm=\"linewatch\"")
                    : loginPage(401, null));
            return;
        }
        if (method.equals(HttpMethod.POST)) {
            String refused = csrfProblem(req, id);
            if (refused != null) {
                send(ctx, req, Api.Response.error(403, refused));
                return;
            }
            if (path.equals("/logout")) {
                send(ctx, req, logout(req));
                return;
            }
        }
        if (path.equals("/api/alerts/stream") && method.equals(HttpMethod.GET)) {
            stream(ctx, req, qs);
            return;
        }
        if (path.startsWith("/api/")) {
            byte[] body = ByteBufUtil.getBytes(req.content());
            String client = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
            Api.Response r = api.handle(new Api.Request(method.name(), path, qs.parameters(), body, client, id.role(),
                    id.who()));
            send(ctx, req, r);
            return;
        }
        if (method.equals(HttpMethod.POST)) {
            send(ctx, req, plain(405, "method not allowed"));
            return;
        }
        String file = STATIC.get(path);
        send(ctx, req, file == null ? plain(404, "not found") : resource(file));
    }

    private Identity identify(FullHttpRequest req) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Credentials.Role role = credentials.roleOf(auth.substring(7).strip());
            return role == null ? null : new Identity(role, null, "token:" + role.name().toLowerCase(java.util.Locale.ROOT));
        }
        String sid = cookies(req).get(SESSION_COOKIE);
        Credentials.Session s = credentials.session(sid);
        return s == null ? null : new Identity(s.role(), s, "session:" + s.role().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static Map<String, String> cookies(FullHttpRequest req) {
        Map<String, String> out = new HashMap<>();
        String header = req.headers().get(HttpHeaderNames.COOKIE);
        if (header != null) {
            for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
                out.put(c.name(), c.value());
            }
        }
        return out;
    }

    /**
     * Actions must come from this origin: a browser's {@code Origin} (when sent) must be ours, and a cookie
     * session must echo its CSRF token in {@value #CSRF_HEADER} (double submit). Bearer tokens are never sent by a
     * browser on its own, so they need no CSRF token.
     */
    private String csrfProblem(FullHttpRequest req, Identity id) {
        if (!sameOrigin(req)) {
            return "cross-origin request refused";
        }
        if (id.session() == null) {
            return null;
        }
        String header = req.headers().get(CSRF_HEADER);
        String cookie = cookies(req).get(CSRF_COOKIE);
        if (header == null || cookie == null || !java.security.MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8), id.session().csrf().getBytes(StandardCharsets.UTF_8))
                || !header.equals(cookie)) {
            return "missing or wrong " + CSRF_HEADER;
        }
        return null;
    }

    private boolean sameOrigin(FullHttpRequest req) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        return host != null && origin.equals((tls ? "https://" : "http://") + host);
    }

    private Api.Response login(FullHttpRequest req) {
        if (!sameOrigin(req)) {
            return loginPage(403, "Cross-origin login refused.");
        }
        QueryStringDecoder form = new QueryStringDecoder(req.content().toString(StandardCharsets.UTF_8), false);
        List<String> tokens = form.parameters().get("token");
        Credentials.Role role = tokens == null || tokens.isEmpty() ? null : credentials.roleOf(tokens.get(0).strip());
        if (role == null) {
            return loginPage(401, "That token is not valid.");
        }
        String sid = credentials.openSession(role);
        Credentials.Session s = credentials.session(sid);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Location", "/");
        return new Api.Response(303, "text/plain; charset=utf-8", new byte[0], h).withCookies(cookie(SESSION_COOKIE, sid, true, -1), cookie(CSRF_COOKIE, s.csrf(), false, -1));
    }

    private Api.Response logout(FullHttpRequest req) {
        credentials.closeSession(cookies(req).get(SESSION_COOKIE));
        return new Api.Response(303, "text/plain; charset=utf-8", new byte[0], Map.of("Location", "/"))
                .withCookies(cookie(SESSION_COOKIE, "", true, 0), cookie(CSRF_COOKIE, "", false, 0));
    }

    private String cookie(String name, String value, boolean httpOnly, long maxAge) {
        DefaultCookie c = new DefaultCookie(name, value);
        c.setHttpOnly(httpOnly);
        c.setSecure(tls);
        c.setPath("/");
        c.setSameSite(CookieHeaderNames.SameSite.Strict);
        if (maxAge >= 0) {
            c.setMaxAge(maxAge);
        }
        return ServerCookieEncoder.STRICT.encode(c);
    }

    private static Api.Response loginPage(int status, String problem) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Linewatch console: log in</title>"
                + "<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body class=\"login\"><main>"
                + "<h1>Linewatch console</h1><form method=\"post\" action=\"/login\">"
                + "<label for=\"token\">Token</label><input id=\"token\" name=\"token\" type=\"password\" "
                + "autocomplete=\"current-password\" required autofocus>"
                + "<button id=\"login\" type=\"submit\">Log in</button></form>"
                + (problem == null ? "" : "<p class=\"problem\">" + problem + "</p>")
                + "<p class=\"hint\">The token was printed when the console first started; it is stored in "
                + "<code>.linewatch-console/console-read.token</code> of the data directory.</p></main></body></html>";
        return new Api.Response(status, TYPES.get("html"), html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static Api.Response plain(int status, String text) {
        return new Api.Response(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static Api.Response withHeader(Api.Response r, String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.put(name, value);
        return new Api.Response(r.status(), r.contentType(), r.body(), h);
    }

    private static Api.Response resource(String name) {
        try (InputStream in = HttpHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return plain(404, "not found");
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new Api.Response(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes(), Map.of());
        } catch (IOException e) {
            return plain(500, "cannot read " + name);
        }
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest req, Api.Response r) {
        boolean head = req.method().equals(HttpMethod.HEAD);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        h.set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        securityHeaders(h);
        r.headers().forEach((k, v) -> {
            if (k.equals(Api.Response.SET_COOKIES)) {
                for (String c : v.split("\n")) {
                    h.add(HttpHeaderNames.SET_COOKIE, c);
                }
            } else {
                h.set(k, v);
            }
        });
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void securityHeaders(HttpHeaders h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on form posts
        h.set("Referrer-Policy", "same-origin");
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (tls) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
    }

    /** Server-sent events: every alert added after the client's {@code since} (default: now), checked each second. */
    private void stream(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder qs) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        securityHeaders(res.headers());
        HttpUtil.setTransferEncodingChunked(res, true);
        ctx.writeAndFlush(res);
        List<String> since = qs.parameters().get("since");
        int start;
        try {
            start = since == null ? api.alertCount() : Integer.parseInt(since.get(0));
        } catch (NumberFormatException e) {
            start = api.alertCount();
        }
        int[] known = {Math.max(0, start)};
        int[] quiet = {0};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = streams.scheduleWithFixedDelay(() -> {
            if (!ctx.channel().isActive()) {
                task[0].cancel(false);
                return;
            }
            StringBuilder b = new StringBuilder();
            List<Map<String, Object>> fresh = api.alertsAfter(known[0]);
            if (api.alertCount() < known[0]) { // the directory was analysed afresh
                known[0] = 0;
                b.append("event: reset\ndata: {}\n\n");
            }
            for (Map<String, Object> a : fresh) {
                known[0]++;
                b.append("id: ").append(known[0]).append("\nevent: alert\ndata: ").append(Json.writeValue(a)).append("\n\n");
            }
            if (b.length() == 0 && ++quiet[0] >= 15) {
                b.append(": keep-alive\n\n");
                quiet[0] = 0;
            }
            if (b.length() > 0) {
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(b, StandardCharsets.UTF_8)));
            }
        }, 0, 1, TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(f -> task[0].cancel(false));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a broken connection or a TLS handshake refused: nothing to answer
    }

    /** Where the vendored front-end libraries are on the class path. */
    static final class Vendor {
        static final String CYTOSCAPE = "META-INF/resources/webjars/cytoscape/" + version("cytoscape") + "/dist/cytoscape.min.js";

        private Vendor() {
        }

        private static String version(String artifact) {
            String props = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
            try (InputStream in = HttpHandler.class.getClassLoader().getResourceAsStream(props)) {
                java.util.Properties p = new java.util.Properties();
                if (in != null) {
                    p.load(in);
                }
                return p.getProperty("version", "missing");
            } catch (IOException e) {
                return "missing";
            }
        }
    }

    static Set<String> staticPaths() {
        return STATIC.keySet();
    }
}
