package io.linewatch.index.outputs;

import io.linewatch.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Alerts POSTed as JSON (one alert per request, the alert document as the journal has it) to an HTTPS endpoint: a
 * SOAR, a chat bridge, a ticketing system. 2xx is success; a network error, a timeout, 408, 429 or 5xx is retried
 * with backoff; any other status is a refusal, counted as failed and not retried.
 */
public final class WebhookOutput extends AlertOutput {
    private final HttpClient client;
    private final URI uri;
    private final String bearerToken;
    private final Duration timeout;

    private WebhookOutput(String name, int queue, HttpClient client, URI uri, String bearerToken, Duration timeout) {
        super(name, queue);
        this.client = client;
        this.uri = uri;
        this.bearerToken = bearerToken;
        this.timeout = timeout;
    }

    /**
     * @param url         {@code https://...} (or {@code http://} for a receiver on the same host)
     * @param ca          CA certificates (PEM) to trust instead of the system's, or null
     * @param bearerToken sent as {@code Authorization: Bearer ...}, or null
     * @throws OutputException naming what is wrong with the settings
     */
    public static WebhookOutput open(String url, Path ca, String bearerToken, Duration timeout, int queue)
            throws OutputException {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new OutputException("webhook '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new OutputException("webhook '" + url + "': use https://HOST[:PORT]/PATH");
        }
        if (uri.getUserInfo() != null) {
            throw new OutputException("webhook URL must not hold credentials: give a token file instead");
        }
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (scheme.equals("https")) {
            b.sslContext(Tls.context(ca));
        }
        String name = "webhook " + scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return (WebhookOutput) new WebhookOutput(name, queue, b.build(), uri, bearerToken, timeout).start();
    }

    @Override
    protected void deliver(Map<String, Object> alert) throws DeliveryException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "linewatch")
                .POST(HttpRequest.BodyPublishers.ofString(Json.writeValue(alert)));
        if (bearerToken != null) {
            r.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<Void> response;
        try {
            response = client.send(r.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryException(uri.getHost() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", true);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        boolean retry = status == 408 || status == 429 || status / 100 == 5;
        throw new DeliveryException(uri.getHost() + " answered HTTP " + status, retry);
    }
}
