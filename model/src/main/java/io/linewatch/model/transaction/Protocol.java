package io.linewatch.model.transaction;

/** The protocols transactions are recorded for: the {@code network.protocol} value and the dataset it goes to. */
public enum Protocol {
    MODBUS("modbus", "linewatch.modbus", 8),
    /** ISO transport (COTP) connection set-up and tear-down on port 102; carries S7comm and S7comm-plus. */
    COTP("cotp", "linewatch.s7comm", 8),
    S7COMM("s7comm", "linewatch.s7comm", 16),
    S7COMM_PLUS("s7comm_plus", "linewatch.s7comm", 12),
    /** EtherNet/IP encapsulation commands that carry no CIP (ListIdentity, RegisterSession, ...). */
    ENIP("enip", "linewatch.enip", 8),
    CIP("cip", "linewatch.enip", 12),
    /** Implicit (class 0/1) I/O, summarised per connection and interval. */
    CIP_IO("cip_io", "linewatch.enip", 16),
    /** PROFINET DCP (layer 2): Identify, Hello, Get, Set; no IP addresses unless the frame carries them. */
    PROFINET_DCP("profinet_dcp", "linewatch.profinet", 8),
    /** LLDP advertisements (layer 2): what a switch or device says about itself and the port it sent from. */
    LLDP("lldp", "linewatch.link", 8),
    /** Cisco Discovery Protocol advertisements (layer 2). */
    CDP("cdp", "linewatch.link", 8),
    /**
     * Name services (DHCP, NetBIOS name service, DNS/mDNS/LLMNR): read for the names they bind to addresses
     * (identity facts); they record no transactions.
     */
    DHCP("dhcp", "linewatch.dhcp", 8),
    NETBIOS_NS("netbios_ns", "linewatch.netbios", 8),
    DNS("dns", "linewatch.dns", 8);

    /** The {@code network.protocol} value. */
    public final String wireName;
    /** The {@code event.dataset} value. */
    public final String dataset;
    /**
     * How many document fields ({@link Detail}) a transaction of this protocol usually has, as the OT-mix and test
     * captures give them (S7comm 13 to 16, CIP 9 to 12, a CIP I/O summary 16): its detail is made that large at
     * once instead of growing past eight.
     */
    public final int detailFields;

    Protocol(String wireName, String dataset, int detailFields) {
        this.wireName = wireName;
        this.dataset = dataset;
        this.detailFields = detailFields;
    }

    /** The protocol of that {@code network.protocol} value, or null. */
    public static Protocol of(String wireName) {
        for (Protocol p : values()) {
            if (p.wireName.equals(wireName)) {
                return p;
            }
        }
        return null;
    }
}
