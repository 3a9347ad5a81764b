package io.linewatch.dissectors;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.TcpStream;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.model.IdentityFact;
import java.util.Locale;

/**
 * A dissector's handle on its flow: builds transaction documents with the common fields filled in,
 * emits them, records malformed input and identity facts. Event ids are derived from the flow's
 * identity and a per-flow sequence, so the same capture always yields the same ids.
 */
public final class FlowSession {
    private final Flow flow;
    private final DissectorContext context;
    private long sequence;
    private String application;

    public FlowSession(Flow flow, DissectorContext context) {
        this.flow = flow;
        this.context = context;
    }

    public Flow flow() {
        return flow;
    }

    public DissectorContext context() {
        return context;
    }

    /** The application protocol recognised on this flow, for its flow record (null: none, or not after all). */
    public void application(String protocol) {
        this.application = protocol;
    }

    /**
     * A dissector saw the first valid PDU of its protocol on this flow: from now on the flow's application is that
     * protocol (the port a flow uses only suggests it). Later calls keep the first protocol recognised.
     */
    public void recognised(Protocol protocol) {
        if (application == null) {
            application = protocol.wireName;
        }
    }

    public String application() {
        return application;
    }

    /** A new transaction on this flow, with the next id of the flow's sequence. */
    public Transaction newTransaction(Protocol protocol, long timestampNanos) {
        return new Transaction(flow, sequence++, protocol, timestampNanos);
    }

    /** Hands a finished transaction to the next stage. */
    public void emit(Transaction transaction) {
        context.records().transaction(transaction);
    }

    /**
     * Records bytes that could not be decoded: a counted ({@code <protocol>.malformed}) malformed transaction
     * with the reason, emitted (never an exception out of a dissector).
     */
    public Transaction malformed(Protocol protocol, String reason, long timestampNanos) {
        context.count(protocol.wireName + ".malformed", 1);
        Transaction t = newTransaction(protocol, timestampNanos).malformed(reason);
        emit(t);
        return t;
    }

    /** The record of this flow, at its end. */
    void flowEnded() {
        TcpStream.Stats up = flow.isTcp() ? flow.streamStats(Direction.TO_SERVER) : null;
        TcpStream.Stats down = flow.isTcp() ? flow.streamStats(Direction.TO_CLIENT) : null;
        context.records().flowEnded(new FlowRecord(flow, sequence++, application, flow.firstSeen(), flow.lastSeen(),
                flow.endReason().name().toLowerCase(Locale.ROOT),
                flow.packets(Direction.TO_SERVER), flow.bytes(Direction.TO_SERVER),
                flow.packets(Direction.TO_CLIENT), flow.bytes(Direction.TO_CLIENT),
                flow.isTcp() ? flow.handshakeSeen() : null,
                up == null ? -1 : up.gaps() + down.gaps(), up == null ? -1 : up.gapBytes() + down.gapBytes(),
                flow.payloadBytes(Direction.TO_SERVER), flow.payloadBytes(Direction.TO_CLIENT)));
    }

    /** An identity fact about the server (PLC) of this flow, or the client when {@code aboutServer} is false. */
    public void identity(boolean aboutServer, String field, String value, String source, long timestampNanos, String eventId) {
        if (value == null || value.isBlank()) {
            return;
        }
        context.identities().accept(new IdentityFact(timestampNanos,
                aboutServer ? flow.serverIp() : flow.clientIp(),
                aboutServer ? flow.serverMac() : flow.clientMac(),
                field, value.strip(), source, eventId));
    }

    /**
     * An identity fact about a device behind this flow's server (a controller reached through its communication
     * module), {@code route} being the CIP port/link path from the module ({@code "1/0"}).
     */
    public void identityBehind(String route, String field, String value, String source, long timestampNanos,
                               String eventId) {
        if (value == null || value.isBlank()) {
            return;
        }
        context.identities().accept(new IdentityFact(timestampNanos, flow.serverIp(), null, field, value.strip(), source,
                eventId, route));
    }

    /**
     * An identity fact about an address the payload names (a DHCP client's lease, a name service answer), not one of
     * this flow's endpoints; {@code ip} may be null when only the MAC is known (the inventory binds it to the host that
     * MAC belongs to). No transaction stands behind it, so it carries no event id.
     */
    public void identityOf(String ip, String mac, String field, String value, String source, long timestampNanos) {
        if (value == null || value.isBlank() || (ip == null && mac == null)) {
            return;
        }
        context.identities().accept(new IdentityFact(timestampNanos, ip, mac, field, value.strip(), source, null));
    }

    public void count(String name) {
        context.count(name, 1);
    }
}
