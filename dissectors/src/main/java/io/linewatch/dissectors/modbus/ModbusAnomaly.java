package io.linewatch.dissectors.modbus;

import io.linewatch.model.transaction.Anomaly;
import java.util.Locale;

/**
 * The anomaly catalogue of Modbus/TCP: odd things in ADUs that still decode, with the stable codes written to
 * {@code ot.anomalies} (rules rely on them: never rename a code).
 */
public enum ModbusAnomaly implements Anomaly {
    /** MBAP length above the specification's 254 (ADU above 260 bytes); some vendors do it. */
    ADU_EXCEEDS_SPEC_LENGTH,
    /** The response's unit id differs from its request's. */
    UNIT_ID_MISMATCH,
    /** A function code neither assigned, legacy, vendor nor user-defined. */
    UNKNOWN_FUNCTION_CODE,
    /** A quantity of 0 or above the function's limit (spec 6.1-6.4, 6.11, 6.12, 6.17). */
    QUANTITY_OUT_OF_RANGE,
    /** The byte count does not match the quantity (or the FIFO count). */
    BYTE_COUNT_MISMATCH,
    /** Write Single Coil with a value other than 0xFF00 or 0x0000. */
    INVALID_COIL_VALUE,
    /** A Diagnostics sub-function outside the known ones. */
    UNKNOWN_DIAGNOSTIC_SUBFUNCTION,
    /** Diagnostics data that is not whole 16-bit words. */
    ODD_DIAGNOSTIC_DATA_LENGTH,
    /** A file record sub-request whose reference type is not 6. */
    INVALID_FILE_REFERENCE_TYPE,
    /** An Encapsulated Interface Transport MEI type outside the known ones. */
    UNKNOWN_MEI_TYPE,
    /** A Read Device Identification code outside 1-4. */
    INVALID_READ_DEVICE_ID_CODE,
    /** A UMAS function code outside the known ones. */
    UNKNOWN_UMAS_FUNCTION_CODE,
    /** A register read response with an odd byte count. */
    ODD_REGISTER_BYTE_COUNT,
    /** A UMAS response status other than 0xFE (ok) or 0xFD (error). */
    UNKNOWN_UMAS_STATUS,
    /** The PDU's data is shorter than its function's layout (a scan, a sloppy master): decoded as far as it goes. */
    DATA_SHORTER_THAN_LAYOUT,
    /** The PDU's data is longer than its function's layout: the layout is decoded, the rest ignored. */
    DATA_LONGER_THAN_LAYOUT;

    private final String code = name().toLowerCase(Locale.ROOT);

    @Override
    public String code() {
        return code;
    }
}
