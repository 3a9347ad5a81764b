package io.linewatch.model.transaction;

import io.linewatch.model.EventIds;
import java.util.ArrayList;
import java.util.List;

/**
 * One protocol transaction as the dissectors hand it downstream: a request paired with its response, either
 * alone when its partner was not seen, or bytes that did not decode ({@link Seen#MALFORMED}). The typed slots
 * carry what the inventory, baselines and rules reason about (who, what, on which object, with which values,
 * how it ended); {@link #detail()} carries the rest of the protocol's fields for the document, which is built
 * only where it is written ({@link Documents}).
 *
 * <p>Made and filled by one dissector on one thread, then handed on and not changed again.
 */
public final class Transaction {
    private static final ObjectRef[] NO_OBJECTS = new ObjectRef[0];

    private final Endpoints endpoints;
    private final long sequence;
    private final Protocol protocol;
    private final long timestampNanos;
    private String id;
    private boolean reversed;
    private long durationNanos = -1;
    private String action;
    private Operation operation;
    private Outcome outcome = Outcome.UNKNOWN;
    private Seen seen = Seen.BOTH;
    private int function = -1;
    private int subfunction = -1;
    private int unit = -1;
    private int status = -1;
    private ObjectRef[] objects = NO_OBJECTS;
    private long[] values;
    private boolean valuesWritten;
    private List<Anomaly> anomalies;
    private String malformedReason;
    private final Detail detail;

    /**
     * @param sequence the transaction's place among the records of its conversation (with the conversation's
     *                 id it gives the deterministic event id)
     */
    public Transaction(Endpoints endpoints, long sequence, Protocol protocol, long timestampNanos) {
        this.endpoints = endpoints;
        this.sequence = sequence;
        this.protocol = protocol;
        this.timestampNanos = timestampNanos;
        this.detail = new Detail(protocol.detailFields);
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public long sequence() {
        return sequence;
    }

    /** The deterministic event id, computed on first use. */
    public String id() {
        if (id == null) {
            id = EventIds.of(endpoints.id(), sequence);
        }
        return id;
    }

    public Protocol protocol() {
        return protocol;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** True when the server initiated it (a PLC's push, a broadcast reply): then the server is the source. */
    public boolean reversed() {
        return reversed;
    }

    public Transaction reversed(boolean serverInitiated) {
        this.reversed = serverInitiated;
        return this;
    }

    /** Request to response in nanoseconds, -1 when not both were seen. */
    public long durationNanos() {
        return durationNanos;
    }

    public Transaction durationNanos(long nanos) {
        this.durationNanos = nanos;
        return this;
    }

    /** The operation's name, snake_case ({@code read_holding_registers}, {@code plc_stop}). */
    public String action() {
        return action;
    }

    public Transaction action(String name) {
        this.action = name;
        return this;
    }

    /** Null on malformed records. */
    public Operation operation() {
        return operation;
    }

    public Transaction operation(Operation op) {
        this.operation = op;
        return this;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Transaction outcome(Outcome o) {
        this.outcome = o;
        return this;
    }

    public Seen seen() {
        return seen;
    }

    public Transaction seen(Seen s) {
        this.seen = s;
        return this;
    }

    /** The function, service or command code as on the wire (Modbus function, S7 function, CIP service), -1 if none. */
    public int function() {
        return function;
    }

    public Transaction function(int code) {
        this.function = code;
        return this;
    }

    /** A sub-function (Modbus diagnostics, UMAS, S7 userdata), -1 if none. */
    public int subfunction() {
        return subfunction;
    }

    public Transaction subfunction(int code) {
        this.subfunction = code;
        return this;
    }

    /** The addressed unit behind the server (Modbus unit id, S7 slot), -1 if none. */
    public int unit() {
        return unit;
    }

    public Transaction unit(int id) {
        this.unit = id;
        return this;
    }

    /** The reply's error code (Modbus exception, S7 error class, CIP general status), -1 if none or success. */
    public int status() {
        return status;
    }

    public Transaction status(int code) {
        this.status = code;
        return this;
    }

    /** What was acted on; empty when nothing is addressed. Read only: records of the same poll may share the array. */
    public ObjectRef[] objects() {
        return objects;
    }

    public Transaction objects(ObjectRef... refs) {
        this.objects = refs == null ? NO_OBJECTS : refs;
        return this;
    }

    /**
     * Process values the protocol carried, one per address from the first object's {@code start} (registers,
     * coils as 0/1); null when it carried none.
     */
    public long[] values() {
        return values;
    }

    /** True when {@link #values()} were written by the client, false when read from the server. */
    public boolean valuesWritten() {
        return valuesWritten;
    }

    public Transaction values(long[] carried, boolean written) {
        this.values = carried;
        this.valuesWritten = written;
        return this;
    }

    public List<Anomaly> anomalies() {
        return anomalies == null ? List.of() : anomalies;
    }

    public Transaction anomaly(Anomaly a) {
        if (anomalies == null) {
            anomalies = new ArrayList<>(2);
        }
        if (!anomalies.contains(a)) {
            anomalies.add(a);
        }
        return this;
    }

    /** Why the bytes did not decode; null unless {@link #seen()} is {@link Seen#MALFORMED}. */
    public String malformedReason() {
        return malformedReason;
    }

    /** Marks this record malformed: outcome unknown, no operation. */
    public Transaction malformed(String reason) {
        this.malformedReason = reason;
        this.seen = Seen.MALFORMED;
        this.outcome = Outcome.UNKNOWN;
        this.operation = null;
        this.action = "malformed";
        return this;
    }

    public Detail detail() {
        return detail;
    }

    /** The requester's address (the source of the document). */
    public String sourceIp() {
        return reversed ? endpoints.serverIp() : endpoints.clientIp();
    }

    /** The responder's address. */
    public String destinationIp() {
        return reversed ? endpoints.clientIp() : endpoints.serverIp();
    }

    @Override
    public String toString() {
        return protocol.wireName + " " + action + " " + sourceIp() + " -> " + destinationIp();
    }
}
