package io.linewatch.dissectors.modbus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One decoded Modbus/TCP ADU (MBAP header + PDU), request or response. */
public final class ModbusMessage {
    /** An identity fact found in the PDU: asset field and value. */
    public record Identity(String assetField, String value) {
    }

    public final boolean request;
    public final int transactionId;
    public final int unitId;
    /** Function code as on the wire (with the exception bit on exception responses). */
    public final int wireFunction;
    public final long timestampNanos;
    /** Protocol fields, dotted names from {@link ModbusFields}, in decode order. */
    final Map<String, Object> fields = new LinkedHashMap<>();
    final List<String> anomalies = new ArrayList<>(2);
    final List<Identity> identities = new ArrayList<>(0);
    String action;
    String operation;
    /** Exception code of an exception response, else -1. */
    int exceptionCode = -1;
    /** Why the body did not decode; null when it did. */
    String error;
    /** UMAS response status (0xFE ok / 0xFD error), else -1. */
    int umasStatus = -1;

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

    public String operation() {
        return operation;
    }

    public String error() {
        return error;
    }

    public Object field(String name) {
        return fields.get(name);
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public List<String> anomalies() {
        return anomalies;
    }

    public List<Identity> identities() {
        return identities;
    }

    void anomaly(String code) {
        if (!anomalies.contains(code)) {
            anomalies.add(code);
        }
    }

    void put(String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
