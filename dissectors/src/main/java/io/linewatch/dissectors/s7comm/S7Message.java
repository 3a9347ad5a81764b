package io.linewatch.dissectors.s7comm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One decoded S7comm PDU (header, parameter and data), before it is paired into a transaction. */
final class S7Message {
    int rosctr;
    int pduReference;
    /** Ack/Ack_Data header error (or userdata parameter error code split into its two bytes); -1 when absent. */
    int errorClass = -1;
    int errorCode = -1;
    /** Parameter function byte of Job/Ack_Data; -1 for userdata or when absent. */
    int function = -1;

    int userdataType = -1;
    int userdataGroup = -1;
    int userdataSubfunction = -1;
    int userdataSequence = -1;
    int dataUnitReference = -1;
    /** 0 = last data unit, 1 = more follow; -1 when the short userdata parameter omits it. */
    int lastDataUnit = -1;
    /** Return code of the userdata data part; -1 when absent. */
    int returnCode = -1;
    /** Userdata data payload (after its 4-byte header), kept for SZL decoding and reassembly. */
    byte[] userdataPayload;

    long uploadId = -1;
    String action;
    String operation;
    /** Item addresses of a request, or per-item results (return code, value) of a response. */
    List<Map<String, Object>> items;
    /** Event fields this PDU contributes, full dotted names in insertion order. */
    final Map<String, Object> fields = new LinkedHashMap<>();
    final List<String> anomalies = new ArrayList<>();

    S7Rosctr rosctr() {
        return S7Rosctr.of(rosctr);
    }

    boolean isUserdata() {
        return rosctr == S7Rosctr.USERDATA.wire;
    }

    S7UserdataType userdataType() {
        return S7UserdataType.of(userdataType);
    }

    boolean headerError() {
        return errorClass > 0 || errorCode > 0;
    }
}
