package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.Operation;
import java.util.ArrayList;
import java.util.List;

/** One decoded S7comm PDU (header, parameter and data), before it is paired into a transaction. */
final class S7commMessage {
    /** The address of one read/write var item. */
    enum Syntax { S7ANY, DB_READ, OTHER }

    /**
     * One item address: an S7ANY address, one range of a DBREAD item, or an address syntax not decoded
     * ({@code syntaxId} only).
     *
     * @param address byte address (timers and counters: their number)
     * @param bit     bit within the byte, -1 where the area is not bit-addressed or the syntax has none
     */
    record Item(Syntax syntax, int syntaxId, int area, int db, int address, int bit, int length, int transportSize) {
    }

    /**
     * One data item: a response's result (and value), or the value of a write var request.
     *
     * @param dataTransportSize -1 when the item was cut to its return code
     * @param value             the first {@link S7commDecoder#MAX_VALUE_BYTES} value bytes; null when none
     * @param valueBytes        the whole value's length
     */
    record Data(int returnCode, int dataTransportSize, byte[] value, int valueBytes) {
    }

    /** A block named in a block transfer, a PI service or a block function. */
    record Block(Long type, String typeName, Long number, String filesystem) {
    }

    /** Why the bytes did not decode; null for a decoded PDU (then nothing else is set). */
    String malformedReason;
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
    /** Length of the userdata data payload (after its 4-byte header); 0 when there is none. */
    int userdataPayloadBytes;
    /** The userdata data payload of a Read SZL request or answer, kept for SZL decoding and reassembly; else null. */
    byte[] userdataPayload;
    /** SZL id and index a Read SZL request asks for (a follow-up request: those of the request it continues). */
    int szlId = -1;
    int szlIndex = -1;

    long uploadId = -1;
    String action;
    Operation operation;
    /** Item addresses of a request; null when it has none. */
    List<Item> items;
    /** Data items: values of a write var request, results of a response; null when none. */
    List<Data> data;
    /** The first block named (the one {@code s7comm.block_*} describe); null when none. */
    Block block;
    /** Every block a PI service names; null unless it names a list. */
    List<Block> blocks;
    /** The document fields this PDU contributes beyond the header, in decode order (most PDUs: none, a few: up to 5). */
    final Detail detail = new Detail(4);
    /** Empty (shared) until the first anomaly: most PDUs have none. */
    List<S7commAnomaly> anomalies = List.of();

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

    void anomaly(S7commAnomaly a) {
        if (anomalies.isEmpty()) {
            anomalies = new ArrayList<>(2);
        }
        if (!anomalies.contains(a)) {
            anomalies.add(a);
        }
    }
}
