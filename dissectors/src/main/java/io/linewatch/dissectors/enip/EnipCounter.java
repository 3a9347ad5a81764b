package io.linewatch.dissectors.enip;

/**
 * The counters the EtherNet/IP dissectors keep, by name. Beside these the shared parts count
 * {@code enip.malformed}, {@code cip.malformed}, {@code cip_io.malformed} (records that did not decode),
 * {@code enip.requests_evicted}/{@code enip.requests_expired} and {@code cip.requests_evicted}/
 * {@code cip.requests_expired} (open requests given up) and {@code enip.dissector_errors} / {@code
 * cip_io.dissector_errors} (a bug contained by the registry).
 */
enum EnipCounter {
    /** Capture gaps in a TCP 44818 stream. */
    GAPS("enip.gaps"),
    /** Bytes the framer could not frame: slid over looking for a header, or cut by a gap. */
    BYTES_SKIPPED("enip.bytes_skipped"),
    /** Bytes held in the framer at the end of the flow (an incomplete last PDU). */
    BYTES_UNFRAMED_AT_END("enip.bytes_unframed_at_end"),
    /** CIP replies whose request was not seen. */
    UNMATCHED_REPLIES("cip.unmatched_replies"),
    /** Identity replies of a module behind the addressed device (routed), not attributed to an address. */
    IDENTITY_NOT_ATTRIBUTED("cip.identity_not_attributed"),
    /** I/O connections not summarised because the flow had too many. */
    IO_CONNECTIONS_DROPPED("cip_io.connections_dropped"),
    /** Malformed I/O datagrams past the per-flow number of malformed records. */
    IO_MALFORMED_SUPPRESSED("cip_io.malformed_suppressed");

    final String counter;

    EnipCounter(String counter) {
        this.counter = counter;
    }
}
