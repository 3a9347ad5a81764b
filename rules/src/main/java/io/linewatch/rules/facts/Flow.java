package io.linewatch.rules.facts;

import io.linewatch.model.transaction.FlowRecord;

/**
 * A conversation that ended, as the rules see it (from the pipeline's {@link FlowRecord}). Only the flows rules can
 * use are inserted ({@link io.linewatch.rules.RuleEngine#accept(FlowRecord)}): those to industrial ports and to
 * remote-access ports.
 */
public final class Flow {
    /** Wire bytes per packet at most for a packet that carried no payload (Ethernet, VLAN tag, IPv4, TCP options). */
    static final int HEADER_ONLY_BYTES = 80;

    private final String id;
    private final long timestampNanos;
    private final long lastSeenNanos;
    private final String transport;
    private final String clientIp;
    private final int clientPort;
    private final String clientMac;
    private final String serverIp;
    private final int serverPort;
    private final String serverMac;
    private final String application;
    private final String endReason;
    private final long clientPackets;
    private final long clientBytes;
    private final long serverPackets;
    private final long serverBytes;
    private final long clientPayloadBytes;
    private final long serverPayloadBytes;
    private long reportedMillis;
    private String clientRole = "unknown";
    private String serverRole = "unknown";
    /** Where the roles are looked up on first use (null once both are known): see {@link #roles(java.util.function.UnaryOperator)}. */
    private java.util.function.UnaryOperator<String> roleLookup;

    public Flow(FlowRecord f) {
        this.id = f.id();
        this.timestampNanos = f.firstSeenNanos();
        this.lastSeenNanos = f.lastSeenNanos();
        this.transport = f.endpoints().transport();
        this.clientIp = f.endpoints().clientIp();
        this.clientPort = f.endpoints().clientPort();
        this.clientMac = f.endpoints().clientMac();
        this.serverIp = f.endpoints().serverIp();
        this.serverPort = f.endpoints().serverPort();
        this.serverMac = f.endpoints().serverMac();
        this.application = f.application();
        this.endReason = f.endReason();
        this.clientPackets = f.clientPackets();
        this.clientBytes = f.clientBytes();
        this.serverPackets = f.serverPackets();
        this.serverBytes = f.serverBytes();
        this.clientPayloadBytes = f.clientPayloadBytes();
        this.serverPayloadBytes = f.serverPayloadBytes();
    }

    public Flow roles(String client, String server) {
        this.clientRole = client == null ? "unknown" : client;
        this.serverRole = server == null ? "unknown" : server;
        return this;
    }

    /**
     * Roles looked up in the inventory when a rule or an alert first asks (hot path: most facts are never asked for
     * one of them, many for neither). The engine calls {@link #resolveRoles} on the facts it keeps right after
     * their insertion, so a kept fact carries the roles of that moment, as if they had been set before it.
     */
    public Flow roles(java.util.function.UnaryOperator<String> lookup) {
        this.clientRole = null;
        this.serverRole = null;
        this.roleLookup = lookup;
        return this;
    }

    /** Looks up the roles not yet asked for, and forgets the lookup. */
    public void resolveRoles() {
        if (roleLookup != null) {
            getClientRole();
            getServerRole();
            roleLookup = null;
        }
    }

    /** The flow record's event id. */
    public String getId() {
        return id;
    }

    /** The flow's first packet: when the rules see it (flows are inserted when they end). */
    public long getTimestampNanos() {
        return timestampNanos;
    }

    public long getTimestampMillis() {
        return Math.floorDiv(timestampNanos, 1_000_000L);
    }

    /** When the rules were shown it (its end, or later): its {@code @timestamp} in the rules. */
    public long getReportedMillis() {
        return reportedMillis;
    }

    /** Set by the engine on insertion. */
    public void reportedAt(long millis) {
        this.reportedMillis = millis;
    }

    public long getLastSeenNanos() {
        return lastSeenNanos;
    }

    public String getTransport() {
        return transport;
    }

    public String getClientIp() {
        return clientIp;
    }

    public int getClientPort() {
        return clientPort;
    }

    public String getClientMac() {
        return clientMac;
    }

    public String getServerIp() {
        return serverIp;
    }

    public int getServerPort() {
        return serverPort;
    }

    public String getServerMac() {
        return serverMac;
    }

    public String getClientRole() {
        if (roleLookup != null && clientRole == null) {
            String r = clientIp == null ? null : roleLookup.apply(clientIp);
            clientRole = r == null ? "unknown" : r;
        }
        return clientRole;
    }

    public String getServerRole() {
        if (roleLookup != null && serverRole == null) {
            String r = serverIp == null ? null : roleLookup.apply(serverIp);
            serverRole = r == null ? "unknown" : r;
        }
        return serverRole;
    }

    /** The protocol a dissector recognised on it, or null. */
    public String getApplication() {
        return application;
    }

    public String getEndReason() {
        return endReason;
    }

    public long getClientPackets() {
        return clientPackets;
    }

    public long getServerPackets() {
        return serverPackets;
    }

    public long getClientBytes() {
        return clientBytes;
    }

    public long getServerBytes() {
        return serverBytes;
    }

    /**
     * A connection attempt that carried nothing: a TCP flow of at most three packets from the client and two from
     * the server, none with a payload (a SYN left unanswered, answered by RST, or a half-open SYN, SYN/ACK, RST).
     */
    public boolean isProbe() {
        return "tcp".equals(transport) && clientPackets >= 1 && clientPackets <= 3 && serverPackets <= 2
                && !isEstablished();
    }

    /** The server sent back nothing, or only a reset. */
    public boolean isUnanswered() {
        return serverPackets == 0 || ("rst".equals(endReason) && serverPackets == 1
                && serverBytes <= HEADER_ONLY_BYTES);
    }

    /** The server port is one of the industrial protocols' ({@link Ports#INDUSTRIAL}). */
    public boolean isIndustrialPort() {
        return Ports.INDUSTRIAL.containsKey(serverPort);
    }

    /** The cleartext remote-access service on the server port (telnet, ftp, http, vnc), or null. */
    public String getRemoteAccess() {
        return Ports.REMOTE_ACCESS.get(serverPort);
    }

    /**
     * Data went one way or both (a session, not a probe): payload above TCP/UDP was seen. Where the record does
     * not know its payload, wire bytes above a bare header per packet: that misses sessions of short messages (a
     * Telnet login is a few bytes a packet), which the payload count sees.
     */
    public boolean isEstablished() {
        if (clientPayloadBytes >= 0 && serverPayloadBytes >= 0) {
            return clientPayloadBytes > 0 || serverPayloadBytes > 0;
        }
        return clientBytes > clientPackets * HEADER_ONLY_BYTES || serverBytes > serverPackets * HEADER_ONLY_BYTES;
    }

    @Override
    public String toString() {
        return transport + " " + clientIp + ":" + clientPort + " -> " + serverIp + ":" + serverPort + " " + endReason;
    }
}
