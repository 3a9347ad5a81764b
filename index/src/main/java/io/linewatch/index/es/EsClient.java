package io.linewatch.index.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.linewatch.model.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.http.ConnectionClosedException;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * The one class that talks to the official Elasticsearch client: connection set-up from {@link EsSettings},
 * the start-up check, template installation and bulk requests. Client types never leave it.
 */
final class EsClient implements BulkSender, AutoCloseable {
    private static final int HTTP_UNAUTHORIZED = 401;
    private static final int HTTP_FORBIDDEN = 403;
    private static final int HTTP_PAYLOAD_TOO_LARGE = 413;
    private static final int HTTP_REQUEST_TIMEOUT = 408;
    private static final int HTTP_TOO_MANY_REQUESTS = 429;

    private final EsSettings settings;
    private final RestClient rest;
    private final ElasticsearchClient client;

    private EsClient(EsSettings settings, RestClient rest) {
        this.settings = settings;
        this.rest = rest;
        this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }

    static EsClient open(EsSettings settings) throws EsConfigException {
        SSLContext ssl = settings.https() ? TlsTrust.sslContext(settings) : null;
        HttpHost[] hosts = settings.urls().stream()
                .map(u -> new HttpHost(u.getHost(), u.getPort(), u.getScheme())).toArray(HttpHost[]::new);
        RestClientBuilder b = RestClient.builder(hosts);
        String prefix = settings.urls().get(0).getRawPath();
        if (prefix != null && !prefix.isEmpty()) {
            b.setPathPrefix(prefix);
        }
        Header auth = authorization(settings);
        if (auth != null) {
            b.setDefaultHeaders(new Header[] {auth});
        }
        int connectMillis = (int) settings.connectTimeout().toMillis();
        int requestMillis = (int) settings.requestTimeout().toMillis();
        b.setRequestConfigCallback(rc -> rc.setConnectTimeout(connectMillis).setSocketTimeout(requestMillis)
                .setConnectionRequestTimeout(requestMillis));
        boolean pinned = settings.fingerprint() != null;
        b.setHttpClientConfigCallback(hc -> {
            if (ssl != null) {
                hc.setSSLContext(ssl);
            }
            if (pinned) {
                hc.setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE); // the pin names the certificate itself
            }
            return hc;
        });
        return new EsClient(settings, b.build());
    }

    /** Sent on every request (preemptively: no 401 round trip), never logged. */
    private static Header authorization(EsSettings s) {
        if (s.apiKey() != null) {
            return new BasicHeader("Authorization", "ApiKey " + s.apiKey());
        }
        if (s.username() != null) {
            String token = Base64.getEncoder().encodeToString(
                    (s.username() + ":" + s.password()).getBytes(StandardCharsets.UTF_8));
            return new BasicHeader("Authorization", "Basic " + token);
        }
        return null;
    }

    /**
     * Reaches the cluster and proves the credentials work; any failure is one clear sentence. Uses the
     * low-level client and looks only at the status: the typed health response of this client version
     * requires fields that older 8.x clusters do not send.
     */
    void check() throws EsConfigException, EsUnavailableException {
        String what = "cannot use Elasticsearch at " + settings.destination();
        Response response;
        try {
            response = rest.performRequest(new Request("GET", "/_cluster/health?local=true"));
        } catch (IOException | RuntimeException e) {
            throw unlessPermanent(e, what);
        }
        if (!"Elasticsearch".equals(response.getHeader("X-Elastic-Product"))) {
            throw new EsConfigException(what + ": the server does not answer like Elasticsearch");
        }
    }

    /** Installs (or replaces) the component template and the index templates. */
    void installTemplates() throws EsConfigException, EsUnavailableException {
        String step = "component template " + IndexTemplates.COMPONENT;
        try {
            client.cluster().putComponentTemplate(r -> r.name(IndexTemplates.COMPONENT)
                    .withJson(new StringReader(IndexTemplates.componentTemplateJson())));
            for (String name : IndexTemplates.INDEX_TEMPLATES.keySet()) {
                step = "index template " + name;
                client.indices().putIndexTemplate(r -> r.name(name)
                        .withJson(new StringReader(IndexTemplates.indexTemplateJson(name))));
            }
        } catch (IOException | RuntimeException e) {
            throw unlessPermanent(e, "cannot install the Elasticsearch " + step);
        }
    }

    /**
     * The start-up checks: reach the cluster, prove the credentials and TLS trust, install the templates.
     *
     * @throws EsConfigException     what no retry can fix (credentials, permissions, TLS trust, not Elasticsearch)
     * @throws EsUnavailableException what may pass (node down, refused connection, timeout, overload, unknown host)
     */
    void prepare() throws EsConfigException, EsUnavailableException {
        check();
        installTemplates();
    }

    /** Issue 16, defect 5: only a failure no retry can fix stops a sensor from starting; the rest is retried. */
    private EsUnavailableException unlessPermanent(Throwable e, String what) throws EsConfigException {
        String line = explain(e, what);
        if (permanent(e)) {
            throw new EsConfigException(line, e);
        }
        return new EsUnavailableException(line, e);
    }

    /**
     * A 4xx answer other than timeout or overload (401 credentials, 403 permissions, 400 a template refused), any TLS
     * failure (trust, pin, handshake), a server that closes the connection unanswered (plain http to an https
     * port), or a server that is not Elasticsearch.
     */
    static boolean permanent(Throwable e) {
        int status = statusOf(e);
        if (status >= 400 && status < 500 && status != HTTP_REQUEST_TIMEOUT && status != HTTP_TOO_MANY_REQUESTS) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException
                    || t instanceof java.security.cert.CertPathValidatorException || t instanceof ConnectionClosedException) {
                return true;
            }
            if (t instanceof TransportException te && te.getMessage() != null
                    && te.getMessage().contains("X-Elastic-Product")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Only what {@link #send} reads of a bulk answer: Elasticsearch leaves out each item's index, id, version,
     * shards and sequence numbers (most of the answer's bytes, encoded by the node and parsed here).
     */
    static final String BULK_FILTER_PATH = "items.*.status,items.*.error.type,items.*.error.reason";
    private static final org.apache.http.entity.ContentType NDJSON =
            org.apache.http.entity.ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    /**
     * One {@code _bulk} request through the low-level client: the body is written here as NDJSON, each document's
     * JSON as the journal holds it (no document model, no re-encoding), and the answer is filtered to the items'
     * status and error ({@link #BULK_FILTER_PATH}).
     */
    @Override
    public List<ItemResult> send(List<BulkItem> items) throws EsUnavailableException {
        if (items.isEmpty()) {
            return List.of();
        }
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", BULK_FILTER_PATH);
        request.setEntity(new org.apache.http.entity.ByteArrayEntity(bulkBody(items), NDJSON));
        Object answer;
        try {
            Response response = rest.performRequest(request);
            answer = Json.read(org.apache.http.util.EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == HTTP_PAYLOAD_TOO_LARGE) {
                return splitTooLarge(items);
            }
            throw new EsUnavailableException(explain(e, "bulk request to " + settings.destination() + " failed"), e);
        } catch (IOException | RuntimeException e) {
            throw new EsUnavailableException(explain(e, "bulk request to " + settings.destination() + " failed"), e);
        }
        List<?> answered = answer instanceof Map<?, ?> m && m.get("items") instanceof List<?> l ? l : List.of();
        if (answered.size() != items.size()) {
            throw new EsUnavailableException("bulk response has " + answered.size() + " items for "
                    + items.size() + " sent", null);
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            // each item is {"create"|"index": {"status": N, "error": {...}}}
            Map<?, ?> r = answered.get(i) instanceof Map<?, ?> item && !item.isEmpty()
                    && item.values().iterator().next() instanceof Map<?, ?> inner ? inner : Map.of();
            int status = r.get("status") instanceof Number n ? n.intValue() : -1;
            String reason = r.get("error") instanceof Map<?, ?> error ? error.get("type") + ": " + error.get("reason") : null;
            results.add(ItemResult.classify(status, items.get(i).op() != BulkItem.Op.UPSERT, reason));
        }
        return results;
    }

    /** The NDJSON body of a bulk request: per item its action line and its document. */
    static byte[] bulkBody(List<BulkItem> items) {
        long size = 0;
        for (BulkItem item : items) {
            size += item.wireBytes();
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream((int) Math.min(size + 64, Integer.MAX_VALUE - 8));
        StringBuilder action = new StringBuilder(128);
        for (BulkItem item : items) {
            action.setLength(0);
            // CREATE: a re-sent id is a no-op (409); VERSIONED: the newest version wins; UPSERT: the whole document
            // replaces the stored one, so a field gone from assets.json does not linger
            action.append(item.op() == BulkItem.Op.CREATE ? "{\"create\":{\"_index\":" : "{\"index\":{\"_index\":")
                    .append(Json.writeValue(item.index())).append(",\"_id\":").append(Json.writeValue(item.id()));
            if (item.op() == BulkItem.Op.VERSIONED) {
                action.append(",\"version\":").append(item.version()).append(",\"version_type\":\"external_gte\"");
            }
            action.append("}}\n");
            body.writeBytes(action.toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(item.source().getBytes(StandardCharsets.UTF_8));
            body.write('\n');
        }
        return body.toByteArray();
    }

    /** The cluster's http.max_content_length is below our batch: halve until it fits, a lone document is rejected. */
    private List<ItemResult> splitTooLarge(List<BulkItem> items) throws EsUnavailableException {
        if (items.size() == 1) {
            return List.of(new ItemResult(ItemResult.Kind.REJECTED, HTTP_PAYLOAD_TOO_LARGE,
                    "document larger than the cluster accepts (http.max_content_length)"));
        }
        int half = items.size() / 2;
        List<ItemResult> out = new ArrayList<>(send(items.subList(0, half)));
        out.addAll(send(items.subList(half, items.size())));
        return out;
    }

    /** One sentence naming the likely fix; credentials never appear in it. */
    String explain(Throwable e, String what) {
        int status = statusOf(e);
        if (status == HTTP_UNAUTHORIZED) {
            return what + ": credentials refused (HTTP 401); check --es-user and --es-password-file, or "
                    + "--es-api-key-file";
        }
        if (status == HTTP_FORBIDDEN) {
            return what + ": permission denied (HTTP 403): " + reason(e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return what + ": unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return what + ": connection refused or no route to the host; is Elasticsearch running there?";
            }
            if (t instanceof SocketTimeoutException || t instanceof ConnectTimeoutException) {
                return what + ": no answer within the timeout";
            }
            if (t instanceof SSLPeerUnverifiedException) {
                return what + ": the server's certificate does not name this host: " + t.getMessage();
            }
            if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException) {
                return what + ": the server's certificate is not trusted (" + t.getMessage() + "); give its CA "
                        + "with --es-ca or pin it with --es-fingerprint";
            }
            if (t instanceof SSLHandshakeException) {
                return what + ": TLS handshake failed: " + t.getMessage() + "; check --es-ca or --es-fingerprint";
            }
            if (t instanceof SSLException) {
                return what + ": TLS failed (" + t.getMessage() + "); is the server really https?";
            }
            if (t instanceof ConnectionClosedException) {
                return what + ": the server closed the connection; does it expect https://?";
            }
            if (t instanceof TransportException te && te.getMessage() != null
                    && te.getMessage().contains("X-Elastic-Product")) {
                return what + ": the server does not answer like Elasticsearch";
            }
        }
        return what + ": " + reason(e);
    }

    private static int statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException ee) {
                return ee.status();
            }
            if (t instanceof TransportException te) {
                return te.statusCode();
            }
            if (t instanceof ResponseException re) {
                return re.getResponse().getStatusLine().getStatusCode();
            }
        }
        return -1;
    }

    private static String reason(Throwable e) {
        if (e instanceof ElasticsearchException ee && ee.error() != null) {
            return ee.error().type() + ": " + ee.error().reason();
        }
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getCause().getMessage() != null)) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ");
        return m.length() > 400 ? m.substring(0, 400) + "..." : m; // one line, even for an HTML error page
    }

    @Override
    public void close() {
        try {
            rest.close();
        } catch (IOException ignored) {
            // closing a connection pool: nothing left to lose
        }
    }
}
