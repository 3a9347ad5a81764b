package io.linewatch.model.transaction;

/**
 * What a transaction acted on, in one shape for every protocol, so the baseline can keep address sets per
 * (server, unit, area) without knowing the protocol. -1 (or null) means "not applicable".
 * <ul>
 * <li>Modbus: {@code area} = {@code coils}, {@code discrete_inputs}, {@code holding_registers},
 * {@code input_registers}, {@code file_records}, {@code fifo}; {@code start}/{@code count} = address and
 * quantity; {@code number} = file number for file records.</li>
 * <li>S7comm: {@code area} = the S7 area name ({@code db}, {@code inputs}, {@code outputs}, {@code flags}, ...),
 * {@code number} = DB number, {@code start}/{@code count} = byte address and length; blocks:
 * {@code area} = {@code block_<type>} ({@code block_ob}, {@code block_db}), {@code number} = block number;
 * SZL reads: {@code area} = {@code szl}, {@code number} = SZL id, {@code instance} = SZL index (the record
 * selected, as a CIP instance selects within a class).</li>
 * <li>S7comm-plus: blocks as in S7comm ({@code block_ob} 1); another object an engineering action addresses:
 * {@code area} = {@code s7comm_plus_object}, {@code number} = its RID, {@code attribute} = the attribute written,
 * {@code name} = the class of a created object.</li>
 * <li>CIP: {@code area} = {@code cip_object}, {@code number} = class id, {@code instance}, {@code attribute};
 * Logix tags: {@code area} = {@code tag}, {@code name} = the symbol.</li>
 * </ul>
 */
public record ObjectRef(String area, long number, long instance, long attribute, long start, long count, String name) {

    /** A register or coil range (Modbus). */
    public static ObjectRef range(String area, long start, long count) {
        return new ObjectRef(area, -1, -1, -1, start, count, null);
    }

    /** A range inside a numbered area (an S7 data block, a Modbus file). */
    public static ObjectRef range(String area, long number, long start, long count) {
        return new ObjectRef(area, number, -1, -1, start, count, null);
    }

    /** A numbered object without a range (an S7 block). */
    public static ObjectRef numbered(String area, long number) {
        return new ObjectRef(area, number, -1, -1, -1, -1, null);
    }

    /** A CIP class/instance/attribute path (-1 where the path stops). */
    public static ObjectRef cip(long classId, long instance, long attribute) {
        return new ObjectRef("cip_object", classId, instance, attribute, -1, -1, null);
    }

    /** A named object (a Logix tag). */
    public static ObjectRef named(String area, String name) {
        return new ObjectRef(area, -1, -1, -1, -1, -1, name);
    }
}
