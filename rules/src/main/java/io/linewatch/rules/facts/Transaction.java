package io.linewatch.rules.facts;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.transaction.Anomaly;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Seen;
import java.util.ArrayList;
import java.util.List;

/**
 * A protocol transaction as the rules see it: the fields rules match on, nothing mutable.
 *
 * <p>Two views of the parties. {@code source}/{@code destination} follow the protocol's request direction (in an
 * S7 download the PLC sends the download-block requests). {@code actor}/{@code target} say who did what to whom:
 * the actor is the side that opened the conversation (the engineering station, the scanner, the HMI), the target
 * the side that serves it (the controller), whatever the direction of the single request. Alerts name the actor and
 * the target.
 */
public final class Transaction {
    private final String id;
    private final String flowId;
    private final long timestampNanos;
    private final String protocol;
    private final String transport;
    private final String action;
    private final String operation;
    private final String outcome;
    private final boolean malformed;
    /** {@code ot.seen}: both, request, response, malformed. */
    private final String seen;
    private final String malformedReason;
    private final boolean serverInitiated;
    private final String sourceIp;
    private final String destinationIp;
    private final String actorIp;
    private final int actorPort;
    private final String actorMac;
    private final String targetIp;
    private final int targetPort;
    private final String targetMac;
    private final int function;
    private final int subfunction;
    private final int unit;
    private final int status;
    private final List<ObjectRef> objects;
    private final List<String> anomalies;
    private String actorRole = "unknown";
    private String targetRole = "unknown";
    /** Where the roles are looked up on first use (null once both are known): see {@link #roles(java.util.function.UnaryOperator)}. */
    private java.util.function.UnaryOperator<String> roleLookup;
    private boolean targetSpeaksProtocol = true;
    private boolean newIdentityReader;

    /** From a legacy document (user tests and old callers): no typed slots. */
    public Transaction(EventDoc e) {
        this.id = e.id();
        this.flowId = null;
        this.timestampNanos = Timestamps.parse(e.getString(Fields.TIMESTAMP));
        this.protocol = e.getString(Fields.NETWORK_PROTOCOL);
        this.transport = e.getString(Fields.NETWORK_TRANSPORT);
        this.action = e.getString(Fields.EVENT_ACTION);
        this.operation = e.getString(Fields.OT_OPERATION);
        this.outcome = e.getString(Fields.EVENT_OUTCOME);
        this.malformed = "malformed".equals(e.getString(Fields.OT_SEEN));
        this.seen = e.getString(Fields.OT_SEEN);
        this.malformedReason = e.getString(Fields.OT_MALFORMED_REASON);
        this.serverInitiated = false;
        this.sourceIp = e.getString(Fields.SOURCE_IP);
        this.destinationIp = e.getString(Fields.DESTINATION_IP);
        this.actorIp = sourceIp;
        this.actorPort = port(e.getLong(Fields.SOURCE_PORT));
        this.actorMac = e.getString(Fields.SOURCE_MAC);
        this.targetIp = destinationIp;
        this.targetPort = port(e.getLong(Fields.DESTINATION_PORT));
        this.targetMac = e.getString(Fields.DESTINATION_MAC);
        this.function = -1;
        this.subfunction = -1;
        this.unit = -1;
        this.status = -1;
        this.objects = List.of();
        this.anomalies = List.of();
    }

    private static int port(Long p) {
        return p == null ? -1 : p.intValue();
    }

    /** The rules' view of a typed transaction from the dissectors. */
    public Transaction(io.linewatch.model.transaction.Transaction t) {
        io.linewatch.model.transaction.Endpoints e = t.endpoints();
        this.id = t.id();
        this.flowId = e.id();
        this.timestampNanos = t.timestampNanos();
        this.protocol = t.protocol().wireName;
        this.transport = e.transport();
        this.action = t.action();
        this.operation = t.operation() == null ? null : t.operation().wireName;
        this.outcome = t.outcome().wireName;
        this.malformed = t.seen() == Seen.MALFORMED;
        this.seen = t.seen().wireName;
        this.malformedReason = t.malformedReason();
        this.serverInitiated = t.reversed();
        this.sourceIp = t.sourceIp();
        this.destinationIp = t.destinationIp();
        this.actorIp = e.clientIp();
        this.actorPort = e.clientPort();
        this.actorMac = e.clientMac();
        this.targetIp = e.serverIp();
        this.targetPort = e.serverPort();
        this.targetMac = e.serverMac();
        this.function = t.function();
        this.subfunction = t.subfunction();
        this.unit = t.unit();
        this.status = t.status();
        this.objects = List.of(t.objects());
        this.anomalies = codes(t.anomalies());
    }

    /** The anomalies' codes (none on almost every fact: nothing is built for them). */
    private static List<String> codes(List<? extends Anomaly> anomalies) {
        if (anomalies.isEmpty()) {
            return List.of();
        }
        List<String> codes = new ArrayList<>(anomalies.size());
        for (Anomaly a : anomalies) {
            codes.add(a.code());
        }
        return List.copyOf(codes);
    }

    /** Roles of the two parties from the asset inventory ({@code plc}, {@code it_host}, ...), set before insertion. */
    public Transaction roles(String actor, String target) {
        this.actorRole = actor == null ? "unknown" : actor;
        this.targetRole = target == null ? "unknown" : target;
        return this;
    }

    /**
     * Roles looked up in the inventory when a rule or an alert first asks (hot path: most facts are never asked for
     * one of them, many for neither). The engine calls {@link #resolveRoles} on the facts it keeps right after
     * their insertion, so a kept fact carries the roles of that moment, as if they had been set before it.
     */
    public Transaction roles(java.util.function.UnaryOperator<String> lookup) {
        this.actorRole = null;
        this.targetRole = null;
        this.roleLookup = lookup;
        return this;
    }

    /** Looks up the roles not yet asked for, and forgets the lookup. */
    public void resolveRoles() {
        if (roleLookup != null) {
            getActorRole();
            getTargetRole();
            roleLookup = null;
        }
    }

    /**
     * Whether the target answered this protocol in decoded transactions (the inventory is asked for malformed
     * records only; true for the others): bytes that are not the protocol matter on a device that parses it.
     */
    public boolean isTargetSpeaksProtocol() {
        return targetSpeaksProtocol;
    }

    /** Set by the engine on a malformed record before insertion. */
    public Transaction targetSpeaksProtocol(boolean speaks) {
        this.targetSpeaksProtocol = speaks;
        return this;
    }

    /**
     * An identity read (unicast discovery: SZL module/component identification, Read Device Identification,
     * ListIdentity, ...) by a host that had not read this target's identity before, made after the target's
     * baseline stopped learning.
     */
    public boolean isNewIdentityReader() {
        return newIdentityReader;
    }

    /** Set by the engine before insertion. */
    public Transaction newIdentityReader(boolean first) {
        this.newIdentityReader = first;
        return this;
    }

    /** Which halves were seen ({@code both}, {@code request}, {@code response}, {@code malformed}). */
    public String getSeen() {
        return seen;
    }

    public String getId() {
        return id;
    }

    /** The conversation it belongs to (the flow's id): what the evidence recorder keeps packets by. */
    public String getFlowId() {
        return flowId;
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

    public String getTransport() {
        return transport;
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

    /** The reply was an error (Modbus exception, S7 error class, CIP general status). */
    public boolean isFailed() {
        return "failure".equals(outcome);
    }

    /** Bytes that did not decode as the protocol the flow carries. */
    public boolean isMalformed() {
        return malformed;
    }

    public String getMalformedReason() {
        return malformedReason;
    }

    /** The server sent this request (an S7 download block, a PLC push). */
    public boolean isServerInitiated() {
        return serverInitiated;
    }

    /** The requester of this one transaction. */
    public String getSourceIp() {
        return sourceIp;
    }

    /** The responder of this one transaction. */
    public String getDestinationIp() {
        return destinationIp;
    }

    /** Who did it: the side that opened the conversation. */
    public String getActorIp() {
        return actorIp;
    }

    public int getActorPort() {
        return actorPort;
    }

    public String getActorMac() {
        return actorMac;
    }

    /** Whom it was done to: the side that serves the conversation (the controller). */
    public String getTargetIp() {
        return targetIp;
    }

    public int getTargetPort() {
        return targetPort;
    }

    public String getTargetMac() {
        return targetMac;
    }

    public String getActorRole() {
        if (roleLookup != null && actorRole == null) {
            String r = actorIp == null ? null : roleLookup.apply(actorIp);
            actorRole = r == null ? "unknown" : r;
        }
        return actorRole;
    }

    public String getTargetRole() {
        if (roleLookup != null && targetRole == null) {
            String r = targetIp == null ? null : roleLookup.apply(targetIp);
            targetRole = r == null ? "unknown" : r;
        }
        return targetRole;
    }

    /** Function, service or command code as on the wire; -1 if none. */
    public int getFunctionCode() {
        return function;
    }

    public int getSubfunction() {
        return subfunction;
    }

    /** Modbus unit id, S7 slot; -1 if none. */
    public int getUnit() {
        return unit;
    }

    /** The reply's error code; -1 if none. */
    public int getStatus() {
        return status;
    }

    public List<ObjectRef> getObjects() {
        return objects;
    }

    /** The first object's area ({@code holding_registers}, {@code block_ob}, {@code cip_object}, {@code szl}), or null. */
    public String getObjectArea() {
        return objects.isEmpty() ? null : objects.get(0).area();
    }

    /** The first object's number (DB or block number, CIP class, SZL id), or -1. */
    public long getObjectNumber() {
        return objects.isEmpty() ? -1 : objects.get(0).number();
    }

    /** A short text naming what was acted on ({@code block_db 1}, {@code holding_registers 40..49}), or null. */
    public String getObject() {
        if (objects.isEmpty()) {
            return null;
        }
        ObjectRef o = objects.get(0);
        StringBuilder b = new StringBuilder(o.area());
        if (o.name() != null) {
            b.append(' ').append(o.name());
        }
        if (o.number() >= 0) {
            b.append(' ').append(o.number());
        }
        if (o.instance() >= 0) {
            b.append('/').append(o.instance());
        }
        if (o.start() >= 0) {
            b.append(' ').append(o.start());
            if (o.count() > 1) {
                b.append("..").append(o.start() + o.count() - 1);
            }
        }
        return b.toString();
    }

    /** Anomaly codes the dissector noticed ({@code ot.anomalies}). */
    public List<String> getAnomalies() {
        return anomalies;
    }

    public boolean isAnomalous() {
        return !anomalies.isEmpty();
    }

    /** Broadcast and multicast destinations (discovery requests are often sent to all). */
    public boolean isToGroup() {
        return Addresses.isGroup(destinationIp);
    }

    @Override
    public String toString() {
        return action + " " + actorIp + " -> " + targetIp;
    }
}
