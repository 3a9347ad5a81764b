package io.linewatch.sensor;

import io.linewatch.index.journal.Journal;
import io.linewatch.index.outputs.AlertOutput;
import io.linewatch.index.outputs.AlertUpdates;
import io.linewatch.index.outputs.OutputStats;
import io.linewatch.model.EventDoc;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The alert side of a run: every alert the journal takes is also offered to the outputs (syslog, webhooks; each
 * queues and returns) and, on a live capture, printed as one line on standard output; of an open alert's updates
 * only those that raise its severity or move it to another incident ({@link AlertUpdates}): the others are counted.
 */
final class Alerting implements AutoCloseable {
    private final List<AlertOutput> outputs;
    private final PrintStream console;
    private final AlertUpdates updates = new AlertUpdates();

    /** @param console where a line per alert goes, or null */
    Alerting(List<AlertOutput> outputs, PrintStream console) {
        this.outputs = List.copyOf(outputs);
        this.console = console;
    }

    /**
     * Opens the outputs the options and the configuration file name.
     *
     * @param console where a line per alert goes, or null
     * @throws Shipping.StartupException with the one line to print
     */
    static Alerting open(ElasticsearchOptions es, OutputOptions options, PrintStream console)
            throws Shipping.StartupException {
        try {
            SensorConfig file = es.configFile();
            return new Alerting(options.open(file, es.sensorName(file)), console);
        } catch (SensorConfig.ConfigException | io.linewatch.index.outputs.OutputException e) {
            throw new Shipping.StartupException(e.getMessage());
        }
    }

    void attach(Journal journal) {
        if (outputs.isEmpty() && console == null) {
            return;
        }
        journal.addListener(Journal.Stream.ALERTS, this::alert);
    }

    private void alert(EventDoc doc) {
        Map<String, Object> alert = doc.asMap();
        if (!updates.send(alert)) {
            return;
        }
        if (console != null) {
            console.println(line(alert));
        }
        for (AlertOutput o : outputs) {
            o.offer(alert);
        }
    }

    /** {@code 2024-05-04T06:01:02.345Z alert OT-CTL-001 severity 73 10.3.0.5 -> 10.3.0.9:102 s7comm: PLC stop ...} */
    static String line(Map<String, Object> a) {
        StringBuilder b = new StringBuilder();
        b.append(value(a, "@timestamp")).append(" alert ").append(value(a, "rule.id"))
                .append(" severity ").append(value(a, "event.severity"));
        Object src = get(a, "source.ip");
        Object dst = get(a, "destination.ip");
        if (src != null || dst != null) {
            b.append(' ').append(src == null ? "?" : src).append(" -> ").append(dst == null ? "?" : dst);
            Object port = get(a, "destination.port");
            if (port != null) {
                b.append(':').append(port);
            }
        }
        Object protocol = get(a, "network.protocol");
        if (protocol != null) {
            b.append(' ').append(protocol);
        }
        return b.append(": ").append(value(a, "message")).toString().replace('\n', ' ');
    }

    private static String value(Map<String, Object> a, String path) {
        Object v = get(a, path);
        return v == null ? "-" : v.toString();
    }

    private static Object get(Map<String, Object> doc, String path) {
        Object node = doc.get(path);
        if (node != null || path.indexOf('.') < 0) {
            return node;
        }
        node = doc;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(part);
        }
        return node;
    }

    List<OutputStats> stats() {
        return outputs.stream().map(AlertOutput::stats).toList();
    }

    /** Waits up to {@code drain} for every output to empty its queue, then prints one line per output. */
    void finish(PrintStream out, Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        for (AlertOutput o : outputs) {
            o.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            out.printf("  alerts to    %s%n", o.stats().summary());
        }
        if (!outputs.isEmpty() && updates.notSent() > 0) {
            out.printf("  alert updates not resent %,d (same alert, severity and incident)%n", updates.notSent());
        }
    }

    /** Updates of alerts already sent that were not sent again. */
    long updatesNotSent() {
        return updates.notSent();
    }

    @Override
    public void close() {
        for (AlertOutput o : outputs) {
            o.close(Duration.ZERO);
        }
    }
}
