package io.linewatch.dissectors.names;

/**
 * A name (or another identity value) a name service bound to a device: {@code ip} may be null when only the
 * device's MAC is known (a DHCP client that has no address yet).
 */
record NameFact(String ip, String mac, String field, String value) {
}
