package io.linewatch.dissectors.modbus;

/** The counters of the Modbus dissector ({@code modbus.*}): every name it counts under, in one table. */
public enum ModbusCounter {
    /**
     * Connections on port 502 whose bytes are not MBAP: another protocol, garbage or an exploit. Not decoded; what
     * the client sends on them becomes malformed records (at most {@link ModbusDissector#MAX_FOREIGN_RECORDS} per
     * connection) for the rules (LW-ANO-001).
     */
    NON_MODBUS_FLOWS("modbus.non_modbus_flows"),
    /** Client segments of non-Modbus connections beyond the malformed records made per connection. */
    NON_MODBUS_SEGMENTS_NOT_RECORDED("modbus.non_modbus_segments_not_recorded"),
    /** Established Modbus connections given up after too many bytes in a row did not frame. */
    ABANDONED_FLOWS("modbus.abandoned_flows"),
    /** Bytes that never became an ADU (slid over, cut by a gap, dropped to re-synchronise). */
    SKIPPED_BYTES("modbus.skipped_bytes"),
    /** Responses whose request was not seen. */
    UNMATCHED_RESPONSES("modbus.unmatched_responses"),
    /** Requests reported without a response (connection end, timeout, cap, reused id). */
    UNANSWERED_REQUESTS("modbus.unanswered_requests"),
    /** A request reused the transaction id of one still open: the earlier one is reported unanswered. */
    DUPLICATE_TRANSACTION_ID("modbus.duplicate_transaction_id"),
    /** ADUs with a function code neither assigned nor user-defined. */
    UNKNOWN_FUNCTION("modbus.unknown_function"),
    /** ADUs longer than the specification's 260 bytes (accepted, flagged). */
    OVERSIZED_ADU("modbus.oversized_adu"),
    /** Malformed records (bytes skipped or cut by a gap; counted by {@code FlowSession.malformed}). */
    MALFORMED("modbus.malformed"),
    /** ADUs whose data is longer or shorter than their function's layout (still transactions of that function). */
    LAYOUT_MISMATCH("modbus.layout_mismatch"),
    /** Open requests given up past the cap ({@link io.linewatch.dissectors.common.OpenRequests} counts it). */
    REQUESTS_EVICTED("modbus.requests_evicted"),
    /** Open requests given up after the response timeout ({@link io.linewatch.dissectors.common.OpenRequests} counts it). */
    REQUESTS_EXPIRED("modbus.requests_expired");

    /** The counter's name. */
    public final String counterName;

    ModbusCounter(String counterName) {
        this.counterName = counterName;
    }
}
