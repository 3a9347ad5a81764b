package io.linewatch.inventory;

import java.util.Locale;

/** {@code asset.role} values, with the name a person reads. Declaration order breaks ties between equally supported roles. */
public enum AssetRole {
    PLC("plc", "PLC / controller"),
    ENGINEERING_WORKSTATION("engineering_workstation", "Engineering workstation"),
    HMI("hmi", "HMI / SCADA client"),
    HISTORIAN("historian", "Historian"),
    IO_ADAPTER("io_adapter", "I/O adapter"),
    /** A network module in front of controllers (a 1756-ENBT in a ControlLogix chassis): routes to what is behind it. */
    COMMUNICATION_MODULE("communication_module", "Communication module"),
    /** A device that advertises bridging over LLDP or CDP. */
    SWITCH("switch", "Network switch"),
    IT_HOST("it_host", "IT host"),
    UNKNOWN("unknown", "Unknown");

    public final String value;
    /** For people: "Engineering workstation", not {@code engineering_workstation}. */
    public final String label;

    AssetRole(String value, String label) {
        this.value = value;
        this.label = label;
    }

    /**
     * Roles of devices that run or carry the process (a communication module is the door to its controllers): what
     * rules and reports protect as controllers.
     */
    public static final java.util.Set<AssetRole> CONTROL_LEVEL = java.util.Set.of(PLC, IO_ADAPTER, COMMUNICATION_MODULE);

    /** The readable name of an {@code asset.role} value; an unknown value is shown as words. */
    public static String label(String value) {
        if (value == null || value.isEmpty()) {
            return UNKNOWN.label;
        }
        for (AssetRole r : values()) {
            if (r.value.equals(value)) {
                return r.label;
            }
        }
        String words = value.replace('_', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
