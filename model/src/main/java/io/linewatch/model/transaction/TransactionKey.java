package io.linewatch.model.transaction;

import java.util.Arrays;
import java.util.Objects;

/**
 * What makes transactions "the same" to a stage that folds or samples them: (client, server, protocol, function,
 * sub-function, unit, direction, objects). Asked of every routine transaction, so a stage keeps one probe, refills it
 * per transaction and copies it only when the key is new: a repeat allocates nothing. A key held in a map is a
 * {@link #copy} and never changes afterwards. The objects array is the transaction's own (records are not changed
 * once handed on); parties may be null, objects null for "any".
 */
public final class TransactionKey {
    private String client;
    private String server;
    private Protocol protocol;
    private int function;
    private int subfunction;
    private int unit;
    private boolean reversed;
    private ObjectRef[] objects;
    private int hash;

    /** Refills this probe; returns it. */
    public TransactionKey of(String client, String server, Protocol protocol, int function, int subfunction, int unit,
                             boolean reversed, ObjectRef[] objects) {
        this.client = client;
        this.server = server;
        this.protocol = protocol;
        this.function = function;
        this.subfunction = subfunction;
        this.unit = unit;
        this.reversed = reversed;
        this.objects = objects;
        int h = Objects.hashCode(client);
        h = 31 * h + Objects.hashCode(server);
        h = 31 * h + (protocol == null ? -1 : protocol.ordinal());
        h = 31 * h + function;
        h = 31 * h + subfunction;
        h = 31 * h + unit;
        h = 31 * h + (reversed ? 1 : 0);
        hash = 31 * h + Arrays.hashCode(objects);
        return this;
    }

    /** A key of its own with this probe's values, to hold in a map. */
    public TransactionKey copy() {
        TransactionKey k = new TransactionKey();
        k.client = client;
        k.server = server;
        k.protocol = protocol;
        k.function = function;
        k.subfunction = subfunction;
        k.unit = unit;
        k.reversed = reversed;
        k.objects = objects;
        k.hash = hash;
        return k;
    }

    public String client() {
        return client;
    }

    public String server() {
        return server;
    }

    public Protocol protocol() {
        return protocol;
    }

    public int function() {
        return function;
    }

    public int subfunction() {
        return subfunction;
    }

    public int unit() {
        return unit;
    }

    public boolean reversed() {
        return reversed;
    }

    public ObjectRef[] objects() {
        return objects;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionKey k && hash == k.hash && function == k.function && subfunction == k.subfunction
                && unit == k.unit && reversed == k.reversed && protocol == k.protocol && Objects.equals(client, k.client)
                && Objects.equals(server, k.server) && Arrays.equals(objects, k.objects);
    }
}
