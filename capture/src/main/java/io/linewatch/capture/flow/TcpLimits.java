package io.linewatch.capture.flow;

/** Bounds on TCP reassembly; hitting one is counted and turns into a reported gap. */
public record TcpLimits(int maxBufferedBytesPerDirection, int maxBufferedSegmentsPerDirection) {
    public static final TcpLimits DEFAULT = new TcpLimits(256 * 1024, 512);
}
