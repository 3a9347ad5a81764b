package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;

/**
 * Where a connection's implicit I/O datagrams are sent: an IPv4 address and UDP port. A Forward_Open exchange names
 * them in its Sockaddr Info items (CIP Vol. 2, section 2-6.3.3: type 0x8000 O-&gt;T, 0x8001 T-&gt;O), which sit beside the
 * unconnected data item of the SendRRData: sin_family(2) sin_port(2) sin_addr(4) sin_zero(8), big-endian like BSD
 * sockets. The target's reply gives the O-&gt;T endpoint it receives on and, for multicast, the T-&gt;O group; an
 * originator may ask for its T-&gt;O port in the request. Wireshark's {@code packet-enip.c} keeps the same two
 * endpoints per connection ({@code connInfo->O2T}/{@code T2O}). An address of 0.0.0.0 means the peer's own address.
 *
 * @param ip   dotted IPv4, or null when the item gave 0.0.0.0 (the sending device's address is meant)
 * @param port UDP port
 */
record IoEndpoint(String ip, int port) {
    /** sin_family(2) sin_port(2) sin_addr(4): what must be present; sin_zero(8) may be cut. */
    static final int MIN_ITEM_LENGTH = 8;

    /** The endpoint of a Sockaddr Info item, or null when it is too short. */
    static IoEndpoint parse(ByteReader item) {
        try {
            item.skip(2); // sin_family (AF_INET)
            int port = item.u16();
            int a = item.u8();
            int b = item.u8();
            int c = item.u8();
            int d = item.u8();
            boolean any = (a | b | c | d) == 0;
            return new IoEndpoint(any ? null : a + "." + b + "." + c + "." + d, port);
        } catch (DecodeException e) {
            return null;
        }
    }

    /** This endpoint with {@code deviceIp} standing for an unspecified address. */
    IoEndpoint orAddress(String deviceIp) {
        return ip != null ? this : new IoEndpoint(deviceIp, port);
    }

    /** {@code address:port}. */
    @Override
    public String toString() {
        return ip + ":" + port;
    }
}
