package io.linewatch.sensor;

import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.LiveSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.index.journal.JournalException;
import io.linewatch.pipeline.PacketPipeline;
import io.linewatch.pipeline.ParallelPipeline;
import io.linewatch.pipeline.Pipeline;
import io.linewatch.pipeline.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    @Mixin
    RuleOptions ruleOptions;

    @Mixin
    ElasticsearchOptions es;

    /** At shutdown, wait at most this long for Elasticsearch: the rest is journaled and sent on the next start. */
    private static final java.time.Duration SHUTDOWN_DRAIN = java.time.Duration.ofSeconds(20);

    @Override
    public Integer call() {
        if (threads < 1) {
            Cli.printError(System.err, "--threads must be at least 1");
            return ExitCodes.FAILURE;
        }
        RuleEngine.Pack rules;
        Shipping shipping;
        try {
            rules = ruleOptions.compile();
            shipping = Shipping.connect(es); // bad settings fail here, before any packet
        } catch (RulesException | Shipping.StartupException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (shipping) {
            return capture(shipping, rules);
        }
    }

    private int capture(Shipping shipping, RuleEngine.Pack rules) {
        LiveSource source;
        try {
            source = new LiveSource(iface, bpf);
        } catch (CaptureException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        Journal journal;
        try {
            journal = new Journal(out, false);
        } catch (JournalException e) {
            source.close();
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        try {
            shipping.start(out, false); // resumes from its cursor: what an outage or restart left is sent first
        } catch (Shipping.StartupException e) {
            journal.close();
            source.close();
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
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
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "linewatch-timer");
            t.setDaemon(true);
            return t;
        });
        PacketPipeline pipeline;
        if (threads > 1) {
            ParallelPipeline parallel = new ParallelPipeline(journal, rules, null, threads, true);
            source.onIdle(parallel::flushIdle);
            pipeline = parallel;
        } else {
            Pipeline single = new Pipeline(journal, rules, null);
            // a live sensor's capture time is the wall clock: quiet flows still end on time
            source.onIdle(() -> single.idle(System.currentTimeMillis() * 1_000_000L));
            pipeline = single;
        }
        timer.scheduleAtFixedRate(() -> printStats(source, pipeline, shipping), statsInterval, Math.max(1, statsInterval),
                TimeUnit.SECONDS);
        // what was captured reaches the disk (and so the shipper) within a second, even when traffic stops
        timer.scheduleAtFixedRate(() -> syncQuietly(journal), 1, 1, TimeUnit.SECONDS);
        if (durationSeconds > 0) {
            timer.schedule(source::stop, durationSeconds, TimeUnit.SECONDS);
        }
        try {
            Progress progress = new Progress(System.err, false);
            Run run = new Run(source, pipeline, progress, count);
            String error = run.execute();
            timer.shutdownNow();
            printStats(source, pipeline, shipping);
            Summary.print(System.out, "capture " + iface, pipeline, progress.elapsedSeconds());
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
            return shipped ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (JournalException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running and waits on the latch released above
            }
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

    private static void printStats(LiveSource source, PacketPipeline pipeline, Shipping shipping) {
        LiveSource.Stats s = source.stats();
        String queues = pipeline.workers() > 1
                ? String.format("  dropped at full worker queues %,d", pipeline.queueDrops()) : "";
        System.err.printf("linewatch: libpcap received %,d  dropped %,d  dropped by interface %,d%s%n",
                s.received(), s.dropped(), s.droppedByInterface(), queues);
        String lag = shipping.report();
        if (lag != null) {
            System.err.println("linewatch: " + lag);
        }
    }
}
