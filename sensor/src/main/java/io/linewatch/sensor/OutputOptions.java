package io.linewatch.sensor;

import io.linewatch.index.outputs.AlertFormat;
import io.linewatch.index.outputs.AlertOutput;
import io.linewatch.index.outputs.OutputException;
import io.linewatch.index.outputs.SyslogOutput;
import io.linewatch.index.outputs.WebhookOutput;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Where alerts go besides the journal and Elasticsearch (a picocli mixin): syslog receivers and webhooks from the
 * command line, plus the {@code outputs:} list of the configuration file. Each entry of that list is one output:
 *
 * <pre>
 * outputs:
 *   - syslog: tls://siem.plant.example:6514   # udp://, tcp:// (octet counting) or tls://
 *     format: cef                             # cef (default) or json
 *     facility: local4                        # default local4
 *     ca: /etc/linewatch/siem-ca.pem          # tls only; default: the system's CAs
 *     queue: 10000                            # alerts held while the receiver is away
 *   - webhook: https://soar.plant.example/hooks/linewatch
 *     token_file: /etc/linewatch/webhook-token   # sent as "Authorization: Bearer ..."
 *     ca: /etc/linewatch/soar-ca.pem
 *     timeout_seconds: 10
 * </pre>
 */
final class OutputOptions {
    static final Set<String> SYSLOG_KEYS = Set.of("syslog", "format", "facility", "ca", "queue");
    static final Set<String> WEBHOOK_KEYS = Set.of("webhook", "token_file", "ca", "timeout_seconds", "queue");

    @Option(names = "--syslog", paramLabel = "URL", description = "also send alerts to a syslog receiver (RFC 5424): "
            + "udp://HOST[:514], tcp://HOST[:601] or tls://HOST[:6514]; add ?format=json for JSON instead of CEF; "
            + "repeatable")
    List<String> syslog = new ArrayList<>();

    @Option(names = "--webhook", paramLabel = "URL", description = "also POST each alert as JSON to this HTTPS URL; "
            + "repeatable")
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--outputs-ca", paramLabel = "FILE", description = "CA certificates (PEM) to trust for --syslog "
            + "tls:// and --webhook instead of the system's")
    Path ca;

    /**
     * Opens every output the command line and the configuration file name.
     *
     * @param file the configuration file (empty when none)
     * @throws OutputException naming the output and what is wrong with it
     */
    List<AlertOutput> open(SensorConfig file, String sensorName) throws OutputException {
        List<AlertOutput> out = new ArrayList<>();
        try {
            for (String url : syslog) {
                Map<String, String> q = query(url);
                String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
                for (String k : q.keySet()) {
                    if (!k.equals("format") && !k.equals("facility")) {
                        throw new OutputException("--syslog " + url + ": unknown parameter '" + k
                                + "' (known: format, facility)");
                    }
                }
                out.add(SyslogOutput.open(base, AlertFormat.parse(q.getOrDefault("format", "cef")),
                        q.getOrDefault("facility", "local4"), base.startsWith("tls:") ? ca : null, sensorName,
                        Version.get(), AlertOutput.DEFAULT_QUEUE));
            }
            for (String url : webhooks) {
                out.add(WebhookOutput.open(url, ca, null, Duration.ofSeconds(10), AlertOutput.DEFAULT_QUEUE));
            }
            for (int i = 0; i < file.outputs.size(); i++) {
                out.add(fromConfig(file, file.outputs.get(i), "outputs[" + i + "]", sensorName));
            }
        } catch (OutputException | RuntimeException e) {
            out.forEach(o -> o.close(Duration.ZERO));
            throw e;
        }
        return out;
    }

    private static AlertOutput fromConfig(SensorConfig file, Map<String, Object> m, String where, String sensorName)
            throws OutputException {
        int queue = (int) Math.min(Integer.MAX_VALUE, number(m, "queue", AlertOutput.DEFAULT_QUEUE, where));
        Path ca = file.path(string(m, "ca"));
        if (m.containsKey("syslog")) {
            known(m, SYSLOG_KEYS, where);
            String format = string(m, "format");
            String facility = string(m, "facility");
            return SyslogOutput.open(string(m, "syslog"), AlertFormat.parse(format == null ? "cef" : format),
                    facility == null ? "local4" : facility, ca, sensorName, Version.get(), queue);
        }
        if (m.containsKey("webhook")) {
            known(m, WEBHOOK_KEYS, where);
            Path tokenFile = file.path(string(m, "token_file"));
            String token = null;
            if (tokenFile != null) {
                try {
                    token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new OutputException(where + ": cannot read token file " + tokenFile + ": " + e.getMessage());
                }
            }
            return WebhookOutput.open(string(m, "webhook"), ca, token,
                    Duration.ofSeconds(number(m, "timeout_seconds", 10, where)), queue);
        }
        throw new OutputException("configuration " + where + ": an output needs 'syslog: URL' or 'webhook: URL'");
    }

    private static void known(Map<String, Object> m, Set<String> keys, String where) throws OutputException {
        for (String k : m.keySet()) {
            if (!keys.contains(k)) {
                throw new OutputException("configuration " + where + ": unknown setting '" + k + "' (known: "
                        + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private static long number(Map<String, Object> m, String key, long dflt, String where) throws OutputException {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.longValue() > 0) {
            return n.longValue();
        }
        throw new OutputException("configuration " + where + "." + key + " must be a positive number, got '" + v + "'");
    }

    private static Map<String, String> query(String url) throws OutputException {
        Map<String, String> q = new LinkedHashMap<>();
        String raw;
        try {
            raw = new URI(url.trim()).getQuery();
        } catch (java.net.URISyntaxException e) {
            throw new OutputException("--syslog " + url + " is not a URL: " + e.getMessage());
        }
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                q.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return q;
    }
}
