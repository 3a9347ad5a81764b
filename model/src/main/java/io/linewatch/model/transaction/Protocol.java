package io.linewatch.model.transaction;

/** The protocols transactions are recorded for: the {@code network.protocol} value and the dataset it goes to. */
public enum Protocol {
    MODBUS("modbus", "linewatch.modbus"),
    /** ISO transport (COTP) connection set-up and tear-down on port 102; carries S7comm and S7comm-plus. */
    COTP("cotp", "linewatch.s7comm"),
    S7COMM("s7comm", "linewatch.s7comm"),
    S7COMM_PLUS("s7comm_plus", "linewatch.s7comm"),
    /** EtherNet/IP encapsulation commands that carry no CIP (ListIdentity, RegisterSession, ...). */
    ENIP("enip", "linewatch.enip"),
    CIP("cip", "linewatch.enip"),
    /** Implicit (class 0/1) I/O, summarised per connection and interval. */
    CIP_IO("cip_io", "linewatch.enip"),
    /** PROFINET DCP (layer 2): Identify, Hello, Get, Set; no IP addresses unless the frame carries them. */
    PROFINET_DCP("profinet_dcp", "linewatch.profinet"),
    /** LLDP advertisements (layer 2): what a switch or device says about itself and the port it sent from. */
    LLDP("lldp", "linewatch.link"),
    /** Cisco Discovery Protocol advertisements (layer 2). */
    CDP("cdp", "linewatch.link");

    /** The {@code network.protocol} value. */
    public final String wireName;
    /** The {@code event.dataset} value. */
    public final String dataset;

    Protocol(String wireName, String dataset) {
        this.wireName = wireName;
        this.dataset = dataset;
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
