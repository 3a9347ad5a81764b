package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One S7comm-plus message as far as it is read: the head, and for the requests that can change a controller the
 * objects and attributes they name (first fragment only; the rest is not decoded).
 */
final class S7commPlusMessage {
    /** Object area of a native object or created object that is not a block (number = its RID). */
    static final String OBJECT_AREA = "s7comm_plus_object";
    static final String ACTION_PLC_STOP = "plc_stop";
    static final String ACTION_PLC_START = "plc_start";
    static final String ACTION_OPERATING_STATE_REQUEST = "operating_state_request";
    static final String ACTION_PROGRAM_DOWNLOAD = "program_download";
    static final String ACTION_PROGRAM_UPLOAD = "program_upload";
    static final String ACTION_BLOCK_DELETE = "block_delete";

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

    // ---- the body, where read ----------------------------------------------------------------------------
    /** Why the body was not read to the end (null when it was, or not tried). */
    String bodyProblem;
    /** The object a request addresses: InObjectId, the deleted object, the parent of a created object. */
    long objectId = -1;
    /** Attribute ids the request names. */
    final List<Long> attributes = new ArrayList<>();
    /** Value written to CPUexecUnit.OperatingStateREQ. */
    Long operatingStateRequest;
    /** The object a CreateObject creates: its relation id and class. */
    long createdRelationId = -1;
    long createdClassId = -1;
    /** Program objects (class in {@link S7PlusIds#PROGRAM_CLASSES}) or block RIDs inside a created object. */
    boolean createsProgram;
    /** Blocks named by RID (created, deleted or read), in order, without repeats. */
    final List<Long> blockRids = new ArrayList<>();
    /** ServerSessionVersion string of a session set-up answer ("1;order number;firmware"). */
    String sessionVersion;

    S7PlusOpcode opcode() {
        return S7PlusOpcode.of(opcode);
    }

    void block(long rid) {
        if (S7PlusIds.blockType(rid) != null && !blockRids.contains(rid)) {
            blockRids.add(rid);
        }
    }

    /** CPUexecUnit.OperatingStateREQ written. */
    boolean requestsOperatingState() {
        return objectId == S7PlusIds.OBJECT_CPU_EXEC_UNIT && attributes.contains(S7PlusIds.ATTRIBUTE_OPERATING_STATE_REQUEST);
    }

    /** Reading a block's program attributes out of it. */
    boolean readsBlockProgram() {
        if (S7PlusIds.blockType(objectId) == null) {
            return false;
        }
        for (Long a : attributes) {
            if (S7PlusIds.BLOCK_CONTENT_ATTRIBUTES.contains(a)) {
                return true;
            }
        }
        return false;
    }

    String action() {
        if (opcode == S7PlusOpcode.NOTIFICATION.wire) {
            return "notification";
        }
        S7PlusFunction f = S7PlusFunction.of(function);
        if (f == S7PlusFunction.SET_VARIABLE || f == S7PlusFunction.SET_MULTI_VARIABLES) {
            if (requestsOperatingState()) {
                long state = operatingStateRequest == null ? -1 : operatingStateRequest;
                return state == S7PlusIds.OPERATING_STATE_STOP ? ACTION_PLC_STOP
                        : state == S7PlusIds.OPERATING_STATE_RUN ? ACTION_PLC_START
                        : ACTION_OPERATING_STATE_REQUEST;
            }
        } else if (f == S7PlusFunction.CREATE_OBJECT && createsProgram) {
            return ACTION_PROGRAM_DOWNLOAD;
        } else if (f == S7PlusFunction.DELETE_OBJECT && S7PlusIds.blockType(objectId) != null) {
            return ACTION_BLOCK_DELETE;
        } else if (f == S7PlusFunction.GET_VAR_SUB_STREAMED && readsBlockProgram()) {
            return ACTION_PROGRAM_UPLOAD;
        }
        return f != null ? f.action : "function_0x" + Integer.toHexString(function);
    }

    Operation operation() {
        if (opcode == S7PlusOpcode.NOTIFICATION.wire) {
            return Operation.READ;
        }
        String action = action();
        switch (action) {
            case ACTION_PLC_STOP, ACTION_PLC_START, ACTION_OPERATING_STATE_REQUEST:
                return Operation.CONTROL;
            case ACTION_PROGRAM_DOWNLOAD, ACTION_PROGRAM_UPLOAD, ACTION_BLOCK_DELETE:
                return Operation.PROGRAM;
            default:
                S7PlusFunction f = S7PlusFunction.of(function);
                return f != null ? f.operation : Operation.OTHER;
        }
    }

    /**
     * What an engineering action acted on: the blocks ({@code block_ob} 1, ...), else the object addressed
     * ({@value #OBJECT_AREA}, number = RID, attribute = the attribute written, name = the created class).
     * Other requests name none (session and subscription ids change with every connection).
     */
    ObjectRef[] objects() {
        S7PlusFunction f = S7PlusFunction.of(function);
        boolean engineering = operation() == Operation.CONTROL || operation() == Operation.PROGRAM;
        if (!engineering || f == null) {
            return null;
        }
        List<ObjectRef> refs = new ArrayList<>();
        for (long rid : blockRids) {
            refs.add(ObjectRef.numbered("block_" + S7PlusIds.blockType(rid).toLowerCase(Locale.ROOT),
                    S7PlusIds.blockNumber(rid)));
        }
        if (refs.isEmpty() && requestsOperatingState()) {
            refs.add(new ObjectRef(OBJECT_AREA, objectId, -1, S7PlusIds.ATTRIBUTE_OPERATING_STATE_REQUEST, -1, -1, null));
        } else if (refs.isEmpty() && createdRelationId >= 0) {
            refs.add(new ObjectRef(OBJECT_AREA, createdRelationId, -1, -1, -1, -1, S7PlusIds.className(createdClassId)));
        }
        return refs.isEmpty() ? null : refs.toArray(new ObjectRef[0]);
    }
}
