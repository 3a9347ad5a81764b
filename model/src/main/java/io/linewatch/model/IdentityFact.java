package io.linewatch.model;

/**
 * One identity fact a protocol exchange revealed about a device, e.g. the firmware version a PLC
 * reported in an S7 SZL read. {@code field} is an asset field name from {@link Fields}
 * ({@code device.firmware.version}, ...); {@code source} names the exchange ({@code modbus.read_device_identification}).
 *
 * @param route null for the device at {@code ip} itself; for a device reached through the device at {@code ip}
 *              (a controller behind its EtherNet/IP module), the route from there as CIP port/link segments
 *              ({@code "1/0"}: backplane, slot 0)
 */
public record IdentityFact(long timestampNanos, String ip, String mac, String field, String value, String source,
                           String eventId, String route) {
    /**
     * The field of a fact that binds {@code mac} to {@code ip} (a DHCP lease) rather than telling an identity value:
     * facts known only by that MAC (the name a DHCP client asked for) belong to that address.
     */
    public static final String ADDRESS_BINDING = "host.ip";

    /** A fact about the device at {@code ip} itself. */
    public IdentityFact(long timestampNanos, String ip, String mac, String field, String value, String source,
                        String eventId) {
        this(timestampNanos, ip, mac, field, value, source, eventId, null);
    }
}
