package io.linewatch.sensor;

import io.linewatch.index.es.DrainResult;
import io.linewatch.index.es.EsConfigException;
import io.linewatch.index.es.EsSettings;
import io.linewatch.index.es.EsShipper;
import io.linewatch.index.es.ShipperStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Elasticsearch side of a run, in the few calls the commands need: {@link #connect} before any packet
 * (bad settings fail here, with one line; an unreachable cluster is a warning, the shipper waits for it), {@link #start} once the journal is open, {@link #report} for
 * periodic lag lines, and {@link #finish} to wait for the backlog (bounded) and report what is left.
 * Without an Elasticsearch URL every call does nothing: the journal alone is the store.
 */
final class Shipping implements AutoCloseable {
    private final EsShipper shipper;

    private Shipping(EsShipper shipper) {
        this.shipper = shipper;
    }

    /** @throws StartupException with the one line to print */
    static Shipping connect(ElasticsearchOptions options) throws StartupException {
        EsSettings settings;
        try {
            settings = options.resolve(System.getenv());
        } catch (SensorConfig.ConfigException | EsConfigException e) {
            throw new StartupException(e.getMessage());
        }
        if (settings == null) {
            return new Shipping(null);
        }
        EsShipper shipper;
        try {
            shipper = EsShipper.connect(settings);
        } catch (EsConfigException e) {
            throw new StartupException(e.getMessage());
        }
        if (shipper.notConnectedReason() != null) {
            // an outage is no reason not to record: the journal keeps everything until the cluster answers
            System.err.printf("linewatch: %s (recording to the journal; shipping when it answers)%n",
                    shipper.notConnectedReason());
        }
        return new Shipping(shipper);
    }

    boolean enabled() {
        return shipper != null;
    }

    /** Starts following the journal in {@code dir}; {@code rewritten}: it was just started empty. */
    void start(Path dir, boolean rewritten) throws StartupException {
        if (shipper != null) {
            try {
                shipper.start(dir, rewritten);
            } catch (EsConfigException e) {
                throw new StartupException(e.getMessage());
            }
        }
    }

    /** The shipper's figures, or null when not shipping. */
    ShipperStatus status() {
        return shipper == null ? null : shipper.status();
    }

    /** One line on lag and counts, or null when not shipping. */
    String report() {
        if (shipper == null) {
            return null;
        }
        return "elasticsearch " + shipper.settings().destination() + ": " + shipper.status().summary();
    }

    /**
     * Waits until everything journaled is in Elasticsearch (or set aside), at most {@code limit} (null: the
     * configured drain timeout), then prints the outcome.
     *
     * @return false when documents remain unsent (they stay in the journal for the next run)
     */
    boolean finish(PrintStream out, PrintStream err, Path dir, Duration limit) {
        if (shipper == null) {
            return true;
        }
        Duration timeout = limit == null ? shipper.settings().drainTimeout() : limit;
        DrainResult r = shipper.drain(timeout);
        ShipperStatus s = r.status();
        out.printf("  elasticsearch %s%n", s.summary());
        if (s.rejected() > 0) {
            err.printf("linewatch: Elasticsearch refused %,d documents; they are kept with the reason in %s%n",
                    s.rejected(), shipper.rejectedFile());
        }
        if (!r.complete()) {
            err.printf("linewatch: %,d documents (%,d bytes) not yet in Elasticsearch after %d s%s; they stay in "
                    + "%s: send them with 'linewatch ship --out %s' and the same Elasticsearch settings%n",
                    s.documentsBehind(), s.bytesBehind(), timeout.toSeconds(),
                    s.lastError() == null ? "" : " (" + s.lastError() + ")", dir, dir);
        }
        return r.complete();
    }

    @Override
    public void close() {
        if (shipper != null) {
            shipper.close();
        }
    }

    /** Settings unusable at start-up: one line for the operator. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message) {
            super(message);
        }
    }
}
