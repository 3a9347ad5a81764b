package io.linewatch.sensor;

import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.MergedSource;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.index.journal.JournalException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Mixin
    ElasticsearchOptions es;

    @Override
    public Integer call() {
        Shipping shipping;
        try {
            shipping = Shipping.connect(es); // bad settings fail here, before any packet
        } catch (Shipping.StartupException e) {
            Run.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (shipping) {
            return analyze(shipping);
        }
    }

    private int analyze(Shipping shipping) {
        List<PacketSource> sources = new ArrayList<>();
        try {
            for (Path f : files) {
                sources.add(new CaptureFileReader(f));
            }
        } catch (CaptureException e) {
            sources.forEach(PacketSource::close);
            Run.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        Journal journal;
        try {
            journal = new Journal(out, true);
        } catch (JournalException e) {
            sources.forEach(PacketSource::close);
            Run.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (PacketSource source = new MergedSource(sources); journal) {
            shipping.start(out, true); // follows the journal while it is written
            Pipeline pipeline = new Pipeline(journal);
            Progress progress = new Progress(System.err, !quiet);
            String error = new Run(source, pipeline, progress, 0).execute();
            Summary.print(System.out, "analyze " + source.name(), pipeline, progress.elapsedSeconds());
            boolean shipped = shipping.finish(System.out, System.err, out, null);
            if (error != null) {
                Run.printError(System.err, error);
                return ExitCodes.FAILURE;
            }
            return shipped ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (Shipping.StartupException e) {
            Run.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        } catch (JournalException e) {
            Run.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
