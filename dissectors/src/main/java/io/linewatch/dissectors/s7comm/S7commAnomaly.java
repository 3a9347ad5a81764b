package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.Anomaly;

/** What is odd in an otherwise decodable S7comm PDU ({@code ot.anomalies}); the codes are stable. */
enum S7commAnomaly implements Anomaly {
    /** Bytes after the parameter and data the header announces. */
    TRAILING_BYTES("trailing_bytes"),
    /** Fewer item addresses in the parameter than its item count says. */
    ITEM_COUNT_EXCEEDS_PARAMETER("item_count_exceeds_parameter"),
    /** An item address not introduced by the variable specification 0x12. */
    UNKNOWN_VARIABLE_SPECIFICATION("unknown_variable_specification"),
    /** More items than are recorded per PDU. */
    ITEMS_CAPPED("items_capped"),
    /** Fewer data items than the parameter's item count says. */
    ITEM_COUNT_EXCEEDS_DATA("item_count_exceeds_data"),
    /** A data item's value is cut short by the end of the data. */
    ITEM_VALUE_TRUNCATED("item_value_truncated"),
    /** A block name too short to hold a type and a number. */
    SHORT_BLOCK_NAME("short_block_name"),
    /** An NC PI service argument longer than the parameter block. */
    PI_ARGUMENT_TRUNCATED("pi_argument_truncated"),
    /** A userdata parameter not starting 00 01 12. */
    UNEXPECTED_USERDATA_PARAMETER_HEAD("unexpected_userdata_parameter_head"),
    /** A userdata request whose method byte is not "request". */
    USERDATA_METHOD_TYPE_MISMATCH("userdata_method_type_mismatch"),
    /** A userdata data part longer than the bytes that follow. */
    USERDATA_DATA_TRUNCATED("userdata_data_truncated"),
    /** The header announces more parameter and data bytes than the PDU holds: what is there is decoded. */
    PARAMETER_OR_DATA_TRUNCATED("parameter_or_data_truncated"),
    /** The parameter or data ends inside its function's layout: decoded as that function as far as it goes. */
    LAYOUT_TRUNCATED("layout_truncated");

    private final String code;

    S7commAnomaly(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
