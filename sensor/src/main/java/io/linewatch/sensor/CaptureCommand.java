package io.linewatch.sensor;

import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.LiveSource;
import io.linewatch.console.ConsoleException;
import io.linewatch.console.ConsoleServer;
import io.linewatch.index.journal.Journal;
import io.linewatch.index.journal.JournalException;
import io.linewatch.index.journal.Retention;
import io.linewatch.pipeline.PacketPipeline;
import io.linewatch.pipeline.ParallelPipeline;
import io.linewatch.pipeline.Pipeline;
import io.linewatch.pipeline.Run;
import io.linewatch.baseline.BaselineConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import io.linewatch.rules.RuleEngine;
import io.linewatch.rules.RulesException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Capture passively from an interface (SPAN port or TAP; promiscuous, nothing is ever sent) "
                + "and write events.ndjson, alerts.ndjson and assets.json to the output directory. "
                + "Stops on Ctrl-C/SIGTERM, after --duration or after --count packets.")
final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--iface", required = true, paramLabel = "IF", description = "interface to listen on")
    String iface;

    @Option(names = "--bpf", paramLabel = "EXPR", description = "capture filter (tcpdump syntax)")
    String bpf;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (appended to)")
    Path out;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds")
    long durationSeconds;

    @Option(names = "--count", paramLabel = "N", description = "stop after this many packets")
    long count;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "flow-processing threads (default ${DEFAULT-VALUE}). With N > 1, packets are handed to "
                    + "workers through bounded queues; when they are full, packets are dropped and counted")
    int threads;

    @Option(names = "--stats-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "how often libpcap's receive/drop counters are reported (default ${DEFAULT-VALUE})")
    long statsInterval;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "write the asset inventory (assets.json, atomically) this often while it changes, so a crash "
                    + "loses at most this much of it (default ${DEFAULT-VALUE}); it is reloaded at the next start")
    long checkpointSeconds;

    @Option(names = "--quiet", description = "no line on standard output per new alert")
    boolean quiet;

    @Option(names = "--metrics", paramLabel = "PORT", description = "serve Prometheus metrics on "
            + "http://ADDRESS:PORT/metrics and a health check on /health (0: any free port)")
    Integer metricsPort;

    @Option(names = "--metrics-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address the metrics endpoint listens on (default ${DEFAULT-VALUE}: this host only)")
    String metricsAddress;

    @Option(names = "--health-idle", paramLabel = "SECONDS", defaultValue = "60",
            description = "/health reports a problem after this long without a packet (default ${DEFAULT-VALUE})")
    long healthIdleSeconds;

    @Option(names = "--log-file", paramLabel = "FILE", description = "write what would go to the terminal to FILE, "
            + "each line stamped with its time, rotated by size (for a service)")
    Path logFile;

    @Option(names = "--log-max-size", paramLabel = "MB", defaultValue = "10",
            description = "rotate the log file at this size (default ${DEFAULT-VALUE} MB)")
    long logMaxMegabytes;

    @Option(names = "--log-keep", paramLabel = "N", defaultValue = "5",
            description = "rotated log files kept: FILE.1 .. FILE.N (default ${DEFAULT-VALUE})")
    int logKeep;

    @Mixin
    RuleOptions ruleOptions;

    @Mixin
    TransactionOptions transactionOptions;

    @Mixin
    BaselineOptions baselineOptions;

    @Mixin
    ElasticsearchOptions es;

    @Option(names = "--console", paramLabel = "PORT", arity = "0..1", fallbackValue = "" + ConsoleServer.DEFAULT_PORT,
            description = "also serve the web console of this live sensor (port default ${FALLBACK-VALUE})")
    Integer consolePort;

    @Mixin
    ConsoleOptions console;

    @Mixin
    OutputOptions outputs;

    @Mixin
    JournalOptions journalOptions;

    /** How often retention checks the disk budget. */
    private static final long RETENTION_SECONDS = 5;

    /** At shutdown, wait at most this long for Elasticsearch: the rest is journaled and sent on the next start. */
    private static final java.time.Duration SHUTDOWN_DRAIN = java.time.Duration.ofSeconds(20);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (durationSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--duration must be positive (seconds), got " + durationSeconds);
        }
        if (count < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--count must be positive (packets), got " + count);
        }
        if (checkpointSeconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--checkpoint-interval must be at least 1 (seconds), got " + checkpointSeconds);
        }
        if (statsInterval < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--stats-interval must be at least 1 (seconds), got " + statsInterval);
        }
        if (Run.threadsProblem(threads) != null) {
            Cli.printError(System.err, Run.threadsProblem(threads));
            return ExitCodes.FAILURE;
        }
        if (logFile != null) {
            try {
                new RotatingLog(logFile, logMaxMegabytes << 20, logKeep).install();
            } catch (java.io.IOException e) {
                Cli.printError(System.err, "cannot open log file " + logFile + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
        try {
            transactionOptions.output();
        } catch (IllegalArgumentException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        RuleEngine.Pack rules;
        JournalOptions.Resolved journalSettings;
        BaselineOptions.Prepared learning;
        Shipping shipping;
        Alerting alerting;
        try {
            SensorConfig config = es.config == null ? SensorConfig.empty() : SensorConfig.load(es.config);
            rules = ruleOptions.compile(config);
            journalSettings = journalOptions.resolve(config, out);
            // a restarted sensor continues its own baseline; a new one learns for a plant's week
            learning = baselineOptions.prepare(BaselineConfig.CAPTURE_DEFAULT_LEARN, out, true);
            shipping = Shipping.connect(es); // bad settings fail here, before any packet
        } catch (BaselineOptions.BadOption | RulesException | Shipping.StartupException | SensorConfig.ConfigException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        try {
            alerting = Alerting.open(es, outputs, quiet ? null : System.out);
        } catch (Shipping.StartupException e) {
            shipping.close();
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        MetricsServer server = null;
        if (metricsPort != null) {
            try {
                server = new MetricsServer(new java.net.InetSocketAddress(metricsAddress, metricsPort));
            } catch (java.io.IOException | RuntimeException e) {
                shipping.close();
                alerting.close();
                Cli.printError(System.err, "cannot serve metrics on " + metricsAddress + ":" + metricsPort + ": "
                        + e.getMessage());
                return ExitCodes.FAILURE;
            }
            System.err.printf("linewatch: metrics on http://%s:%d/metrics, health on /health%n", metricsAddress,
                    server.port());
        }
        MetricsServer metrics = server;
        try (shipping; alerting; metrics) {
            return capture(shipping, rules, learning, alerting, metrics, journalSettings);
        }
    }

    private int capture(Shipping shipping, RuleEngine.Pack rules, BaselineOptions.Prepared learning,
            Alerting alerting, MetricsServer metrics, JournalOptions.Resolved journalSettings) {
        LiveSource source;
        try {
            source = new LiveSource(iface, bpf);
        } catch (CaptureException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        Journal journal;
        try {
            journal = new Journal(out, false, journalSettings.segmentBytes());
        } catch (JournalException e) {
            source.close();
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        alerting.attach(journal);
        try {
            shipping.start(out, false); // resumes from its cursor: what an outage or restart left is sent first
        } catch (Shipping.StartupException e) {
            journal.close();
            source.close();
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        Retention retention = journalSettings.limited()
                ? journal.retain(journalSettings.budgetBytes(), shipping.shipped()) : null;
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            source.stop();
            try {
                finished.await(30, TimeUnit.SECONDS); // let the run flush the journal
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "linewatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // SIGTERM (systemd stop) and SIGINT (Ctrl-C) end the capture like --duration does: the run finishes,
        // flushes and exits 0; a second signal gets the previous behaviour (the hook above still waits for the
        // flush)
        StopSignals signals = StopSignals.install(source::stop);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "linewatch-timer");
            t.setDaemon(true);
            return t;
        });
        // at the end the timer is shut down, not interrupted: an interrupt during the journal's sync closes its
        // file channel (FileChannel is interruptible), and the final writes then fail with ClosedChannelException
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        PacketPipeline pipeline;
        if (threads > 1) {
            ParallelPipeline parallel = new ParallelPipeline(journal, rules, null, threads, true,
                    transactionOptions.output());
            source.onIdle(() -> parallel.idle(System.currentTimeMillis() * 1_000_000L));
            pipeline = parallel;
        } else {
            Pipeline single = new Pipeline(journal, rules, null, transactionOptions.output());
            // a live sensor's capture time is the wall clock: quiet flows still end on time
            source.onIdle(() -> single.idle(System.currentTimeMillis() * 1_000_000L));
            pipeline = single;
        }
        try {
            learning.applyTo(pipeline);
        } catch (IOException e) {
            // a saved baseline that cannot be read: learning afresh would report the whole plant as new
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(timer);
            journal.close();
            source.close();
            Cli.printError(System.err, "cannot continue the baseline: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        String restoreProblem = restoreAssets(pipeline);
        if (restoreProblem != null) {
            Cli.printError(System.err, restoreProblem);
        }
        pipeline.checkpointAssetsEvery(TimeUnit.SECONDS.toNanos(checkpointSeconds));
        if (retention != null) {
            System.err.printf("linewatch: disk budget for %s: %s (%s); journal segments of %s%n", out,
                    Retention.size(journalSettings.budgetBytes()), journalSettings.budgetText(),
                    Retention.size(journalSettings.segmentBytes()));
            enforceQuietly(retention); // what an earlier run left over budget goes before the first packet
            timer.scheduleWithFixedDelay(() -> enforceQuietly(retention), RETENTION_SECONDS, RETENTION_SECONDS,
                    TimeUnit.SECONDS);
        }
        timer.scheduleAtFixedRate(() -> printStats(source, pipeline, shipping, alerting, journal), statsInterval,
                Math.max(1, statsInterval), TimeUnit.SECONDS);
        if (metrics != null) {
            ServiceStatus status = new ServiceStatus(pipeline, source, shipping, alerting, out,
                    java.time.Duration.ofSeconds(Math.max(1, healthIdleSeconds)), java.time.Duration.ofSeconds(60));
            status.retention(retention);
            status.sample();
            metrics.serve(status);
            timer.scheduleAtFixedRate(status::sample, 1, 1, TimeUnit.SECONDS);
        }
        // what was captured reaches the disk (and so the shipper) within a second, even when traffic stops
        timer.scheduleAtFixedRate(() -> syncQuietly(journal), 1, 1, TimeUnit.SECONDS);
        if (durationSeconds > 0) {
            timer.schedule(source::stop, durationSeconds, TimeUnit.SECONDS);
        }
        ConsoleServer consoleServer = null;
        try {
            if (consolePort != null) {
                PacketPipeline running = pipeline;
                consoleServer = ConsoleServer.serveLive(out, running::snapshot,
                        () -> captureHealth(source, shipping, journal),
                        running::changeBaseline,
                        console.settings(consolePort), System.out);
                System.out.println("console: serving the live sensor at " + consoleServer.url());
            }
            Progress progress = new Progress(System.err, false);
            Run run = new Run(source, pipeline, progress, count);
            String error = run.execute();
            stop(timer);
            printStats(source, pipeline, shipping, alerting, journal);
            Summary.print(System.out, "capture " + iface, pipeline, progress.elapsedSeconds());
            alerting.finish(System.out, java.time.Duration.ofSeconds(10));
            if (metrics != null) {
                metrics.serve(null); // the source is closed next
            }
            journal.close();
            source.close();
            String recorded = RunRecord.write(out, "capture", List.of(io.linewatch.inventory.export.RunInfo.iface(iface)),
                    es.sensorNameForRun(), run, pipeline, true);
            error = error == null ? recorded : error;
            boolean shipped = shipping.finish(System.out, System.err, out, SHUTDOWN_DRAIN);
            if (error != null) {
                Cli.printError(System.err, error);
                return ExitCodes.FAILURE;
            }
            // stopped by the operator or the service manager: what is not yet in Elasticsearch is journaled and
            // sent on the next start, which is not a failure
            return shipped || signals.received() ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (ConsoleException e) { // before the first packet: nothing captured yet
            stop(timer);
            journal.close();
            source.close();
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        } catch (JournalException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            signals.restore();
            if (consoleServer != null) {
                consoleServer.close();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running and waits on the latch released above
            }
        }
    }

    /** Lets a running timer task (a journal sync, a stats line) finish; cancels the rest. */
    private static void stop(ScheduledThreadPoolExecutor timer) {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reloads the inventory an earlier run left in the output directory. An unreadable file is set aside
     * (never overwritten) and the run starts with an empty inventory.
     *
     * @return a warning line, or null
     */
    private String restoreAssets(PacketPipeline pipeline) {
        java.nio.file.Path file = out.resolve(Journal.ASSETS_FILE);
        if (!java.nio.file.Files.exists(file)) {
            return null;
        }
        try {
            Object root = io.linewatch.model.Json.read(java.nio.file.Files.readString(file));
            java.util.List<io.linewatch.model.EventDoc> docs = new java.util.ArrayList<>();
            for (Object o : (java.util.List<?>) root) {
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> m = (java.util.Map<String, Object>) o;
                docs.add(io.linewatch.model.EventDoc.of(m));
            }
            pipeline.restoreAssets(docs);
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            java.nio.file.Path aside = out.resolve(Journal.ASSETS_FILE + ".unreadable-" + System.currentTimeMillis());
            try {
                java.nio.file.Files.move(file, aside);
            } catch (java.io.IOException ignored) {
                // left where it is; the end of this run replaces it
            }
            return "cannot reload " + file + " (" + io.linewatch.model.IoErrors.reason(e)
                    + "); starting with an empty inventory, the old file is kept as " + aside.getFileName();
        }
    }

    /** What only the sensor knows, for the console's capture health. */
    private static Map<String, Object> captureHealth(LiveSource source, Shipping shipping, Journal journal) {
        LiveSource.Stats s = source.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("libpcap_received", s.received());
        m.put("libpcap_dropped", s.dropped());
        m.put("libpcap_dropped_by_interface", s.droppedByInterface());
        m.put("elasticsearch", shipping.report());
        m.put("journal", journalHealth(shipping, journal));
        return m;
    }

    /** The journal's size, retention and backlog, for the console's health and the stats line. */
    static Map<String, Object> journalHealth(Shipping shipping, Journal journal) {
        Map<String, Object> m = new LinkedHashMap<>();
        long bytes = 0;
        long segments = 0;
        for (Journal.Stream st : Journal.Stream.values()) {
            try {
                for (io.linewatch.model.JournalSegments.Segment seg
                        : io.linewatch.model.JournalSegments.all(journal.directory(), st.fileName)) {
                    bytes += java.nio.file.Files.size(seg.file());
                    segments++;
                }
            } catch (IOException e) {
                // a segment removed while counting: the next sample is right
            }
        }
        m.put("bytes", bytes);
        m.put("segments", segments);
        m.put("segments_sealed_this_run", journal.segmentsSealed());
        Retention r = journal.retention();
        if (r != null) {
            Retention.Stats st = r.stats();
            m.put("disk_budget_bytes", st.budgetBytes());
            m.put("directory_bytes", st.usedBytes());
            m.put("over_budget", st.overBudget());
            m.put("shipped_segments_removed", st.shippedSegmentsRemoved());
            m.put("unshipped_segments_removed", st.unshippedSegmentsRemoved());
            m.put("unshipped_documents_removed", st.unshippedDocumentsRemoved());
        }
        io.linewatch.index.es.ShipperStatus es = shipping.status();
        if (es != null) {
            m.put("backlog_documents", es.documentsBehind());
            m.put("backlog_bytes", es.bytesBehind());
            m.put("backlog_growth_bytes_per_second", Math.round(shipping.backlog().bytesPerSecond()));
            m.put("backlog_growth_documents_per_second", Math.round(shipping.backlog().documentsPerSecond()));
            m.put("backlog_peak_documents", shipping.backlog().peakDocuments());
        }
        return m;
    }

    /** A failure here (the directory unreadable) is said once per check and retried; capture goes on. */
    private static void enforceQuietly(Retention retention) {
        try {
            retention.enforce();
        } catch (RuntimeException e) {
            System.err.println("linewatch: " + e.getMessage());
        }
    }

    /** A write error here also stops the capture thread at its next append, which reports it. */
    private static void syncQuietly(Journal journal) {
        try {
            journal.sync();
        } catch (JournalException ignored) {
            // reported by the run
        }
    }

    private static void printStats(LiveSource source, PacketPipeline pipeline, Shipping shipping, Alerting alerting,
            Journal journal) {
        LiveSource.Stats s = source.stats();
        String queues = pipeline.workers() > 1
                ? String.format("  dropped at full worker queues %,d", pipeline.queueDrops()) : "";
        System.err.printf("linewatch: libpcap received %,d  dropped %,d  dropped by interface %,d%s%n",
                s.received(), s.dropped(), s.droppedByInterface(), queues);
        String lag = shipping.report();
        if (lag != null) {
            System.err.println("linewatch: " + lag);
        }
        Map<String, Object> j = journalHealth(shipping, journal);
        Retention r = journal.retention();
        System.err.printf("linewatch: journal %,d bytes in %d segments%s%n", (Long) j.get("bytes"), (Long) j.get("segments"),
                r == null ? "" : "; " + r.stats().summary());
        alerting.stats().forEach(o -> System.err.println("linewatch: " + o.summary()));
    }
}
