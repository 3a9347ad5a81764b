package io.linewatch.sensor;

import io.linewatch.inventory.advisories.AdvisoryException;
import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.MergedSource;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.index.journal.JournalException;
import io.linewatch.pipeline.PacketPipeline;
import io.linewatch.pipeline.ParallelPipeline;
import io.linewatch.pipeline.Pipeline;
import io.linewatch.pipeline.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import io.linewatch.rules.RuleEngine;
import io.linewatch.rules.RulesException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyze pcap/pcapng files (several are merged in time order) and write "
                + "events.ndjson, alerts.ndjson and assets.json to the output directory.")
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "capture files (pcap or pcapng)")
    List<Path> files;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "flow-processing threads (default ${DEFAULT-VALUE}: everything on one thread). With N > 1 a "
                    + "reader and a merger thread are added; the output is the same for the same input and N, and "
                    + "may order flow records differently from N = 1 (docs/PERFORMANCE.md)")
    int threads;

    @Option(names = "--advisories", paramLabel = "DIR", description = "folder of CSAF 2.0 advisories to match against the assets")
    Path advisories;

    @Mixin
    RuleOptions ruleOptions;

    @Mixin
    TransactionOptions transactionOptions;

    @Mixin
    BaselineOptions baselineOptions;

    @Mixin
    ElasticsearchOptions es;

    @Mixin
    OutputOptions outputs;

    @Override
    public Integer call() {
        if (Run.threadsProblem(threads) != null) {
            Cli.printError(System.err, Run.threadsProblem(threads));
            return ExitCodes.FAILURE;
        }
        try {
            transactionOptions.output();
        } catch (IllegalArgumentException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        RuleEngine.Pack rules;
        BaselineOptions.Prepared learning;
        AdvisoryLibrary library = null;
        Shipping shipping;
        try {
            rules = ruleOptions.compile(es.config == null ? SensorConfig.empty() : SensorConfig.load(es.config));
            // without a learning option the whole run learns and nothing is reported
            learning = baselineOptions.prepare(-1, out, false);
            if (advisories != null) {
                library = InventoryCommand.loadAdvisories(advisories);
            }
            shipping = Shipping.connect(es); // bad settings fail here, before any packet
        } catch (BaselineOptions.BadOption | RulesException | AdvisoryException | Shipping.StartupException
                | SensorConfig.ConfigException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        Alerting alerting;
        try {
            alerting = Alerting.open(es, outputs, null);
        } catch (Shipping.StartupException e) {
            shipping.close();
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (shipping; alerting) {
            return analyze(shipping, rules, library, learning, alerting);
        }
    }

    /** {@code run.json}: sensor, input files with their SHA-256, observation window. */
    private String recordRun(Run run, PacketPipeline pipeline) {
        try {
            return RunRecord.write(out, "analyze", RunRecord.files(files), es.sensorNameForRun(), run, pipeline, false);
        } catch (java.io.IOException e) {
            return "cannot read " + e.getMessage() + " again to record it in run.json";
        }
    }

    private int analyze(Shipping shipping, RuleEngine.Pack rules, AdvisoryLibrary library,
            BaselineOptions.Prepared learning, Alerting alerting) {
        List<PacketSource> sources = new ArrayList<>();
        try {
            for (Path f : files) {
                sources.add(new CaptureFileReader(f));
            }
        } catch (CaptureException e) {
            sources.forEach(PacketSource::close);
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        Journal journal;
        try {
            // an analysis is bounded by its capture and read whole (dissect-compare, report): one file per stream
            journal = new Journal(out, true, 0);
        } catch (JournalException e) {
            sources.forEach(PacketSource::close);
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        alerting.attach(journal);
        try (PacketSource source = new MergedSource(sources); journal) {
            shipping.start(out, true); // follows the journal while it is written
            PacketPipeline pipeline = threads > 1 ? new ParallelPipeline(journal, rules, library, threads, false,
                    transactionOptions.output())
                    : new Pipeline(journal, rules, library, transactionOptions.output());
            try {
                learning.applyTo(pipeline);
            } catch (IOException e) {
                Cli.printError(System.err, "cannot continue the baseline: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            Progress progress = new Progress(System.err, !quiet);
            Run run = new Run(source, pipeline, progress, 0);
            String error = run.execute();
            Summary.print(System.out, "analyze " + source.name(), pipeline, progress.elapsedSeconds());
            alerting.finish(System.out, java.time.Duration.ofSeconds(30));
            String recorded = recordRun(run, pipeline);
            if (recorded != null) {
                error = error == null ? recorded : error;
            }
            boolean shipped = shipping.finish(System.out, System.err, out, null);
            if (error != null) {
                Cli.printError(System.err, error);
                return ExitCodes.FAILURE;
            }
            return shipped ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (Shipping.StartupException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        } catch (JournalException e) {
            Cli.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
