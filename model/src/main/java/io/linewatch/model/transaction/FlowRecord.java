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
 * @param clientPayloadBytes payload above TCP/UDP the client sent (-1 unknown); {@code clientBytes} are wire bytes,
 *                      which cannot tell a Telnet keystroke from a bare ACK
 * @param serverPayloadBytes the same for the server
 */
public record FlowRecord(Endpoints endpoints, long sequence, String application, long firstSeenNanos,
                         long lastSeenNanos, String endReason, long clientPackets, long clientBytes,
                         long serverPackets, long serverBytes, Boolean handshakeSeen, long gaps, long gapBytes,
                         long clientPayloadBytes, long serverPayloadBytes) {

    /** A record whose payload volume is not known (tests, older callers). */
    public FlowRecord(Endpoints endpoints, long sequence, String application, long firstSeenNanos, long lastSeenNanos,
                      String endReason, long clientPackets, long clientBytes, long serverPackets, long serverBytes,
                      Boolean handshakeSeen, long gaps, long gapBytes) {
        this(endpoints, sequence, application, firstSeenNanos, lastSeenNanos, endReason, clientPackets, clientBytes,
                serverPackets, serverBytes, handshakeSeen, gaps, gapBytes, -1, -1);
    }

    public String id() {
        return io.linewatch.model.EventIds.of(endpoints.id(), sequence);
    }
}
