package io.linewatch.rules;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.transaction.Anomaly;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Typed transactions and flows for rule tests, on a pseudo clock the test drives, and what the rules wrote. */
final class Traffic {
    static final long T0 = Timestamps.parse("2024-05-04T05:00:00Z");
    static final long SECOND = 1_000_000_000L;

    record Ends(String transport, String clientIp, int clientPort, String serverIp, int serverPort) implements Endpoints {
        @Override
        public String id() {
            return transport + "|" + clientIp + "|" + clientPort + "|" + serverIp + "|" + serverPort;
        }

        @Override
        public String clientMac() {
            return null;
        }

        @Override
        public String serverMac() {
            return null;
        }

        @Override
        public int vlan() {
            return -1;
        }

        @Override
        public int innerVlan() {
            return -1;
        }
    }

    final List<EventDoc> alertLines = new ArrayList<>();
    final List<EventDoc> events = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Map<String, String> roles = new HashMap<>();
    final List<EventDoc> assets = new ArrayList<>();
    /** {@code ip/protocol} pairs the inventory says the device answers. */
    final java.util.Set<String> served = new java.util.HashSet<>();
    /** Devices whose baseline still learns. */
    final java.util.Set<String> learning = new java.util.HashSet<>();
    private final Map<String, Long> sequence = new HashMap<>();

    RuleEngine.Outputs outputs() {
        return new RuleEngine.Outputs(alertLines::add, events::add, new AssetDirectory() {
            @Override
            public String role(String ip) {
                return roles.getOrDefault(ip, "unknown");
            }

            @Override
            public List<EventDoc> assets() {
                return assets;
            }

            @Override
            public boolean baselineLearning(String ip) {
                return learning.contains(ip);
            }

            @Override
            public boolean serves(String ip, String protocol) {
                return served.contains(ip + "/" + protocol);
            }
        }, EvidenceRecorder.NONE, errors::add);
    }

    /** The latest version of each alert, in the order they were first raised. */
    List<EventDoc> alerts() {
        Map<String, EventDoc> latest = new java.util.LinkedHashMap<>();
        for (EventDoc a : alertLines) {
            latest.put(a.id(), a);
        }
        return new ArrayList<>(latest.values());
    }

    List<String> ruleIds() {
        return alerts().stream().map(a -> a.getString(Fields.RULE_ID)).toList();
    }

    Transaction tx(long ts, String client, String server, Protocol p, String action, Operation op) {
        int port = switch (p) {
            case MODBUS -> 502;
            case S7COMM, S7COMM_PLUS, COTP -> 102;
            default -> 44818;
        };
        Ends e = new Ends(p == Protocol.ENIP && server.endsWith(".255") ? "udp" : "tcp", client, 49152, server, port);
        long seq = sequence.merge(e.id(), 1L, Long::sum);
        return new Transaction(e, seq, p, ts).action(action).operation(op).outcome(Outcome.SUCCESS);
    }

    static Transaction failed(Transaction t, int status) {
        return t.outcome(Outcome.FAILURE).status(status);
    }

    static Transaction object(Transaction t, ObjectRef o) {
        return t.objects(o);
    }

    static final Anomaly ODD = () -> "odd_length";

    FlowRecord flow(long ts, String client, int clientPort, String server, int serverPort, long clientPackets,
                    long clientBytes, long serverPackets, long serverBytes, String end) {
        Ends e = new Ends("tcp", client, clientPort, server, serverPort);
        return new FlowRecord(e, 0, null, ts, ts + SECOND / 10, end, clientPackets, clientBytes, serverPackets,
                serverBytes, clientPackets > 0 && serverPackets > 0, 0, 0);
    }

    /** A TCP flow whose payload volume each way is known (as the capture path reports it). */
    FlowRecord flow(long ts, String client, int clientPort, String server, int serverPort, long clientPackets,
                    long clientBytes, long clientPayload, long serverPackets, long serverBytes, long serverPayload,
                    String end) {
        Ends e = new Ends("tcp", client, clientPort, server, serverPort);
        return new FlowRecord(e, 0, null, ts, ts + SECOND / 10, end, clientPackets, clientBytes, serverPackets,
                serverBytes, true, 0, 0, clientPayload, serverPayload);
    }
}
