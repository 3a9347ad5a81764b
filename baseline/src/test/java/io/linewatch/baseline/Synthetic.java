package io.linewatch.baseline;

import io.linewatch.model.IdentityFact;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Synthetic Modbus-like traffic for baseline tests: flows, polls and writes on a capture clock. */
final class Synthetic {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_700_000_000L * S;

    record Flow(String id, String transport, String clientIp, String serverIp, int clientPort, int serverPort,
                String clientMac, String serverMac, int vlan, int innerVlan) implements Endpoints {
    }

    final List<Observation> seen = new ArrayList<>();
    BaselineEngine engine;
    private final Map<String, Flow> flows = new HashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();

    Synthetic(BaselineConfig config) {
        engine = new BaselineEngine(config, seen::add);
    }

    Flow flow(String client, String server) {
        return flows.computeIfAbsent(client + ">" + server, k -> new Flow("tcp " + k, "tcp", client, server,
                40000 + flows.size(), 502, null, null, -1, -1));
    }

    Transaction tx(String client, String server, long at, int function, String action, Operation op) {
        Flow f = flow(client, server);
        long seq = sequences.merge(f.id(), 1L, Long::sum);
        return new Transaction(f, seq, Protocol.MODBUS, at).action(action).operation(op).function(function).unit(1)
                .outcome(Outcome.SUCCESS);
    }

    Transaction read(String client, String server, long at, long start, long count, long... values) {
        Transaction t = tx(client, server, at, 3, "read_holding_registers", Operation.READ)
                .objects(ObjectRef.range("holding_registers", start, count));
        if (values.length > 0) {
            t.values(values, false);
        }
        return t;
    }

    Transaction write(String client, String server, long at, long start, long... values) {
        return tx(client, server, at, 16, "write_multiple_registers", Operation.WRITE)
                .objects(ObjectRef.range("holding_registers", start, values.length)).values(values, true);
    }

    void feed(Transaction t) {
        engine.tick(t.timestampNanos());
        engine.transaction(t);
    }

    void identity(long at, String ip, String field, String value) {
        engine.identity(new IdentityFact(at, ip, null, field, value, "test", "ev-" + at));
    }

    /**
     * The normal plant from {@code from} for {@code seconds}: HMI 10.0.0.10 polls PLC 10.0.0.1 registers 0-9 every
     * second (register 0 a level 100..140, 1 a mode in {1, 2, 8}, 2 a constant 42) and writes setpoint 100 every
     * 10 s; historian 10.0.0.20 polls 10.0.0.1 registers 0-9 every 5 s.
     */
    long normal(long from, int seconds) {
        for (int i = 0; i < seconds; i++) {
            long at = from + i * S;
            long level = 100 + (i * 7) % 41;
            long mode = new long[] {1, 2, 8}[(i / 13) % 3];
            feed(read("10.0.0.10", "10.0.0.1", at, 0, 10, level, mode, 42, 0, 0, 0, 0, 0, 0, 0));
            if (i % 10 == 3) {
                feed(write("10.0.0.10", "10.0.0.1", at + S / 2, 100, 500 + i % 3));
            }
            if (i % 5 == 1) {
                feed(read("10.0.0.20", "10.0.0.1", at + S / 4, 0, 10));
            }
        }
        return from + seconds * S;
    }

    List<Observation> of(ObservationType type) {
        return seen.stream().filter(o -> o.type() == type).toList();
    }
}
