package io.linewatch.sensor;

import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.JournalException;
import java.io.PrintStream;

/**
 * Drives a source through a pipeline to the end (or to the first error), always finishing the
 * pipeline so that everything accepted before a failure is kept.
 */
final class Run {
    /** More flow threads than this only costs memory (each has its own queues and flow table). */
    static final int MAX_THREADS = 64;

    /** @return the one-line problem with a {@code --threads} value, or null */
    static String threadsProblem(int threads) {
        return threads < 1 || threads > MAX_THREADS ? "--threads must be between 1 and " + MAX_THREADS + ", got " + threads
                : null;
    }

    private final PacketSource source;
    private final PacketPipeline pipeline;
    private final Progress progress;
    private final long maxPackets;
    private String error;

    Run(PacketSource source, PacketPipeline pipeline, Progress progress, long maxPackets) {
        this.source = source;
        this.pipeline = pipeline;
        this.progress = progress;
        this.maxPackets = maxPackets;
    }

    /** @return the error that stopped the run, or null */
    String execute() {
        Frame frame = new Frame();
        try {
            while ((maxPackets <= 0 || pipeline.packets() < maxPackets) && source.next(frame)) {
                pipeline.process(frame);
                progress.tick(pipeline.packets(), source.progress());
            }
        } catch (CaptureException | JournalException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            // a bug, not bad input: still keep what was accepted, and say where it happened
            error = "internal error after packet " + pipeline.packets() + ": " + e;
            e.printStackTrace();
        }
        try {
            pipeline.finish();
        } catch (JournalException e) {
            error = error == null ? e.getMessage() : error;
        } catch (RuntimeException e) {
            // a worker thread's bug (parallel pipeline): reported like one on this thread
            error = error == null ? "internal error: " + e.getMessage() : error;
            e.printStackTrace();
        }
        progress.done();
        return error;
    }

    static void printError(PrintStream err, String message) {
        err.println("linewatch: " + message);
    }
}
