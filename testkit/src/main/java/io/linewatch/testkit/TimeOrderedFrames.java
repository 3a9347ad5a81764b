package io.linewatch.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Frames of several {@link Conversation}s that overlap in time, written to a capture in capture-time order (frames
 * with the same time keep the order they were made in), as a sensor would have read them off the wire.
 */
public final class TimeOrderedFrames implements Conversation.Sink {
    private record Frame(long timestampNanos, long order, byte[] bytes) {
    }

    private final List<Frame> frames = new ArrayList<>();

    @Override
    public void frame(long timestampNanos, byte[] frame) {
        frames.add(new Frame(timestampNanos, frames.size(), frame));
    }

    /** Writes every frame so far to {@code file} (microsecond pcap), sorted by time. */
    public void write(Path file) throws IOException {
        frames.sort(Comparator.comparingLong(Frame::timestampNanos).thenComparingLong(Frame::order));
        try (PcapWriter w = PcapWriter.create(file, PcapWriter.Resolution.MICROS)) {
            for (Frame f : frames) {
                w.frame(f.timestampNanos(), f.bytes());
            }
        }
    }
}
