package io.linewatch.dissectors.modbus;

import io.linewatch.model.transaction.Operation;

/** MEI types of Encapsulated Interface Transport (function 43), spec section 6.19-6.21. */
public enum ModbusMeiType {
    CANOPEN_GENERAL_REFERENCE(0x0D, "canopen_general_reference", Operation.OTHER),
    READ_DEVICE_IDENTIFICATION(0x0E, "read_device_identification", Operation.DISCOVERY);

    public final int code;
    public final String action;
    public final Operation operation;

    ModbusMeiType(int code, String action, Operation operation) {
        this.code = code;
        this.action = action;
        this.operation = operation;
    }

    public static ModbusMeiType of(int code) {
        for (ModbusMeiType m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }
}
