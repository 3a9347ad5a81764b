package io.linewatch.capture.source;

/** libpcap LINKTYPE_* values the decoder understands (tcpdump.org/linktypes.html). */
public final class LinkTypes {
    private LinkTypes() {
    }

    public static final int NULL = 0;          // BSD loopback: 4-byte host-order address family
    public static final int ETHERNET = 1;
    public static final int RAW = 101;          // bare IPv4/IPv6
    public static final int LINUX_SLL = 113;    // Linux "cooked" capture v1, 16-byte header
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;   // Linux "cooked" capture v2, 20-byte header

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "null";
            case ETHERNET -> "ethernet";
            case RAW -> "raw";
            case LINUX_SLL -> "linux_sll";
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case LINUX_SLL2 -> "linux_sll2";
            default -> "linktype_" + linkType;
        };
    }
}
