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

    @Override
    public Integer call() {
        if (threads < 1) {
            Run.printError(System.err, "--threads must be at least 1");
            return ExitCodes.FAILURE;
        }
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
            PacketPipeline pipeline = threads > 1 ? new ParallelPipeline(journal, threads, false) : new Pipeline(journal);
            Progress progress = new Progress(System.err, !quiet);
            String error = new Run(source, pipeline, progress, 0).execute();
            Summary.print(System.out, "analyze " + source.name(), pipeline, progress.elapsedSeconds());
            if (error != null) {
                Run.printError(System.err, error);
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        } catch (JournalException e) {
            Run.printError(System.err, e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
