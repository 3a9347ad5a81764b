package io.linewatch.inventory;

import java.util.Map;

/**
 * How far a name is trusted, by the exchange that told it ({@code asset.identity[].source}). A name the device's
 * engineer configured and the device itself reports over its industrial protocol (S7 SZL 0x001C module name,
 * PROFINET station name) outranks the name a DHCP client asked for, which outranks a NetBIOS (or mDNS/LLMNR)
 * self-announcement, which outranks a DNS server's answer (the DNS server's view of the address, possibly stale or
 * about another segment). A weaker name never replaces a stronger one.
 */
final class HostNames {
    static final int RANK_DNS = 1;
    static final int RANK_SELF_ANNOUNCED = 2;
    static final int RANK_DHCP = 3;
    /** Industrial protocol identity (every source not in the table). */
    static final int RANK_DEVICE = 4;

    static final String SOURCE_DHCP = "dhcp";
    static final String SOURCE_NETBIOS = "netbios";
    static final String SOURCE_DNS = "dns";
    static final String SOURCE_MDNS = "mdns";
    static final String SOURCE_LLMNR = "llmnr";

    private static final Map<String, Integer> RANKS = Map.of(
            SOURCE_DNS, RANK_DNS,
            SOURCE_MDNS, RANK_SELF_ANNOUNCED,
            SOURCE_LLMNR, RANK_SELF_ANNOUNCED,
            SOURCE_NETBIOS, RANK_SELF_ANNOUNCED,
            SOURCE_DHCP, RANK_DHCP);

    private HostNames() {
    }

    static int rank(String source) {
        return source == null ? RANK_DEVICE : RANKS.getOrDefault(source, RANK_DEVICE);
    }

    /** A name service, not an industrial protocol: no evidence of a role, and no reason to keep a host at the cap. */
    static boolean isNameService(String source) {
        return source != null && RANKS.containsKey(source);
    }

    /** Unicast DNS answers speak about any address: they name hosts seen on the wire, never create them. */
    static boolean attachOnly(String source) {
        return SOURCE_DNS.equals(source);
    }
}
