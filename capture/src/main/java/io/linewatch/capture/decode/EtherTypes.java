package io.linewatch.capture.decode;

/** EtherType values (IEEE registry) and IP protocol numbers (IANA) the decoder acts on. */
public final class EtherTypes {
    private EtherTypes() {
    }

    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int VLAN = 0x8100;        // 802.1Q customer tag
    public static final int QINQ = 0x88a8;        // 802.1ad service tag
    public static final int QINQ_LEGACY = 0x9100; // pre-standard double tagging
    public static final int IPV6 = 0x86dd;
    public static final int PROFINET = 0x8892;
    public static final int LLDP = 0x88cc;

    public static final int IPPROTO_HOPOPTS = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_ROUTING = 43;
    public static final int IPPROTO_FRAGMENT = 44;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int IPPROTO_DSTOPTS = 60;
    public static final int IPPROTO_ICMP = 1;
}
