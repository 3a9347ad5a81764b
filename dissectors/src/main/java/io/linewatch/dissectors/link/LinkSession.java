package io.linewatch.dissectors.link;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.flow.Addresses;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;

/**
 * A link dissector's handle on one frame: its MACs, VLANs and time; makes the frame's transactions (ids from the
 * frame's ends and time plus a sequence), emits them, records malformed input, identity facts and counters.
 */
public final class LinkSession {
    private final DissectorContext context;
    private final String sourceMac;
    private final String destinationMac;
    private final int vlan;
    private final int innerVlan;
    private final long timestampNanos;
    private final String conversation;
    private int index;

    LinkSession(DissectorContext context, DecodedPacket p) {
        this(context, p.srcMac < 0 ? null : Addresses.mac(p.srcMac), p.dstMac < 0 ? null : Addresses.mac(p.dstMac),
                p.outerVlan, p.innerVlan, p.timestampNanos, LinkRegistry.conversation(p));
    }

    LinkSession(DissectorContext context, String sourceMac, String destinationMac, int vlan, int innerVlan,
                long timestampNanos, String conversation) {
        this.context = context;
        this.conversation = conversation;
        this.sourceMac = sourceMac;
        this.destinationMac = destinationMac;
        this.vlan = vlan;
        this.innerVlan = innerVlan;
        this.timestampNanos = timestampNanos;
    }

    public String sourceMac() {
        return sourceMac;
    }

    public String destinationMac() {
        return destinationMac;
    }

    public int vlan() {
        return vlan;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * A transaction of this frame between {@code clientMac} and {@code serverMac} (the frame's own MACs, one way or
     * the other); {@code clientIp}/{@code serverIp} when the frame names them, else null.
     */
    public Transaction newTransaction(Protocol protocol, String clientMac, String serverMac, String clientIp,
                                      String serverIp) {
        // the conversation (the MAC pair) is what evidence keeps packets by; capture time and the record's place in
        // its frame make the sequence, so ids are the same on every run and on any number of threads
        long sequence = timestampNanos * 4 + index++;
        return new Transaction(new LinkEndpoints(conversation, clientMac, serverMac, clientIp, serverIp, vlan, innerVlan),
                sequence, protocol, timestampNanos);
    }

    public void emit(Transaction t) {
        context.records().transaction(t);
    }

    /** Bytes that did not decode: a counted ({@code <protocol>.malformed}) record from the frame's sender. */
    public Transaction malformed(Protocol protocol, String reason) {
        context.count(protocol.wireName + ".malformed", 1);
        Transaction t = newTransaction(protocol, sourceMac, destinationMac, null, null).malformed(reason);
        emit(t);
        return t;
    }

    /** An identity fact about the device with that MAC (and IP address, when the frame names it; else null). */
    public void identity(String mac, String ip, String field, String value, String source, String eventId) {
        if (value == null || value.isBlank()) {
            return;
        }
        context.identities().accept(new IdentityFact(timestampNanos, ip, mac, field, value.strip(), source, eventId));
    }

    public void count(String name) {
        context.count(name, 1);
    }
}
