package io.linewatch.model.transaction;

/**
 * A conversation that ended ({@code linewatch.flow}): its ends, time span, volume each way and, for TCP, what
 * the reassembly saw.
 *
 * @param sequence      its place among the records of the conversation (for the deterministic id)
 * @param application   the protocol a dissector recognised on it, or null
 * @param endReason     fin, rst, idle, evicted, end_of_capture
 * @param handshakeSeen null for UDP
 * @param gaps          capture gaps over both streams, -1 for UDP
 */
public record FlowRecord(Endpoints endpoints, long sequence, String application, long firstSeenNanos,
                         long lastSeenNanos, String endReason, long clientPackets, long clientBytes,
                         long serverPackets, long serverBytes, Boolean handshakeSeen, long gaps, long gapBytes) {

    public String id() {
        return io.linewatch.model.EventIds.of(endpoints.id(), sequence);
    }
}
