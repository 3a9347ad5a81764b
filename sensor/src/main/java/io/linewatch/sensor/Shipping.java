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
        if (shipper == null) {
            return null;
        }
        ShipperStatus s = shipper.status();
        backlog.sample(System.nanoTime(), s.documentsBehind(), s.bytesBehind());
        return s;
    }

    /** Where the shipper is in each journal stream, for retention; null when not shipping (nothing is shipped). */
    io.linewatch.index.journal.Retention.Shipped shipped() {
        return shipper == null ? null : shipper::shippedUpTo;
    }

    /** How the backlog (journal not yet in Elasticsearch) moved: an outage shows as steady growth. */
    Backlog backlog() {
        return backlog;
    }

    /** One line on lag, its growth and counts, or null when not shipping. */
    String report() {
        if (shipper == null) {
            return null;
        }
        ShipperStatus s = status();
        return "elasticsearch " + shipper.settings().destination() + ": " + s.summary() + "; " + backlog.summary();
    }

    private final Backlog backlog = new Backlog();

    /**
     * Samples of the backlog, for its growth rate over the last {@value #WINDOW_SECONDS} s and its peak in this run.
     * Sampled whenever the status is read (the stats line, /metrics, the console).
     */
    static final class Backlog {
        static final long WINDOW_SECONDS = 60;
        private final java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();
        private long peakDocuments;
        private long peakBytes;

        synchronized void sample(long nanos, long documents, long bytes) {
            samples.addLast(new long[] {nanos, documents, bytes});
            while (samples.size() > 2 && nanos - samples.peekFirst()[0] > WINDOW_SECONDS * 1_000_000_000L) {
                samples.removeFirst();
            }
            peakDocuments = Math.max(peakDocuments, documents);
            peakBytes = Math.max(peakBytes, bytes);
        }

        /** Backlog growth in bytes per second over the window (negative: it is being shipped down); 0 if unknown. */
        synchronized double bytesPerSecond() {
            return rate(2);
        }

        synchronized double documentsPerSecond() {
            return rate(1);
        }

        private double rate(int field) {
            if (samples.size() < 2) {
                return 0;
            }
            long[] first = samples.peekFirst();
            long[] last = samples.peekLast();
            double seconds = (last[0] - first[0]) / 1e9;
            return seconds < 0.5 ? 0 : (last[field] - first[field]) / seconds;
        }

        synchronized long peakDocuments() {
            return peakDocuments;
        }

        synchronized long peakBytes() {
            return peakBytes;
        }

        String summary() {
            return String.format(java.util.Locale.ROOT, "backlog growth %+,.0f documents/s (%+,.0f bytes/s), peak %,d "
                    + "documents (%,d bytes)", documentsPerSecond(), bytesPerSecond(), peakDocuments(), peakBytes());
        }
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
        backlog.sample(System.nanoTime(), s.documentsBehind(), s.bytesBehind());
        out.printf("  elasticsearch %s%n", s.summary());
        out.printf("  backlog      peak %,d documents (%,d bytes) waiting in the journal during the run%n",
                backlog.peakDocuments(), backlog.peakBytes());
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
