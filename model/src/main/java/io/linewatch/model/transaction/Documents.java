package io.linewatch.model.transaction;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import io.linewatch.model.schema.ObservationFields;
import java.util.ArrayList;
import java.util.List;

/** Builds the document of a typed record, where it is written (journal, Elasticsearch, tests). */
public final class Documents {
    private static final List<String> NETWORK = List.of("network");

    private Documents() {
    }

    public static EventDoc of(Transaction t) {
        EventDoc e = header(t.endpoints(), t.id(), t.protocol().dataset, t.timestampNanos(), t.reversed());
        e.put(Fields.NETWORK_PROTOCOL, t.protocol().wireName);
        network(e, t.endpoints());
        related(e, t.sourceIp(), t.destinationIp());
        e.put(Fields.EVENT_ACTION, t.action());
        e.put(Fields.EVENT_OUTCOME, t.outcome().wireName);
        if (t.durationNanos() >= 0) {
            e.put(Fields.EVENT_DURATION, t.durationNanos());
        }
        e.put(Fields.OT_SEEN, t.seen().wireName);
        if (t.operation() != null) {
            e.put(Fields.OT_OPERATION, t.operation().wireName);
        }
        e.put(Fields.OT_MALFORMED_REASON, t.malformedReason());
        Detail d = t.detail();
        for (int i = 0; i < d.size(); i++) {
            e.put(d.name(i), d.value(i));
        }
        if (!t.anomalies().isEmpty()) {
            List<String> codes = new ArrayList<>(t.anomalies().size());
            for (Anomaly a : t.anomalies()) {
                codes.add(a.code());
            }
            e.put(Fields.OT_ANOMALIES, codes);
        }
        return e;
    }

    public static EventDoc of(FlowRecord f) {
        Endpoints ends = f.endpoints();
        EventDoc e = header(ends, f.id(), Values.DATASET_FLOW, f.firstSeenNanos(), false);
        network(e, ends);
        related(e, ends.clientIp(), ends.serverIp());
        e.put(Fields.EVENT_ACTION, "flow_" + f.endReason());
        e.put(Fields.EVENT_START, Timestamps.iso(f.firstSeenNanos()));
        e.put(Fields.EVENT_END, Timestamps.iso(f.lastSeenNanos()));
        e.put(Fields.EVENT_DURATION, f.lastSeenNanos() - f.firstSeenNanos());
        e.put(Fields.NETWORK_APPLICATION, f.application());
        e.put(Fields.SOURCE_PACKETS, f.clientPackets());
        e.put(Fields.SOURCE_BYTES, f.clientBytes());
        e.put(Fields.DESTINATION_PACKETS, f.serverPackets());
        e.put(Fields.DESTINATION_BYTES, f.serverBytes());
        e.put(Fields.NETWORK_PACKETS, f.clientPackets() + f.serverPackets());
        e.put(Fields.NETWORK_BYTES, f.clientBytes() + f.serverBytes());
        e.put(Fields.FLOW_END_REASON, f.endReason());
        if (f.handshakeSeen() != null) {
            e.put(Fields.FLOW_HANDSHAKE_SEEN, f.handshakeSeen());
            e.put(Fields.FLOW_GAPS, f.gaps());
            e.put(Fields.FLOW_GAP_BYTES, f.gapBytes());
        }
        return e;
    }

    /** An observation ({@code linewatch.observation}): the actor as source, the target as destination. */
    public static EventDoc of(Observation o) {
        EventDoc e = new EventDoc();
        e.put(Fields.TIMESTAMP, Timestamps.iso(o.firstNanos()));
        e.put(Fields.EVENT_ID, o.id());
        e.put(Fields.EVENT_KIND, Values.KIND_EVENT);
        e.put(Fields.EVENT_CATEGORY, NETWORK);
        e.put(Fields.EVENT_DATASET, ObservationFields.DATASET);
        e.put(Fields.EVENT_ACTION, o.type().wireName);
        e.put(Fields.EVENT_START, Timestamps.iso(o.firstNanos()));
        e.put(Fields.EVENT_END, Timestamps.iso(o.lastNanos()));
        e.put(Fields.SOURCE_IP, o.actorIp());
        e.put(Fields.SOURCE_MAC, o.actorMac());
        if (o.actorPort() >= 0) {
            e.put(Fields.SOURCE_PORT, o.actorPort());
        }
        e.put(Fields.DESTINATION_IP, o.targetIp());
        e.put(Fields.DESTINATION_MAC, o.targetMac());
        if (o.targetPort() >= 0) {
            e.put(Fields.DESTINATION_PORT, o.targetPort());
        }
        if (o.protocol() != null) {
            e.put(Fields.NETWORK_PROTOCOL, o.protocol().wireName);
        }
        List<String> related = new ArrayList<>(2);
        if (o.actorIp() != null) {
            related.add(o.actorIp());
        }
        if (o.targetIp() != null && !o.targetIp().equals(o.actorIp())) {
            related.add(o.targetIp());
        }
        if (!related.isEmpty()) {
            e.put(Fields.RELATED_IP, related);
        }
        e.put(Fields.MESSAGE, o.message());
        e.put(ObservationFields.TYPE, o.type().wireName);
        e.put(ObservationFields.KEY, o.key());
        e.put(ObservationFields.EXPECTED, o.expected());
        e.put(ObservationFields.SEEN, o.seen());
        e.put(ObservationFields.COUNT, o.count());
        e.put(Fields.EVIDENCE_EVENT_IDS, o.evidenceIds());
        return e;
    }

    private static EventDoc header(Endpoints ends, String id, String dataset, long timestampNanos, boolean reversed) {
        EventDoc e = new EventDoc();
        e.put(Fields.TIMESTAMP, Timestamps.iso(timestampNanos));
        e.put(Fields.EVENT_ID, id);
        e.put(Fields.EVENT_KIND, Values.KIND_EVENT);
        e.put(Fields.EVENT_CATEGORY, NETWORK);
        e.put(Fields.EVENT_DATASET, dataset);
        e.put(Fields.SOURCE_IP, reversed ? ends.serverIp() : ends.clientIp());
        int sourcePort = reversed ? ends.serverPort() : ends.clientPort();
        int destinationPort = reversed ? ends.clientPort() : ends.serverPort();
        boolean ports = ends.transport() != null; // layer-2 records have none
        if (ports || sourcePort >= 0) {
            e.put(Fields.SOURCE_PORT, sourcePort);
        }
        e.put(Fields.SOURCE_MAC, reversed ? ends.serverMac() : ends.clientMac());
        e.put(Fields.DESTINATION_IP, reversed ? ends.clientIp() : ends.serverIp());
        if (ports || destinationPort >= 0) {
            e.put(Fields.DESTINATION_PORT, destinationPort);
        }
        e.put(Fields.DESTINATION_MAC, reversed ? ends.clientMac() : ends.serverMac());
        e.put(Fields.NETWORK_TRANSPORT, ends.transport());
        return e;
    }

    private static void network(EventDoc e, Endpoints ends) {
        if (ends.vlan() >= 0) {
            e.put(Fields.NETWORK_VLAN_ID, ends.vlan());
        }
        if (ends.innerVlan() >= 0) {
            e.put(Fields.NETWORK_INNER_VLAN_ID, ends.innerVlan());
        }
    }

    /** Layer-2 records may lack one or both addresses (PROFINET DCP, LLDP): only the known ones are listed. */
    private static void related(EventDoc e, String source, String destination) {
        if (source == null || destination == null) {
            if (source != null || destination != null) {
                e.put(Fields.RELATED_IP, List.of(source != null ? source : destination));
            }
            return;
        }
        e.put(Fields.RELATED_IP, source.equals(destination) ? List.of(source) : List.of(source, destination));
    }
}
