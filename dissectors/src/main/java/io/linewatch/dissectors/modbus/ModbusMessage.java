package io.linewatch.dissectors.modbus;

import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoded Modbus ADU (MBAP header + PDU, or an RTU frame), request or response: typed members for what its
 * transaction's slots need (address, quantity, values, codes, objects) and its remaining document fields
 * ({@link #detail()}) in decode order. A body that did not fit its function's layout leaves {@link #layoutError()} and an anomaly.
 */
public final class ModbusMessage {
    private static final ObjectRef[] NO_OBJECTS = new ObjectRef[0];

    /** An identity fact found in the PDU: asset field, value, and the exchange it came from. */
    public record Identity(String assetField, String value, String source) {
    }

    /** {@link #transactionId} of an RTU frame, which has none. */
    public static final int NO_TRANSACTION_ID = -1;

    public final boolean request;
    /** MBAP transaction id, or {@link #NO_TRANSACTION_ID}. */
    public final int transactionId;
    public final int unitId;
    /** Function code as on the wire (with the exception bit on exception responses). */
    public final int wireFunction;
    public final long timestampNanos;
    /** Document fields ({@code modbus.*}) in decode order. */
    final Detail detail = new Detail();
    /** Most ADUs have none: the list makes its array at the first. */
    final List<ModbusAnomaly> anomalies = new ArrayList<>();
    /** Only a few responses carry any: the shared empty list until the first ({@link #identity}). */
    private List<Identity> identities = List.of();
    String action;
    Operation operation;
    /** Exception code of an exception response, else -1. */
    int exceptionCode = -1;
    /** Why the body did not fit its function's layout (too short, too long); null when it did. */
    String layoutError;
    /** UMAS response status (0xFE ok / 0xFD error), else -1. */
    int umasStatus = -1;
    /** Diagnostics sub-function or UMAS function code, else -1. */
    int subfunction = -1;
    /** First register/coil (or record, FIFO pointer) the ADU names, else -1. */
    int address = -1;
    /** How many it names, else -1. */
    int quantity = -1;
    /** Register or coil values carried, all of them (the document shows the first few); null when none. */
    long[] values;
    /** True when {@link #values} are written to the server (requests, and the echo of single writes). */
    boolean valuesWritten;
    /** What the ADU addresses, when it says. */
    ObjectRef[] objects = NO_OBJECTS;

    ModbusMessage(boolean request, int transactionId, int unitId, int wireFunction, long timestampNanos) {
        this.request = request;
        this.transactionId = transactionId;
        this.unitId = unitId;
        this.wireFunction = wireFunction;
        this.timestampNanos = timestampNanos;
    }

    /** Function code without the exception bit. */
    public int function() {
        return wireFunction & 0x7F;
    }

    public boolean isException() {
        return !request && (wireFunction & 0x80) != 0;
    }

    public int exceptionCode() {
        return exceptionCode;
    }

    public String action() {
        return action;
    }

    public Operation operation() {
        return operation;
    }

    /** Why the body did not fit its function's layout; null when it did (the message is decoded either way). */
    public String layoutError() {
        return layoutError;
    }

    public int subfunction() {
        return subfunction;
    }

    public int address() {
        return address;
    }

    public int quantity() {
        return quantity;
    }

    public long[] values() {
        return values;
    }

    public boolean valuesWritten() {
        return valuesWritten;
    }

    public ObjectRef[] objects() {
        return objects;
    }

    /** A document field put while decoding, or null (a scan: for tests, not the hot path). */
    public Object field(String name) {
        return detail.get(name);
    }

    public Detail detail() {
        return detail;
    }

    public List<ModbusAnomaly> anomalies() {
        return anomalies;
    }

    public List<Identity> identities() {
        return identities;
    }

    void identity(Identity id) {
        if (identities.isEmpty()) {
            identities = new ArrayList<>();
        }
        identities.add(id);
    }

    void anomaly(ModbusAnomaly a) {
        if (!anomalies.contains(a)) {
            anomalies.add(a);
        }
    }

    void put(String name, Object value) {
        detail.put(name, value);
    }
}
