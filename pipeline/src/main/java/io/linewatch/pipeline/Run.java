package io.linewatch.pipeline;

import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.JournalException;

/**
 * Drives a source through a pipeline to the end (or to the first error), always finishing the
 * pipeline so that everything accepted before a failure is kept.
 */
public final class Run {
    /** More flow threads than this only costs memory (each has its own queues and flow table). */
    public static final int MAX_THREADS = 64;

    /** @return the one-line problem with a {@code --threads} value, or null */
    public static String threadsProblem(int threads) {
        return threads < 1 || threads > MAX_THREADS ? "--threads must be between 1 and " + MAX_THREADS + ", got " + threads
                : null;
    }

    /** Told of the packets processed so far, after every packet (it decides itself how often to look). */
    @FunctionalInterface
    public interface Listener {
        /** @param fraction how much of the input has been read (0..1), or negative when unknown (live capture) */
        void tick(long packets, double fraction);

        /** The run ended (the pipeline is finished). */
        default void done() {
        }
    }

    private final PacketSource source;
    private final PacketPipeline pipeline;
    private final Listener listener;
    private final long maxPackets;
    private String error;
    private long firstTimestamp = Long.MIN_VALUE;
    private long lastTimestamp = Long.MIN_VALUE;

    /** @param maxPackets stop after this many packets; 0 or less: read the source to its end */
    public Run(PacketSource source, PacketPipeline pipeline, Listener listener, long maxPackets) {
        this.source = source;
        this.pipeline = pipeline;
        this.listener = listener;
        this.maxPackets = maxPackets;
    }

    /** Capture time of the earliest packet read (the observation window's start); Long.MIN_VALUE before any. */
    public long firstTimestampNanos() {
        return firstTimestamp;
    }

    /** Capture time of the latest packet read; Long.MIN_VALUE before any. */
    public long lastTimestampNanos() {
        return lastTimestamp;
    }

    /** @return the error that stopped the run, or null */
    public String execute() {
        Frame frame = new Frame();
        try {
            while ((maxPackets <= 0 || pipeline.packets() < maxPackets) && source.next(frame)) {
                if (firstTimestamp == Long.MIN_VALUE) {
                    firstTimestamp = frame.timestampNanos;
                }
                firstTimestamp = Math.min(firstTimestamp, frame.timestampNanos);
                lastTimestamp = Math.max(lastTimestamp, frame.timestampNanos);
                pipeline.process(frame);
                listener.tick(pipeline.packets(), source.progress());
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
        if (error != null) {
            pipeline.reportError(error);
        }
        listener.done();
        return error;
    }
}
