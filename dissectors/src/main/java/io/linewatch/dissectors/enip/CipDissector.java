package io.linewatch.dissectors.enip;

import io.linewatch.capture.flow.Flow;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.OpenRequests;
import io.linewatch.model.schema.CipFields;
import io.linewatch.model.schema.EnipFields;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The CIP transactions of one EtherNet/IP flow: requests in SendRRData (unconnected) and SendUnitData
 * (connected, class 3) paired with their replies, one transaction per CIP service (network.protocol
 * {@code cip}), the services inside Multiple Service Packet and Unconnected Send unwrapped. Unconnected
 * messages pair by sender context, connected ones by connection and sequence count. A successful
 * Forward_Open registers its connection in {@link EnipState} (for connected messages and the I/O flows
 * it creates), a Forward_Close removes it, and an Identity reply gives identity facts: about the device at the
 * server's address, or, when an Unconnected Send's route or the connection's path leads on through ports, about the
 * device at the end of that route (an asset behind its communication module).
 */
final class CipDissector {
    static final String SOURCE_GET_ATTRIBUTES_ALL = "cip.identity.get_attributes_all";
    /** Identity attributes 1-7 read one by one (RSLinx does so over a connection). */
    static final String SOURCE_GET_ATTRIBUTE_LIST = "cip.identity.get_attribute_list";

    /**
     * What pairs a CIP reply with its request, as the open-request table's scope and id. SendRRData: the sender
     * context the target echoes, in this scope (no connection id is negative but -1). SendUnitData: the connection
     * and the sequence count the target echoes. Requests travel on the O-&gt;T id and replies on the T-&gt;O id, so
     * the connection is named by its O-&gt;T id when its Forward_Open was seen, and not at all (-1: sequence count
     * alone) when it was not.
     */
    private static final long UNCONNECTED = Long.MIN_VALUE;

    /** A request waiting for its reply: the encapsulation it came in and its CIP message tree. */
    private record Open(EnipMessage encapsulation, CipMessage root) {
    }

    private final FlowSession session;
    private final EnipState state;
    private final OpenRequests<Open> open;
    /** This connection's request paths: a poll's repeat, so most are looked up rather than parsed. */
    private final PathCache paths = new PathCache();

    CipDissector(FlowSession session, EnipState state, int maxOpen, long timeoutNanos) {
        this.session = session;
        this.state = state;
        this.open = new OpenRequests<>(session, Protocol.CIP.wireName, maxOpen, timeoutNanos, p -> record(p, null));
    }

    void expire(long ts) {
        open.expire(ts);
    }

    /** The end of the flow: open requests are recorded unanswered. */
    void end() {
        open.drain();
    }

    /** A SendRRData / SendUnitData request; {@code b} holds its CIP message. */
    void request(EnipMessage m, byte[] b) {
        long ts = m.timestampNanos;
        if (m.error != null) {
            session.malformed(Protocol.ENIP, m.error, ts);
            return;
        }
        CipDecoder.Parsed parsed = CipDecoder.request(b, m.cipOffset, m.cipLength, paths);
        if (parsed.request() == null) {
            session.malformed(Protocol.CIP, parsed.error().code(), ts);
            return;
        }
        CipMessage root = parsed.request();
        if (!root.hasLeaf()) {
            session.malformed(Protocol.CIP,
                    (root.anomalies.isEmpty() ? CipAnomaly.WRAPPER_WITHOUT_REQUESTS : root.anomalies.get(0)).code(), ts);
            return;
        }
        Open replaced = open.put(scope(m), id(m), new Open(m, root), ts);
        if (replaced != null) {
            // the same context (or sequence count) again before a reply: the earlier request went unanswered
            record(replaced, null);
        }
    }

    /** A SendRRData / SendUnitData reply. */
    void reply(EnipMessage m, byte[] b) {
        int replyService = m.error == null ? CipDecoder.replyService(b, m.cipOffset, m.cipLength) : -1;
        // an encapsulation-level error reply without CIP pairs by its sender context alone
        boolean pairs = m.error == null || m.command != EnipCommand.SEND_UNIT_DATA;
        long scope = pairs ? scope(m) : 0;
        Open match = pairs ? open.peek(scope, id(m)) : null;
        if (match != null && (replyService < 0 || match.root().answeredBy(replyService))) {
            open.take(scope, id(m));
        } else {
            unmatchedReply(m, b);
            return;
        }
        if (replyService >= 0 && !CipDecoder.applyReply(match.root(), b, m.cipOffset, m.cipLength, m.timestampNanos)) {
            match.root().anomalies.add(CipAnomaly.REPLY_NOT_UNDERSTOOD);
        }
        record(match, m);
    }

    private long scope(EnipMessage m) {
        if (m.command == EnipCommand.SEND_RR_DATA) {
            return UNCONNECTED;
        }
        EnipState.Connection c = connection(m.connectionId);
        return c == null ? -1 : c.params().oToId;
    }

    private static long id(EnipMessage m) {
        return m.command == EnipCommand.SEND_RR_DATA ? m.header.senderContext() : m.sequence;
    }

    private EnipState.Connection connection(long connectionId) {
        Flow f = session.flow();
        return state.connection(connectionId, f.clientIp(), f.serverIp());
    }

    /** Records one transaction per leaf of a request, with its reply when seen ({@code reply} null: unanswered). */
    private void record(Open p, EnipMessage reply) {
        if (p.root().kind == CipMessage.Kind.LEAF) {
            record(p, p.root(), reply, List.of()); // most requests: no wrapper, no lists to make
            return;
        }
        List<CipMessage> leaves = new ArrayList<>();
        p.root().leaves(leaves);
        List<CipAnomaly> wrapperAnomalies = new ArrayList<>();
        p.root().wrapperAnomalies(wrapperAnomalies);
        for (CipMessage leaf : leaves) {
            record(p, leaf, reply, wrapperAnomalies);
        }
    }

    private void record(Open p, CipMessage leaf, EnipMessage reply, List<CipAnomaly> wrapperAnomalies) {
        EnipMessage request = p.encapsulation();
        boolean encapsulationFailed = reply != null && reply.header.status() != 0;
        Outcome outcome = leaf.replied ? (leaf.succeeded() ? Outcome.SUCCESS : Outcome.FAILURE)
                : encapsulationFailed ? Outcome.FAILURE : Outcome.UNKNOWN;
        Transaction t = session.newTransaction(Protocol.CIP, request.timestampNanos)
                .action(CipService.action(leaf.service, leaf.known))
                .operation(CipService.operation(leaf.service, leaf.path.classId, leaf.known))
                .outcome(outcome)
                .seen(reply != null ? Seen.BOTH : Seen.REQUEST)
                .function(leaf.service)
                .objects(leaf.objects());
        if (reply != null) {
            t.durationNanos(Math.max(0, (leaf.replied ? leaf.replyTimestamp : reply.timestampNanos) - request.timestampNanos));
        }
        if (leaf.replied && !leaf.succeeded()) {
            t.status(leaf.generalStatus);
        }
        if (leaf.writtenValues != null) {
            t.values(leaf.writtenValues, true); // a repeated write of the same masks folds in the default output
        }
        EnipState.Connection connection =
                request.command == EnipCommand.SEND_UNIT_DATA ? connection(request.connectionId) : null;
        IoEndpoint oToT = oToEndpoint(request, reply, leaf);
        IoEndpoint tToO = tToEndpoint(request, reply, leaf);
        // most CIP transactions are folded into summaries and never written: their fields are put only if they are
        t.detail().putLater(d -> detail(d, request, reply, leaf, connection, oToT, tToO));
        List<IoEndpoint> endpoints = oToT == null && tToO == null ? List.of()
                : Stream.of(oToT, tToO).filter(Objects::nonNull).toList();
        for (int i = 0; i < leaf.anomalies.size(); i++) {
            t.anomaly(leaf.anomalies.get(i));
        }
        for (int i = 0; i < wrapperAnomalies.size(); i++) {
            t.anomaly(wrapperAnomalies.get(i));
        }
        session.emit(t);
        completed(request, leaf, connection, endpoints, t);
    }

    /** A CIP transaction's fields, from its request, reply and leaf, which do not change once it is recorded. */
    private static void detail(Detail d, EnipMessage request, EnipMessage reply, CipMessage leaf,
                               EnipState.Connection connection, IoEndpoint oToT, IoEndpoint tToO) {
        d.put(EnipFields.COMMAND, request.code())
                .put(EnipFields.SESSION_HANDLE, request.header.sessionHandle())
                .put(EnipFields.STATUS, reply != null ? reply.header.status() : request.header.status());
        if (request.command == EnipCommand.SEND_RR_DATA) {
            d.put(EnipFields.SENDER_CONTEXT, EnipHeader.contextHex(request.header.senderContext()));
        }
        d.put(CipFields.SERVICE, leaf.service);
        EPath path = leaf.path;
        putIfSet(d, CipFields.CLASS_ID, path.classId);
        putIfSet(d, CipFields.INSTANCE_ID, path.instanceId);
        putIfSet(d, CipFields.ATTRIBUTE_ID, path.attributeId);
        putIfSet(d, CipFields.MEMBER_ID, path.memberId);
        putIfSet(d, CipFields.CONNECTION_POINT, path.connectionPoint);
        d.put(CipFields.SYMBOL, path.symbol);
        if (!leaf.wrappers.isEmpty()) {
            d.put(CipFields.WRAPPERS, leaf.wrappers);
        }
        d.put(CipFields.ROUTE_PATH, leaf.routePath);
        if (leaf.replied) {
            d.put(CipFields.GENERAL_STATUS, leaf.generalStatus);
            CipGeneralStatus gs = CipGeneralStatus.of(leaf.generalStatus);
            d.put(CipFields.GENERAL_STATUS_TEXT, gs == null ? null : gs.text);
            if (leaf.extendedStatus >= 0) {
                d.put(CipFields.EXTENDED_STATUS, leaf.extendedStatus);
            }
        }
        if (request.command == EnipCommand.SEND_UNIT_DATA) {
            putIfSet(d, CipFields.CONNECTION_ID, request.connectionId);
            d.put(CipFields.CONNECTION_SEQUENCE, request.sequence);
            if (connection != null) {
                d.put(CipFields.CONNECTION_FORWARD_OPEN_EVENT_ID, connection.forwardOpenEventId());
            }
        }
        leaf.writeDetail(d);
        d.put(CipFields.CONNECTION_O_T_ENDPOINT, oToT == null ? null : oToT.toString());
        d.put(CipFields.CONNECTION_T_O_ENDPOINT, tToO == null ? null : tToO.toString());
    }

    /**
     * Where a Forward_Open's O-&gt;T I/O goes, as its Sockaddr Info item says (the reply's over the request's), null when
     * neither says; an unspecified address is the target's (the flow's server), which receives O-&gt;T data.
     */
    private IoEndpoint oToEndpoint(EnipMessage request, EnipMessage reply, CipMessage leaf) {
        if (leaf.connection == null || leaf.connection.close) {
            return null;
        }
        IoEndpoint e = reply != null && reply.sockaddrOToT != null ? reply.sockaddrOToT : request.sockaddrOToT;
        return e == null ? null : e.orAddress(session.flow().serverIp());
    }

    /** Where its T-&gt;O I/O goes; an unspecified address is the originator's (the flow's client). */
    private IoEndpoint tToEndpoint(EnipMessage request, EnipMessage reply, CipMessage leaf) {
        if (leaf.connection == null || leaf.connection.close) {
            return null;
        }
        IoEndpoint e = reply != null && reply.sockaddrTToO != null ? reply.sockaddrTToO : request.sockaddrTToO;
        return e == null ? null : e.orAddress(session.flow().clientIp());
    }

    /** Side effects of a completed service: the connection registry, identity facts. */
    private void completed(EnipMessage request, CipMessage leaf, EnipState.Connection connection, List<IoEndpoint> endpoints,
                           Transaction t) {
        // the event id (a hash) only when a connection or identity fact refers to it: most transactions need none here
        if (!leaf.replied || !leaf.succeeded()) {
            return;
        }
        ConnectionParams c = leaf.connection;
        if (c != null && c.established && !c.close) {
            Flow f = session.flow();
            state.open(new EnipState.Connection(c, f.clientIp(), f.serverIp(), t.id(), endpoints));
        } else if (c != null && c.close) {
            state.close(c, session.flow().clientIp());
        }
        if (leaf.identity != null) {
            String source = leaf.known == CipService.GET_ATTRIBUTE_LIST ? SOURCE_GET_ATTRIBUTE_LIST : SOURCE_GET_ATTRIBUTES_ALL;
            if (request.command == EnipCommand.SEND_UNIT_DATA && connection == null) {
                // connected, but its Forward_Open was not seen: which device the connection reaches is unknown
                session.count(EnipCounter.IDENTITY_NOT_ATTRIBUTED.counter);
                return;
            }
            // an Unconnected Send's route, or the connection path's ports: the device they lead to from this address
            // (a controller in a slot of the module's chassis, or further); no route: the device at this address
            String route = request.command == EnipCommand.SEND_RR_DATA ? leaf.routePath : connection.params().route;
            leaf.identity.report(session, true, route, source, leaf.replyTimestamp, t.id());
        }
    }

    /** A CIP reply whose request was not seen (capture started late, or lost). */
    private void unmatchedReply(EnipMessage m, byte[] b) {
        session.count(EnipCounter.UNMATCHED_REPLIES.counter);
        int rs = -1;
        int status = -1;
        if (m.error == null && m.cipLength >= CipDecoder.REPLY_HEADER) {
            ByteReader r = new ByteReader(b, m.cipOffset, m.cipLength, "cip_reply");
            rs = r.u8();
            r.skip(1);
            status = r.u8();
        }
        int service = rs & ~CipService.REPLY_BIT;
        CipService known = rs >= 0 ? CipService.of(service, -1, false) : null;
        boolean cipFailed = status > 0 && status != CipGeneralStatus.PARTIAL_TRANSFER.code;
        boolean failed = m.header.status() != 0 || cipFailed;
        Transaction t = session.newTransaction(Protocol.CIP, m.timestampNanos)
                .action(rs >= 0 ? CipService.action(service, known) : m.command.action)
                .operation(known != null ? known.operation : Operation.OTHER)
                .outcome(failed ? Outcome.FAILURE : rs >= 0 ? Outcome.SUCCESS : Outcome.UNKNOWN)
                .seen(Seen.RESPONSE);
        if (rs >= 0) {
            t.function(service);
            if (cipFailed) {
                t.status(status);
            }
        }
        Detail d = t.detail()
                .put(EnipFields.COMMAND, m.code())
                .put(EnipFields.SESSION_HANDLE, m.header.sessionHandle())
                .put(EnipFields.STATUS, m.header.status());
        if (rs >= 0) {
            d.put(CipFields.SERVICE, service);
            d.put(CipFields.GENERAL_STATUS, status);
        }
        if (m.command == EnipCommand.SEND_UNIT_DATA && m.error == null) {
            putIfSet(d, CipFields.CONNECTION_ID, m.connectionId);
            d.put(CipFields.CONNECTION_SEQUENCE, m.sequence);
        }
        session.emit(t);
    }

    private static void putIfSet(Detail d, String field, long value) {
        if (value >= 0) {
            d.put(field, value);
        }
    }
}
