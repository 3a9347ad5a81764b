package io.linewatch.model.transaction;

/** The departures from a learned baseline ({@code linewatch.observation.type}); the wire names are stable. */
public enum ObservationType {
    /** A device first seen after learning ended. */
    NEW_DEVICE,
    /** A client talking to a server it never talked to while learning. */
    NEW_TALKER,
    /** A server answering a protocol it never served. */
    NEW_PROTOCOL,
    /** A function, service or sub-function the pair (or, for a new pair, the server) never used. */
    NEW_FUNCTION,
    /** A read of addresses outside what was read from the server while learning. */
    NEW_OBJECT_READ,
    /** A write by a client that never wrote that area, or to addresses never written while learning. */
    UNAUTHORIZED_WRITE,
    /** A continuous process value outside its learned range (with margin). */
    VALUE_OUT_OF_RANGE,
    /** A constant or few-valued process variable taking a value never seen. */
    NEW_VALUE,
    /** A cyclic exchange that stopped, changed period, or a flood of requests. */
    TIMING_CHANGE,
    /** A device whose traffic stopped for much longer than any gap seen while learning. */
    DEVICE_SILENT,
    /** Vendor, model or serial reported differently from the learned identity. */
    IDENTITY_CHANGE,
    FIRMWARE_CHANGE,
    /** A CIP I/O connection (Forward_Open, cyclic I/O) between a pair that had none. */
    NEW_IO_CONNECTION,
    /** The controller's operating mode (run, stop, program) changed. */
    MODE_CHANGE;

    /** The {@code linewatch.observation.type} value. */
    public final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The type of that wire name, or null. */
    public static ObservationType of(String wireName) {
        for (ObservationType t : values()) {
            if (t.wireName.equals(wireName)) {
                return t;
            }
        }
        return null;
    }
}
