package io.linewatch.inventory;

import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.nio.file.Path;

/** Builds documents the way the dissectors and the flow registry do (SCHEMA.md), for inventory tests. */
final class SyntheticEvents {
    static final long T0 = 1_600_000_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    private SyntheticEvents() {
    }

    /** The two ends of a synthetic conversation. */
    record Ends(String id, String transport, String clientIp, String serverIp, int clientPort, int serverPort,
                String clientMac, String serverMac, int vlan, int innerVlan) implements Endpoints {
        static Ends of(String client, String server, String transport, int serverPort) {
            return new Ends(client + ">" + server + ":" + serverPort, transport, client, server, 50000, serverPort,
                    null, null, -1, -1);
        }
    }

    /** A transaction: {@code client} asked {@code server}, both seen. */
    static Transaction transaction(long ts, String client, String server, String protocol, String action, String operation) {
        return new Transaction(Ends.of(client, server, "tcp", 0), ts, Protocol.of(protocol), ts)
                .action(action).operation(Operation.of(operation)).outcome(Outcome.SUCCESS).seen(Seen.BOTH);
    }

    /** A flow record ({@code linewatch.flow}) with no dissector (no application). */
    static FlowRecord flow(long start, long end, String client, String server, String transport, int port, long packets,
                           long answered) {
        return new FlowRecord(Ends.of(client, server, transport, port), 0, null, start, end, "fin",
                packets - answered, 0, answered, 0, "tcp".equals(transport) ? Boolean.TRUE : null, 0, 0);
    }

    /** testdata/ found from any module directory. */
    static Path testdata(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata").resolve(relative);
            if (candidate.toFile().exists()) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("testdata/" + relative + " not found");
    }
}
