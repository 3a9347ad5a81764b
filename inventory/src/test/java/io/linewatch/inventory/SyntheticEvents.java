package io.linewatch.inventory;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import java.nio.file.Path;

/** Builds documents the way the dissectors and the flow registry do (SCHEMA.md), for inventory tests. */
final class SyntheticEvents {
    static final long T0 = 1_600_000_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    private SyntheticEvents() {
    }

    /** A transaction: {@code client} asked {@code server}, both seen. */
    static EventDoc transaction(long ts, String client, String server, String protocol, String action, String operation) {
        EventDoc e = new EventDoc();
        e.put(Fields.TIMESTAMP, Timestamps.iso(ts));
        e.put(Fields.EVENT_ID, "e" + ts + client + server + action);
        e.put(Fields.EVENT_KIND, Values.KIND_EVENT);
        e.put(Fields.EVENT_DATASET, "linewatch." + protocol);
        e.put(Fields.EVENT_ACTION, action);
        e.put(Fields.EVENT_OUTCOME, Values.OUTCOME_SUCCESS);
        e.put(Fields.SOURCE_IP, client);
        e.put(Fields.DESTINATION_IP, server);
        e.put(Fields.NETWORK_TRANSPORT, "tcp");
        e.put(Fields.NETWORK_PROTOCOL, protocol);
        e.put(Fields.OT_SEEN, Values.SEEN_BOTH);
        e.put(Fields.OT_OPERATION, operation);
        return e;
    }

    /** A flow record ({@code linewatch.flow}) with no dissector (network.application absent). */
    static EventDoc flow(long start, long end, String client, String server, String transport, int port, long packets,
                         long answered) {
        EventDoc e = new EventDoc();
        e.put(Fields.TIMESTAMP, Timestamps.iso(start));
        e.put(Fields.EVENT_ID, "f" + start + client + server + port);
        e.put(Fields.EVENT_DATASET, Values.DATASET_FLOW);
        e.put(Fields.EVENT_ACTION, "flow_end");
        e.put(Fields.EVENT_START, Timestamps.iso(start));
        e.put(Fields.EVENT_END, Timestamps.iso(end));
        e.put(Fields.SOURCE_IP, client);
        e.put(Fields.SOURCE_PORT, 50000);
        e.put(Fields.DESTINATION_IP, server);
        e.put(Fields.DESTINATION_PORT, port);
        e.put(Fields.NETWORK_TRANSPORT, transport);
        e.put(Fields.SOURCE_PACKETS, packets - answered);
        e.put(Fields.DESTINATION_PACKETS, answered);
        e.put(Fields.NETWORK_PACKETS, packets);
        return e;
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
