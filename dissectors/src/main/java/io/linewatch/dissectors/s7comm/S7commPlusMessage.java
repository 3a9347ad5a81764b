package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.Operation;

/** The recognisable head of one S7comm-plus message (first fragment only; the rest is not decoded). */
final class S7commPlusMessage {
    /** Why the bytes did not decode; null for a decoded message. */
    String malformedReason;
    int version;
    int opcode = -1;
    int function = -1;
    int sequence = -1;
    long sessionId = -1;
    /** Return value of a response, when present before any object data. */
    long returnValue = -1;
    /** Object id a CreateObject response assigns: the session id later requests carry. */
    long createdObjectId = -1;
    boolean integrityProtected;
    /** True when the message continues in further COTP data units (no trailer in this one). */
    boolean fragmented;

    S7PlusOpcode opcode() {
        return S7PlusOpcode.of(opcode);
    }

    String action() {
        S7PlusFunction f = S7PlusFunction.of(function);
        if (opcode == S7PlusOpcode.NOTIFICATION.wire) {
            return "notification";
        }
        return f != null ? f.action : "function_0x" + Integer.toHexString(function);
    }

    Operation operation() {
        S7PlusFunction f = S7PlusFunction.of(function);
        if (opcode == S7PlusOpcode.NOTIFICATION.wire) {
            return Operation.READ;
        }
        return f != null ? f.operation : Operation.OTHER;
    }
}
