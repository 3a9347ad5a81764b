package io.linewatch.inventory;

/** {@code asset.role} values. Declaration order breaks ties between equally supported roles. */
public enum AssetRole {
    PLC("plc"),
    ENGINEERING_WORKSTATION("engineering_workstation"),
    HMI("hmi"),
    HISTORIAN("historian"),
    IO_ADAPTER("io_adapter"),
    IT_HOST("it_host"),
    UNKNOWN("unknown");

    public final String value;

    AssetRole(String value) {
        this.value = value;
    }
}
