package io.linewatch.dissectors.names;

/** Counter names of the name services, one table: {@code <protocol>.<what>}. */
enum NameCounter {
    /** Names (and DHCP vendor classes) handed to the inventory. */
    DHCP_FACTS("dhcp.identity_facts"),
    DHCP_MALFORMED("dhcp.malformed"),
    NETBIOS_FACTS("netbios_ns.identity_facts"),
    NETBIOS_MALFORMED("netbios_ns.malformed"),
    /** A NetBIOS record for an address other than its sender (a WINS answer about someone else): not used. */
    NETBIOS_NOT_SELF("netbios_ns.records_not_self"),
    DNS_FACTS("dns.identity_facts"),
    DNS_MALFORMED("dns.malformed"),
    /** An mDNS/LLMNR record for an address other than its sender: not used (only a host answers for itself there). */
    DNS_NOT_SELF("dns.records_not_self");

    final String counter;

    NameCounter(String counter) {
        this.counter = counter;
    }
}
