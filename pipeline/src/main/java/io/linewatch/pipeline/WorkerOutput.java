package io.linewatch.pipeline;

import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.model.EventDoc;
import io.linewatch.model.IdentityFact;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * What one worker produced for (part of) one round of packets, in the order it produced it: events (with their JSON
 * already encoded, one line each, into {@link #json}), inventory sightings and identity facts. Each item
 * carries the global number of the packet that caused it; the merger interleaves the workers' outputs by it.
 * Recycled between rounds.
 */
final class WorkerOutput {
    enum Kind { TRANSACTION, FLOW, SIGHTING, IDENTITY }

    /** An address pair seen in traffic, for the asset inventory. */
    record Sighting(long timestampNanos, String ip, String mac, int vlan) {
    }

    /** Index given to what the end of the input produces: after every packet. */
    static final long END_OF_INPUT = Long.MAX_VALUE;

    long[] index = new long[256];
    Kind[] kind = new Kind[256];
    Object[] item = new Object[256];
    int[] jsonEnd = new int[256];
    int size;
    byte[] json = new byte[1 << 16];
    int jsonLength;
    /** The worker's last output for its batch of the round (a batch whose packets produce much comes in several). */
    boolean endOfRound;
    /** The end of the input. */
    boolean last;
    /** The round was an idle tick to this capture time (0: none); set on the round's last output. */
    long idleNanos;
    /** On the last output of a round: every packet numbered up to this belongs to this round or an earlier one. */
    long upTo;
    /** Capture time the baseline's clock moves to after the round (0: none); set on the round's last output. */
    long clockNanos;

    /** Receives the bytes of the NDJSON writer, growing {@link #json}. */
    final OutputStream jsonSink = new OutputStream() {
        @Override
        public void write(int b) {
            ensure(1);
            json[jsonLength++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, json, jsonLength, len);
            jsonLength += len;
        }

        private void ensure(int more) {
            if (jsonLength + more > json.length) {
                json = Arrays.copyOf(json, Math.max(jsonLength + more, json.length * 2));
            }
        }
    };

    /** Records a transaction whose JSON line was just written to {@link #jsonSink}. */
    void transaction(long packetIndex, Transaction t) {
        add(packetIndex, Kind.TRANSACTION, t);
    }

    /** Records a flow record whose JSON line was just written to {@link #jsonSink}. */
    void flowEnded(long packetIndex, FlowRecord f) {
        add(packetIndex, Kind.FLOW, f);
    }

    void sighting(long packetIndex, Sighting s) {
        add(packetIndex, Kind.SIGHTING, s);
    }

    void identity(long packetIndex, IdentityFact fact) {
        add(packetIndex, Kind.IDENTITY, fact);
    }

    private void add(long packetIndex, Kind k, Object o) {
        if (size == index.length) {
            int n = size * 2;
            index = Arrays.copyOf(index, n);
            kind = Arrays.copyOf(kind, n);
            item = Arrays.copyOf(item, n);
            jsonEnd = Arrays.copyOf(jsonEnd, n);
        }
        index[size] = packetIndex;
        kind[size] = k;
        item[size] = o;
        jsonEnd[size] = jsonLength;
        size++;
    }

    int jsonStart(int i) {
        return i == 0 ? 0 : jsonEnd[i - 1];
    }

    void clear() {
        Arrays.fill(item, 0, size, null); // let documents go
        size = 0;
        jsonLength = 0;
        endOfRound = false;
        last = false;
        idleNanos = 0;
        clockNanos = 0;
        if (json.length > (1 << 24)) {
            json = new byte[1 << 16]; // one huge round should not pin its buffer for the rest of the run
        }
    }
}
