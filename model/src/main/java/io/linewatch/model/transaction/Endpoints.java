package io.linewatch.model.transaction;

/**
 * The two ends of the conversation a transaction belongs to. The client is the side that opened it (the
 * master, the engineering station), the server the side that answers (the PLC). Implemented by the flow, so
 * a transaction costs no copy of its addresses, and a MAC learned late in the flow is still written.
 */
public interface Endpoints {
    /** Stable text identity of the conversation; with a per-flow sequence it makes event ids deterministic. */
    String id();

    /** {@code tcp} or {@code udp}; null for a layer-2 protocol (PROFINET DCP, LLDP, CDP). */
    String transport();

    /** Null for a layer-2 record whose frame names no address (then the MACs identify the ends). */
    String clientIp();

    /** Null for a layer-2 record whose frame names no address. */
    String serverIp();

    int clientPort();

    int serverPort();

    /** Null when not known. */
    String clientMac();

    /** Null when not known. */
    String serverMac();

    /** Outer 802.1Q VLAN id, -1 when untagged. */
    int vlan();

    /** Inner 802.1Q VLAN id (QinQ), -1 when absent. */
    int innerVlan();
}
