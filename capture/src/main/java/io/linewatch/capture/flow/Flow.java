package io.linewatch.capture.flow;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.EtherTypes;

/**
 * One bidirectional conversation. The client is whoever sent the SYN; without a captured handshake
 * it is guessed from the ports ({@link ServicePorts}) and {@link #handshakeSeen()} says so.
 */
public final class Flow implements io.linewatch.model.transaction.Endpoints {
    public enum EndReason { FIN, RST, IDLE, EVICTED, END_OF_CAPTURE }

    final FlowKey key;
    private final String transport;
    private final String clientIp;
    private final String serverIp;
    private final int clientPort;
    private final int serverPort;
    private long clientMac;
    private long serverMac;
    // text forms, shared between the flows of a table (AddressTexts): every event of the flow carries them
    private String clientMacText;
    private String serverMacText;
    private final int outerVlan;
    private final int innerVlan;
    private final long firstSeen;
    private final boolean handshakeSeen;
    /** True when endpoint a of the key is the client. */
    final boolean clientIsA;
    long lastSeen;
    // per direction, as fields rather than three arrays: a flow table holds one flow per connection
    private long packetsToServer;
    private long packetsToClient;
    private long bytesToServer;
    private long bytesToClient;
    /** Transport payload bytes (what the packets carried above TCP/UDP, including what the snap length cut). */
    private long payloadToServer;
    private long payloadToClient;
    final TcpStream[] streams;
    boolean finToServer;
    boolean finToClient;
    /** Set by FIN (both ways) or RST; the flow lingers a little before it ends. */
    EndReason closedBy;
    EndReason endReason;
    FlowListener listener;
    private final String id;

    Flow(FlowKey key, DecodedPacket p, boolean senderIsClient, boolean handshakeSeen, TcpLimits limits,
         AddressTexts addresses) {
        this.key = key;
        this.transport = p.ipProtocol == EtherTypes.IPPROTO_TCP ? "tcp" : p.ipProtocol == EtherTypes.IPPROTO_UDP ? "udp"
                : "ip_" + p.ipProtocol;
        String src = addresses.ip(p, true);
        String dst = addresses.ip(p, false);
        this.clientIp = senderIsClient ? src : dst;
        this.serverIp = senderIsClient ? dst : src;
        this.clientPort = senderIsClient ? p.srcPort : p.dstPort;
        this.serverPort = senderIsClient ? p.dstPort : p.srcPort;
        this.clientMac = senderIsClient ? p.srcMac : p.dstMac;
        this.serverMac = senderIsClient ? p.dstMac : p.srcMac;
        this.clientMacText = addresses.mac(clientMac);
        this.serverMacText = addresses.mac(serverMac);
        this.outerVlan = p.outerVlan;
        this.innerVlan = p.innerVlan;
        this.firstSeen = p.timestampNanos;
        this.lastSeen = p.timestampNanos;
        this.handshakeSeen = handshakeSeen;
        this.clientIsA = senderIsClient == key.sourceIsA;
        this.streams = p.ipProtocol == EtherTypes.IPPROTO_TCP
                ? new TcpStream[] {new TcpStream(limits), new TcpStream(limits)} : null;
        this.id = transport + "|" + outerVlan + "|" + innerVlan + "|" + clientIp + "|" + clientPort + "|"
                + serverIp + "|" + serverPort + "|" + firstSeen;
    }

    /** Direction of a packet whose key was just computed. */
    Direction directionOf(FlowKey probe) {
        return probe.sourceIsA == clientIsA ? Direction.TO_SERVER : Direction.TO_CLIENT;
    }

    void learnMacs(Direction dir, DecodedPacket p, AddressTexts addresses) {
        // cooked captures carry only the source MAC; fill in what the other direction reveals
        if (clientMac >= 0 && serverMac >= 0) {
            return;
        }
        if (dir == Direction.TO_SERVER) {
            if (clientMac < 0) clientMac = p.srcMac;
            if (serverMac < 0) serverMac = p.dstMac;
        } else {
            if (serverMac < 0) serverMac = p.srcMac;
            if (clientMac < 0) clientMac = p.dstMac;
        }
        clientMacText = addresses.mac(clientMac);
        serverMacText = addresses.mac(serverMac);
    }

    /** Stable text identity of this flow, used to derive deterministic event ids. */
    public String id() {
        return id;
    }

    public String transport() {
        return transport;
    }

    public String clientIp() {
        return clientIp;
    }

    public String serverIp() {
        return serverIp;
    }

    public int clientPort() {
        return clientPort;
    }

    public int serverPort() {
        return serverPort;
    }

    public String clientMac() {
        return clientMacText;
    }

    public String serverMac() {
        return serverMacText;
    }

    /** Outer 802.1Q VLAN id, -1 if untagged. */
    public int vlan() {
        return outerVlan;
    }

    public int innerVlan() {
        return innerVlan;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public boolean handshakeSeen() {
        return handshakeSeen;
    }

    public long packets(Direction d) {
        return d == Direction.TO_SERVER ? packetsToServer : packetsToClient;
    }

    public long bytes(Direction d) {
        return d == Direction.TO_SERVER ? bytesToServer : bytesToClient;
    }

    /** Payload bytes above TCP/UDP sent in that direction (retransmissions included): zero for a bare handshake. */
    public long payloadBytes(Direction d) {
        return d == Direction.TO_SERVER ? payloadToServer : payloadToClient;
    }

    /** One more packet in direction {@code d}: {@code wire} bytes on the wire, {@code payload} above TCP/UDP. */
    void count(Direction d, long wire, long payload) {
        if (d == Direction.TO_SERVER) {
            packetsToServer++;
            bytesToServer += wire;
            payloadToServer += payload;
        } else {
            packetsToClient++;
            bytesToClient += wire;
            payloadToClient += payload;
        }
    }

    public EndReason endReason() {
        return endReason;
    }

    /** TCP reassembly figures for one direction (null for UDP). */
    public TcpStream.Stats streamStats(Direction d) {
        return streams == null ? null : streams[d.ordinal()].stats();
    }

    public boolean isTcp() {
        return streams != null;
    }
}
