package io.linewatch.dissectors.enip;

import io.linewatch.model.transaction.Anomaly;

/**
 * The CIP anomaly catalogue: what was odd in a request path, a wrapper (Multiple Service Packet,
 * Unconnected Send) or a reply, written to {@code ot.anomalies} with these stable codes. The request-level
 * ones are also the malformed reason of a top-level request that does not decode.
 */
public enum CipAnomaly implements Anomaly {
    // a request that does not decode (malformed at the top level, an anomaly of its wrapper when embedded)
    REQUEST_TRUNCATED("cip_request_truncated"),
    REPLY_WHERE_REQUEST_EXPECTED("cip_reply_where_request_expected"),
    PATH_TRUNCATED("cip_path_truncated"),
    WRAPPERS_NESTED_TOO_DEEP("cip_wrappers_nested_too_deep"),
    WRAPPER_WITHOUT_REQUESTS("wrapper_without_requests"),

    // EPATH segments (CIP Vol. 1, Appendix C): decoding stops at the first one it cannot read
    NETWORK_SEGMENT_TRUNCATED("network_segment_truncated"),
    EXTENDED_SYMBOLIC_SEGMENT_UNSUPPORTED("extended_symbolic_segment_unsupported"),
    SYMBOLIC_SEGMENT_TRUNCATED("symbolic_segment_truncated"),
    SYMBOL_TRUNCATED("symbol_truncated"),
    DATA_SEGMENT_TRUNCATED("data_segment_truncated"),
    UNKNOWN_DATA_SEGMENT("unknown_data_segment"),
    UNSUPPORTED_SEGMENT_TYPE("unsupported_segment_type"),
    PORT_SEGMENT_TRUNCATED("port_segment_truncated"),
    UNKNOWN_SPECIAL_SEGMENT("unknown_special_segment"),
    ELECTRONIC_KEY_TRUNCATED("electronic_key_truncated"),
    LOGICAL_SEGMENT_TRUNCATED("logical_segment_truncated"),
    RESERVED_LOGICAL_FORMAT("reserved_logical_format"),

    // wrappers
    MULTIPLE_SERVICE_PACKET_TRUNCATED("multiple_service_packet_truncated"),
    MULTIPLE_SERVICE_PACKET_OFFSETS_TRUNCATED("multiple_service_packet_offsets_truncated"),
    MULTIPLE_SERVICE_PACKET_CAPPED("multiple_service_packet_capped"),
    MULTIPLE_SERVICE_PACKET_BAD_OFFSET("multiple_service_packet_bad_offset"),
    UNCONNECTED_SEND_TRUNCATED("unconnected_send_truncated"),
    UNCONNECTED_SEND_MESSAGE_TRUNCATED("unconnected_send_message_truncated"),
    UNCONNECTED_SEND_ROUTE_MISSING("unconnected_send_route_missing"),

    // service data
    FORWARD_OPEN_TRUNCATED("forward_open_truncated"),
    FORWARD_CLOSE_TRUNCATED("forward_close_truncated"),

    // replies
    REPLY_NOT_UNDERSTOOD("reply_not_understood"),
    REPLY_EXTENDED_STATUS_TRUNCATED("reply_extended_status_truncated"),
    MULTIPLE_SERVICE_REPLY_BAD_OFFSET("multiple_service_reply_bad_offset"),
    REPLY_SERVICE_MISMATCH("reply_service_mismatch"),
    IDENTITY_REPLY_TRUNCATED("identity_reply_truncated"),
    FORWARD_OPEN_REPLY_TRUNCATED("forward_open_reply_truncated"),

    // class 1 implicit I/O (on an I/O summary): the CIP sequence count of the connected data
    /** The count jumped: data produced that the capture (and maybe the consumer) never saw. */
    IO_CIP_SEQUENCE_GAP("io_cip_sequence_gap"),
    /** The same count again: the same data resent (expected on change-of-state connections between changes). */
    IO_CIP_SEQUENCE_REPEAT("io_cip_sequence_repeat"),
    /** The count went back: reordered or replayed data. */
    IO_CIP_SEQUENCE_OUT_OF_ORDER("io_cip_sequence_out_of_order");

    private final String code;

    CipAnomaly(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
