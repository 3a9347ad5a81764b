package io.linewatch.dissectors.s7comm;

import java.util.Map;
import java.util.Set;

/**
 * The S7comm-plus object model ids this sensor reads: object ids (RIDs) of the PLC's native objects, class ids,
 * attribute ids, and the RID ranges of program blocks. Facts from the id tables of Thomas Wiens' Wireshark
 * plugin (s7commwireshark, {@code packet-s7comm_plus.c}: {@code id_number_names}, {@code s7commp_idname_fmt}) and
 * of his S7CommPlusDriver ({@code Core/Ids.cs}, {@code SetPlcOperatingState}); checked on public captures.
 */
final class S7PlusIds {
    private S7PlusIds() {
    }

    // ---- object ids (RIDs) of native objects ----------------------------------------------------------------
    static final long OBJECT_PLC_PROGRAM = 3;
    static final long OBJECT_CPU_EXEC_UNIT = 52;

    // ---- attribute ids ------------------------------------------------------------------------------------------
    /** ServerSession.ServerSessionVersion: a struct the CPU returns when a session is created. */
    static final long ATTRIBUTE_SERVER_SESSION_VERSION = 306;
    /** Member of ServerSessionVersion: "1;&lt;order number&gt;;&lt;firmware&gt;", e.g. "1;6ES7 214-1HE30-0XB0 ;V2.2". */
    static final long ATTRIBUTE_SESSION_VERSION_PAOM_STRING = 319;
    /** CPUexecUnit.OperatingStateREQ: writing it asks the CPU to change its operating state. */
    static final long ATTRIBUTE_OPERATING_STATE_REQUEST = 2167;

    /**
     * Attributes holding a block's program (code, interface, comments, references): reading them out of a block is
     * an upload (Block.BodyDescription, DataInterface.InterfaceDescription / LineComments, FunctionalObject.Code /
     * extRefData / intRefData / NetworkComments / NetworkTitles / DebugInfo).
     */
    static final Set<Long> BLOCK_CONTENT_ATTRIBUTES = Set.of(2533L, 2544L, 2546L, 2580L, 2582L,
            2583L, 2584L, 2585L, 2589L);

    // ---- operating states requested through OperatingStateREQ (S7CommPlusDriver: 1 STOP, 3 RUN) ------------
    static final long OPERATING_STATE_STOP = 1;
    static final long OPERATING_STATE_RUN = 3;

    // ---- class ids of program objects -------------------------------------------------------------------------
    /** Class ids whose creation loads program into the CPU, with the name the event shows. */
    static final Map<Long, String> PROGRAM_CLASSES = Map.ofEntries(
            Map.entry(2520L, "PLCProgram"),
            Map.entry(2538L, "Block"),
            Map.entry(2574L, "DB"),
            Map.entry(2578L, "FB"),
            Map.entry(2579L, "FC"),
            Map.entry(2610L, "OB"),
            Map.entry(2647L, "ProgramCycleOB"),
            Map.entry(3932L, "UDT"),
            Map.entry(3933L, "FBT"),
            Map.entry(3934L, "SDT"),
            Map.entry(3935L, "FCT"));

    /** Class ids seen around sessions and downloads that name what a request works on. */
    static final Map<Long, String> OTHER_CLASSES = Map.ofEntries(
            Map.entry(287L, "ServerSession"),
            Map.entry(255L, "Subscriptions"),
            Map.entry(534L, "OMSTypeInfoContainer"),
            Map.entry(1001L, "Subscription"),
            Map.entry(1700L, "Transaction"),
            Map.entry(2378L, "ReleaseMngmtRoot"),
            Map.entry(4672L, "TextContainer"));

    static String className(long classId) {
        String name = PROGRAM_CLASSES.get(classId);
        return name != null ? name : OTHER_CLASSES.get(classId);
    }

    // ---- RIDs of blocks: 16-bit area in the high half, the block number in the low half -----------------------
    /** Block RID areas and the {@code block_<type>} object area they map to (the S7comm block names). */
    static final Map<Integer, String> BLOCK_AREAS = Map.ofEntries(
            Map.entry(0x89fd, "udt"),
            Map.entry(0x8a0e, "db"),
            Map.entry(0x8a11, "user_constants"),
            Map.entry(0x8a12, "fb"),
            Map.entry(0x8a13, "fc"),
            Map.entry(0x8a20, "sfb"),
            Map.entry(0x8a21, "sfc"),
            Map.entry(0x8a24, "s_udt"),
            Map.entry(0x8a32, "ob"));

    /** The block type of a RID ({@code ob}, {@code db}, ...), or null when the RID is not a block's. */
    static String blockType(long rid) {
        return BLOCK_AREAS.get((int) ((rid >>> 16) & 0xffff));
    }

    static int blockNumber(long rid) {
        return (int) (rid & 0xffff);
    }
}
