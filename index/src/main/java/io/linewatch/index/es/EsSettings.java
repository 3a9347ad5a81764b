package io.linewatch.index.es;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where and how to reach Elasticsearch. Built with {@link Builder}, which checks everything that can be
 * checked without the network and reads credential files, so that {@link #toString()} and every error
 * message can name the settings without ever showing a secret.
 */
public final class EsSettings {
    public static final int DEFAULT_BULK_DOCUMENTS = 1000;
    public static final long DEFAULT_BULK_BYTES = 5L << 20;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(5);

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SENSOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final List<URI> urls;
    private final String apiKey;
    private final String username;
    private final String password;
    private final Path caCertificate;
    private final String fingerprint;
    private final String sensorName;
    private final int bulkMaxDocuments;
    private final long bulkMaxBytes;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration drainTimeout;

    private EsSettings(Builder b, String apiKey, String password, String fingerprint) {
        this.urls = List.copyOf(b.urls);
        this.apiKey = apiKey;
        this.username = b.username;
        this.password = password;
        this.caCertificate = b.caCertificate;
        this.fingerprint = fingerprint;
        this.sensorName = b.sensorName;
        this.bulkMaxDocuments = b.bulkMaxDocuments;
        this.bulkMaxBytes = b.bulkMaxBytes;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.drainTimeout = b.drainTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<URI> urls() {
        return urls;
    }

    /** The node list as the operator wrote it (no credentials can be in it: the builder refuses them). */
    public String destination() {
        return String.join(",", urls.stream().map(URI::toString).toList());
    }

    public boolean https() {
        return urls.get(0).getScheme().equals("https");
    }

    String apiKey() {
        return apiKey;
    }

    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    public Path caCertificate() {
        return caCertificate;
    }

    /** SHA-256 of a pinned certificate, lower-case hex without colons, or null. */
    public String fingerprint() {
        return fingerprint;
    }

    public String sensorName() {
        return sensorName;
    }

    public int bulkMaxDocuments() {
        return bulkMaxDocuments;
    }

    public long bulkMaxBytes() {
        return bulkMaxBytes;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    @Override
    public String toString() {
        String auth = apiKey != null ? "api key ***" : username != null ? "user " + username + " password ***" : "none";
        String tls = !https() ? "off" : fingerprint != null ? "pinned sha256 " + fingerprint
                : caCertificate != null ? "ca " + caCertificate : "system trust store";
        return "elasticsearch " + destination() + " (sensor " + sensorName + ", auth " + auth + ", tls " + tls + ")";
    }

    /** Collects settings from the command line, environment and configuration file; {@link #build()} checks them. */
    public static final class Builder {
        private final List<URI> urls = new ArrayList<>();
        private final List<String> rawUrls = new ArrayList<>();
        private String apiKey;
        private Path apiKeyFile;
        private String username;
        private String password;
        private Path passwordFile;
        private Path caCertificate;
        private String fingerprint;
        private String sensorName;
        private int bulkMaxDocuments = DEFAULT_BULK_DOCUMENTS;
        private long bulkMaxBytes = DEFAULT_BULK_BYTES;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

        /** One or more node URLs, comma-separated ({@code https://es1:9200,https://es2:9200}). */
        public Builder urls(String commaSeparated) {
            rawUrls.clear();
            for (String u : commaSeparated.split(",")) {
                if (!u.isBlank()) {
                    rawUrls.add(u.trim());
                }
            }
            return this;
        }

        /** The API key as Elasticsearch returns it in {@code encoded} (base64 of {@code id:key}). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder apiKeyFile(Path file) {
            this.apiKeyFile = file;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder passwordFile(Path file) {
            this.passwordFile = file;
            return this;
        }

        public Builder caCertificate(Path pem) {
            this.caCertificate = pem;
            return this;
        }

        /** SHA-256 of the server's or its CA's certificate, hex with or without colons. */
        public Builder fingerprint(String sha256) {
            this.fingerprint = sha256;
            return this;
        }

        public Builder sensorName(String name) {
            this.sensorName = name;
            return this;
        }

        public Builder bulkMaxDocuments(int n) {
            this.bulkMaxDocuments = n;
            return this;
        }

        public Builder bulkMaxBytes(long n) {
            this.bulkMaxBytes = n;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        public Builder drainTimeout(Duration d) {
            this.drainTimeout = d;
            return this;
        }

        public EsSettings build() throws EsConfigException {
            if (rawUrls.isEmpty()) {
                throw new EsConfigException("no Elasticsearch URL given");
            }
            urls.clear();
            for (String raw : rawUrls) {
                urls.add(parseUrl(raw));
            }
            if (urls.stream().map(URI::getScheme).distinct().count() > 1) {
                throw new EsConfigException("Elasticsearch URLs mix http and https: " + String.join(",", rawUrls));
            }
            String key = apiKey;
            if (apiKeyFile != null) {
                key = readSecret(apiKeyFile, "API key");
            }
            String pass = password;
            if (passwordFile != null) {
                pass = readSecret(passwordFile, "password");
            }
            if (key != null && key.isBlank()) {
                key = null;
            }
            if (key != null && username != null) {
                throw new EsConfigException("give either an Elasticsearch API key or a user, not both");
            }
            if (username != null && (pass == null || pass.isEmpty())) {
                throw new EsConfigException("Elasticsearch user " + username
                        + " has no password (--es-password-file or LINEWATCH_ES_PASSWORD)");
            }
            if (username == null && pass != null && !pass.isEmpty() && passwordFile != null) {
                throw new EsConfigException("an Elasticsearch password was given without --es-user");
            }
            String fp = null;
            if (fingerprint != null) {
                fp = fingerprint.replace(":", "").toLowerCase(Locale.ROOT).trim();
                if (!SHA256_HEX.matcher(fp).matches()) {
                    throw new EsConfigException("Elasticsearch fingerprint must be a SHA-256 in hex (64 digits, "
                            + "colons allowed), got " + fingerprint.length() + " characters");
                }
            }
            boolean https = urls.get(0).getScheme().equals("https");
            if (!https && (caCertificate != null || fp != null)) {
                throw new EsConfigException("a CA certificate or fingerprint was given but the Elasticsearch URL is "
                        + "plain http: use https://");
            }
            if (caCertificate != null && fp != null) {
                throw new EsConfigException("give either an Elasticsearch CA certificate or a fingerprint, not both");
            }
            if (caCertificate != null) {
                TlsTrust.checkReadable(caCertificate);
            }
            if (sensorName == null || !SENSOR_NAME.matcher(sensorName).matches()) {
                throw new EsConfigException("sensor name must be 1-128 letters, digits, '.', '_' or '-' "
                        + "(starting with a letter or digit), got \"" + sensorName + "\"");
            }
            if (bulkMaxDocuments < 1 || bulkMaxBytes < 1024) {
                throw new EsConfigException("bulk limits too small: " + bulkMaxDocuments + " documents, "
                        + bulkMaxBytes + " bytes");
            }
            return new EsSettings(this, key, pass, fp);
        }

        private static URI parseUrl(String raw) throws EsConfigException {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw new EsConfigException("not a valid Elasticsearch URL: " + redactUserInfo(raw));
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new EsConfigException("Elasticsearch URL must start with http:// or https://: " + redactUserInfo(raw));
            }
            if (uri.getRawUserInfo() != null) {
                // a password in a URL ends up in shell history, process lists and logs
                throw new EsConfigException("put Elasticsearch credentials in --es-user/--es-password-file or "
                        + "--es-api-key-file, not in the URL " + redactUserInfo(raw));
            }
            if (uri.getHost() == null) {
                throw new EsConfigException("Elasticsearch URL has no host: " + raw);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new EsConfigException("Elasticsearch URL must not carry a query or fragment: " + raw);
            }
            int port = uri.getPort() > 0 ? uri.getPort() : 9200;
            try {
                return new URI(scheme, null, uri.getHost(), port, path.equals("/") ? "" : path, null, null);
            } catch (URISyntaxException e) {
                throw new EsConfigException("not a valid Elasticsearch URL: " + raw);
            }
        }

        static String redactUserInfo(String raw) {
            int at = raw.indexOf('@');
            int scheme = raw.indexOf("://");
            return at > 0 && scheme >= 0 && at > scheme ? raw.substring(0, scheme + 3) + "***@" + raw.substring(at + 1) : raw;
        }

        private static String readSecret(Path file, String what) throws EsConfigException {
            String s;
            try {
                s = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new EsConfigException("cannot read the Elasticsearch " + what + " file " + file + ": "
                        + e.getClass().getSimpleName());
            }
            if (s.isEmpty()) {
                throw new EsConfigException("the Elasticsearch " + what + " file " + file + " is empty");
            }
            return s;
        }
    }
}
