package io.linewatch.sensor;

import io.linewatch.index.es.EsConfigException;
import io.linewatch.index.es.EsSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where documents go besides the journal: the Elasticsearch options shared by {@code analyze} and
 * {@code capture} (a picocli mixin), merged with the configuration file and the environment. Precedence:
 * command line, then environment (secrets only), then configuration file.
 */
final class ElasticsearchOptions {
    static final String ENV_PASSWORD = "LINEWATCH_ES_PASSWORD";
    static final String ENV_API_KEY = "LINEWATCH_ES_API_KEY";

    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (YAML); the command line wins")
    Path config;

    @Option(names = "--es", paramLabel = "URL", description = "also send documents to Elasticsearch at URL "
            + "(comma-separated node URLs; http:// or https://)")
    String url;

    @Option(names = "--es-api-key-file", paramLabel = "FILE",
            description = "file holding an Elasticsearch API key (encoded form); or env " + ENV_API_KEY)
    Path apiKeyFile;

    @Option(names = "--es-user", paramLabel = "NAME", description = "Elasticsearch user (basic authentication)")
    String user;

    @Option(names = "--es-password-file", paramLabel = "FILE",
            description = "file holding the Elasticsearch user's password; or env " + ENV_PASSWORD)
    Path passwordFile;

    @Option(names = "--es-ca", paramLabel = "FILE", description = "CA certificate (PEM) that signed the cluster's "
            + "HTTP certificate")
    Path ca;

    @Option(names = "--es-fingerprint", paramLabel = "SHA256",
            description = "pin the cluster's (or its CA's) certificate by SHA-256 fingerprint instead of --es-ca")
    String fingerprint;

    @Option(names = "--sensor-name", paramLabel = "NAME",
            description = "name on every document (observer.name), so many sensors can share a cluster; "
                    + "default: the host name")
    String sensorName;

    /**
     * Resolves every source of settings.
     *
     * @return the settings, or null when no Elasticsearch URL is configured (journal only)
     */
    EsSettings resolve(Map<String, String> env) throws SensorConfig.ConfigException, EsConfigException {
        SensorConfig file = configFile();
        String urls = first(url, file.esString("url"));
        // typed settings are checked whether or not they are used now: a mistake never waits for the day
        // Elasticsearch is switched on
        Long docs = file.esLong("bulk_max_documents");
        Long bytes = file.esLong("bulk_max_bytes");
        Long request = file.esLong("request_timeout_seconds");
        Long drain = file.esLong("drain_timeout_seconds");
        if (urls == null) {
            return null;
        }
        EsSettings.Builder b = EsSettings.builder().urls(urls);
        b.sensorName(sensorName(file));
        String userName = first(user, file.esString("user"));
        b.username(userName);
        Path pwFile = first(passwordFile, file.esPath("password_file"));
        if (pwFile != null) {
            b.passwordFile(pwFile);
        } else if (userName != null) {
            b.password(env.get(ENV_PASSWORD));
        }
        Path keyFile = first(apiKeyFile, file.esPath("api_key_file"));
        if (keyFile != null) {
            b.apiKeyFile(keyFile);
        } else if (userName == null) {
            b.apiKey(env.get(ENV_API_KEY));
        }
        b.caCertificate(first(ca, file.esPath("ca")));
        b.fingerprint(first(fingerprint, file.esString("fingerprint")));
        if (docs != null) {
            b.bulkMaxDocuments((int) Math.min(Integer.MAX_VALUE, docs));
        }
        if (bytes != null) {
            b.bulkMaxBytes(bytes);
        }
        if (request != null) {
            b.requestTimeout(Duration.ofSeconds(request));
        }
        if (drain != null) {
            b.drainTimeout(Duration.ofSeconds(drain));
        }
        return b.build();
    }

    /** The configuration file's settings (empty without {@code --config}). */
    SensorConfig configFile() throws SensorConfig.ConfigException {
        return config == null ? SensorConfig.empty() : SensorConfig.load(config);
    }

    /** The name on documents and syslog messages: the command line, the file, else the host name. */
    String sensorName(SensorConfig file) {
        return first(sensorName, file.sensorName, hostName());
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * The sensor's name for this run's record ({@code run.json}) whether or not documents go to Elasticsearch:
     * {@code --sensor-name}, else the configuration file's, else the host name.
     */
    String sensorNameForRun() {
        String fromFile = null;
        if (config != null) {
            try {
                fromFile = SensorConfig.load(config).sensorName;
            } catch (SensorConfig.ConfigException e) {
                fromFile = null; // reported where the configuration is used
            }
        }
        return first(sensorName, fromFile, hostName());
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            int dot = h.indexOf('.');
            return dot > 0 ? h.substring(0, dot) : h;
        } catch (UnknownHostException e) {
            return "linewatch";
        }
    }
}
