package io.linewatch.capture.flow;

/**
 * Receives one flow's traffic: TCP bytes in order per direction (after reassembly), or UDP
 * datagrams. The buffer is only valid during the call; copy what must be kept.
 */
public interface FlowListener {
    void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long timestampNanos);

    /** {@code missing} bytes of a TCP direction will never arrive (capture loss, a cap, a stream joined late). */
    default void onGap(Flow flow, Direction dir, long missing, long timestampNanos) {
    }

    /** The flow is over ({@link Flow#endReason()} tells why); no more calls follow. */
    default void onEnd(Flow flow, long timestampNanos) {
    }
}
