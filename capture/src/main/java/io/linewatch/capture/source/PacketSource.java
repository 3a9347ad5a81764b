package io.linewatch.capture.source;

/** A stream of captured frames: a file, several files merged by time, or a live interface. */
public interface PacketSource extends AutoCloseable {
    /**
     * Fills {@code frame} with the next frame.
     *
     * @return false at the end of the source (never for a live source unless it was stopped)
     * @throws CaptureException with a message naming the file or interface and the problem
     */
    boolean next(Frame frame) throws CaptureException;

    /** A short name for messages: the file name or interface. */
    String name();

    /** How far through the source we are, 0..1, or -1 when unknown (live capture). */
    default double progress() {
        return -1;
    }

    /** Stops a blocking {@link #next} from another thread (live capture); files ignore it. */
    default void stop() {
    }

    @Override
    void close();
}
