package io.linewatch.model;

/**
 * One identity fact a protocol exchange revealed about a device, e.g. the firmware version a PLC
 * reported in an S7 SZL read. {@code field} is an asset field name from {@link Fields}
 * ({@code device.firmware.version}, ...); {@code source} names the exchange ({@code modbus.read_device_identification}).
 */
public record IdentityFact(long timestampNanos, String ip, String mac, String field, String value, String source,
                           String eventId) {
}
