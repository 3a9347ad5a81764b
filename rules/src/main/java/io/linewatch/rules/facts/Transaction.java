package io.linewatch.rules.facts;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;

/** A protocol transaction as the rules see it: the fields rules match on, nothing mutable. */
public final class Transaction {
    private final String id;
    private final long timestampNanos;
    private final String protocol;
    private final String action;
    private final String operation;
    private final String outcome;
    private final String sourceIp;
    private final Long sourcePort;
    private final String sourceMac;
    private final String destinationIp;
    private final Long destinationPort;
    private final String destinationMac;

    public Transaction(EventDoc e) {
        this.id = e.id();
        this.timestampNanos = Timestamps.parse(e.getString(Fields.TIMESTAMP));
        this.protocol = e.getString(Fields.NETWORK_PROTOCOL);
        this.action = e.getString(Fields.EVENT_ACTION);
        this.operation = e.getString(Fields.OT_OPERATION);
        this.outcome = e.getString(Fields.EVENT_OUTCOME);
        this.sourceIp = e.getString(Fields.SOURCE_IP);
        this.sourcePort = e.getLong(Fields.SOURCE_PORT);
        this.sourceMac = e.getString(Fields.SOURCE_MAC);
        this.destinationIp = e.getString(Fields.DESTINATION_IP);
        this.destinationPort = e.getLong(Fields.DESTINATION_PORT);
        this.destinationMac = e.getString(Fields.DESTINATION_MAC);
    }

    /** The rules' view of a typed transaction from the dissectors. */
    public Transaction(io.linewatch.model.transaction.Transaction t) {
        io.linewatch.model.transaction.Endpoints e = t.endpoints();
        boolean reversed = t.reversed();
        this.id = t.id();
        this.timestampNanos = t.timestampNanos();
        this.protocol = t.protocol().wireName;
        this.action = t.action();
        this.operation = t.operation() == null ? null : t.operation().wireName;
        this.outcome = t.outcome().wireName;
        this.sourceIp = t.sourceIp();
        this.sourcePort = (long) (reversed ? e.serverPort() : e.clientPort());
        this.sourceMac = reversed ? e.serverMac() : e.clientMac();
        this.destinationIp = t.destinationIp();
        this.destinationPort = (long) (reversed ? e.clientPort() : e.serverPort());
        this.destinationMac = reversed ? e.clientMac() : e.serverMac();
    }

    public String getId() {
        return id;
    }

    public long getTimestampNanos() {
        return timestampNanos;
    }

    /** For Drools' {@code @timestamp}, which counts milliseconds. */
    public long getTimestampMillis() {
        return Math.floorDiv(timestampNanos, 1_000_000L);
    }

    public String getProtocol() {
        return protocol;
    }

    public String getAction() {
        return action;
    }

    public String getOperation() {
        return operation;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getSourceIp() {
        return sourceIp;
    }

    public Long getSourcePort() {
        return sourcePort;
    }

    public String getSourceMac() {
        return sourceMac;
    }

    public String getDestinationIp() {
        return destinationIp;
    }

    public Long getDestinationPort() {
        return destinationPort;
    }

    public String getDestinationMac() {
        return destinationMac;
    }

    /** Broadcast and multicast destinations (discovery requests are often sent to all). */
    public boolean isToGroup() {
        if (destinationIp == null) {
            return false;
        }
        if (destinationIp.endsWith(".255") || destinationIp.startsWith("ff")) {
            return true;
        }
        int dot = destinationIp.indexOf('.');
        if (dot > 0) {
            int first = Integer.parseInt(destinationIp.substring(0, dot));
            return first >= 224 && first <= 239;
        }
        return false;
    }

    @Override
    public String toString() {
        return action + " " + sourceIp + " -> " + destinationIp;
    }
}
