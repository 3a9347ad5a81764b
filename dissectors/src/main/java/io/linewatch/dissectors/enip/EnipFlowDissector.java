package io.linewatch.dissectors.enip;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.dissectors.common.PduFramer;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EtherNet/IP on one TCP or UDP 44818 flow: frames encapsulation PDUs, pairs requests with replies and
 * emits one event per encapsulation command without CIP (network.protocol {@code enip}) and one per
 * CIP service request (network.protocol {@code cip}), unwrapping Multiple Service Packet and
 * Unconnected Send. Unconnected messages pair by sender context, connected (class 3) ones by
 * connection id and sequence count; UDP requests pair through {@link EnipState} because replies to a
 * broadcast come back on other flows.
 */
final class EnipFlowDissector implements FlowListener, PduFramer.Framing {
    /** Open transactions kept per flow; the oldest is reported unanswered when more arrive. */
    static final int MAX_PENDING = 128;
    /** A request unanswered this long (capture time) is reported without a reply. */
    static final long PENDING_TIMEOUT_NANOS = 30_000_000_000L;
    /** SendRRData / SendUnitData data: interface handle(4) timeout(2), then the common packet format. */
    static final int SEND_DATA_PREFIX = 6;
    /** ListServices item: version(2) capability flags(2) name(16). */
    static final int LIST_SERVICES_NAME_OFFSET = 4;
    static final int LIST_SERVICES_NAME_LENGTH = 16;
    static final String SOURCE_LIST_IDENTITY = "enip.list_identity";
    static final String SOURCE_GET_ATTRIBUTES_ALL = "cip.identity.get_attributes_all";

    /** A request waiting for its reply. */
    private static final class Pending {
        final EnipHeader header;
        final EnipCommand command;
        final long timestamp;
        final CipRequest root;
        final long connectionId;
        final int sequence;

        Pending(EnipHeader header, EnipCommand command, long timestamp, CipRequest root, long connectionId, int sequence) {
            this.header = header;
            this.command = command;
            this.timestamp = timestamp;
            this.root = root;
            this.connectionId = connectionId;
            this.sequence = sequence;
        }
    }

    /** Where the CIP message of a SendRRData / SendUnitData sits. */
    private record CipLocation(int offset, int length, long connectionId, int sequence, String error) {
    }

    private final FlowSession session;
    private final EnipState state;
    private final boolean udp;
    private final PduFramer[] framers;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** UDP requests this flow registered in the shared state, to settle when the flow ends. */
    private final LinkedHashMap<String, EnipState.UdpPending> udpRequests = new LinkedHashMap<>();
    private Direction currentDir = Direction.TO_SERVER;

    EnipFlowDissector(FlowSession session, EnipState state) {
        this.session = session;
        this.state = state;
        Flow flow = session.flow();
        this.udp = !flow.isTcp();
        this.framers = udp ? null : new PduFramer[] {
            new PduFramer(this, Direction.TO_SERVER, EnipHeader.MAX_PDU, flow.handshakeSeen()),
            new PduFramer(this, Direction.TO_CLIENT, EnipHeader.MAX_PDU, flow.handshakeSeen())};
    }

    @Override
    public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
        if (!udp) {
            framers[dir.ordinal()].onData(buf, off, len, ts);
            return;
        }
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int n = EnipHeader.frameLength(buf, pos, end - pos);
            if (n <= 0 || n > end - pos) {
                session.malformed(EnipFields.PROTOCOL_ENIP, n < 0 ? "not_an_encapsulation_header" : "encapsulation_truncated", ts);
                return;
            }
            onPdu(dir, buf, pos, n, ts);
            pos += n;
        }
    }

    @Override
    public void onGap(Flow flow, Direction dir, long missing, long ts) {
        session.count("enip.gaps");
        if (framers != null) {
            framers[dir.ordinal()].onGap(ts);
        }
    }

    @Override
    public void onEnd(Flow flow, long ts) {
        while (!pending.isEmpty()) {
            emitUnanswered(pending.pollFirst());
        }
        if (framers != null) {
            for (PduFramer f : framers) {
                if (f.buffered() > 0) {
                    session.context().count("enip.bytes_unframed_at_end", f.buffered());
                }
            }
        }
        for (Map.Entry<String, EnipState.UdpPending> e : udpRequests.entrySet()) {
            EnipState.UdpPending p = state.removeUdp(e.getKey(), e.getValue());
            if (p != null && p.replies == 0) {
                emitEnip(p.session, false, p.header, p.timestamp, null, 0, null, 0, 0, false);
            }
        }
        udpRequests.clear();
    }

    @Override
    public int frameLength(byte[] b, int off, int available) {
        return EnipHeader.frameLength(b, off, available);
    }

    @Override
    public void onSkipped(Direction dir, int count, PduFramer.SkipReason reason, long ts) {
        session.context().count("enip.bytes_skipped", count);
    }

    @Override
    public void onPdu(Direction dir, byte[] b, int off, int len, long ts) {
        try {
            currentDir = dir;
            expire(ts);
            EnipHeader h = EnipHeader.parse(b, off);
            EnipCommand cmd = EnipCommand.of(h.command());
            int bodyOff = off + EnipHeader.SIZE;
            int bodyLen = len - EnipHeader.SIZE;
            if (cmd != null && cmd.carriesCip) {
                if (dir == Direction.TO_SERVER) {
                    cipRequest(h, cmd, b, bodyOff, bodyLen, ts);
                } else {
                    cipReply(h, cmd, b, bodyOff, bodyLen, ts);
                }
            } else if (isReply(dir, cmd, bodyLen)) {
                enipReply(dir, h, cmd, b, bodyOff, bodyLen, ts);
            } else {
                enipRequest(h, cmd, ts);
            }
        } catch (RuntimeException e) {
            // a decoding bug must not take the pipeline down: count it and report the PDU as malformed
            session.count("enip.decoder_errors");
            session.malformed(EnipFields.PROTOCOL_ENIP, "decoder_error: " + e.getClass().getSimpleName(), ts);
        }
    }

    /**
     * Replies travel server to client on TCP. On UDP both ends may use 44818, so a discovery command
     * is a reply when it carries data (requests are empty).
     */
    private boolean isReply(Direction dir, EnipCommand cmd, int bodyLen) {
        if (!udp || cmd == null) {
            return dir == Direction.TO_CLIENT;
        }
        if (cmd == EnipCommand.LIST_IDENTITY || cmd == EnipCommand.LIST_SERVICES || cmd == EnipCommand.LIST_INTERFACES) {
            return bodyLen > 0;
        }
        return dir == Direction.TO_CLIENT;
    }

    // ---- encapsulation commands without CIP

    private void enipRequest(EnipHeader h, EnipCommand cmd, long ts) {
        // an unknown command is assumed to be answered; unanswered, it is reported when it expires
        if (cmd != null && !cmd.hasReply) {
            emitEnip(session, currentDir == Direction.TO_CLIENT, h, ts, null, 0, null, 0, 0, false);
            return;
        }
        if (udp) {
            // the requester is the sender: it is where replies go, possibly from other flows
            Flow f = session.flow();
            boolean fromClient = currentDir == Direction.TO_SERVER;
            String key = EnipState.udpKey(fromClient ? f.clientIp() : f.serverIp(), fromClient ? f.clientPort() : f.serverPort(),
                    h.command(), h.senderContext());
            EnipState.UdpPending p = new EnipState.UdpPending(session, h, ts);
            state.awaitUdp(key, p, this::udpExpired);
            udpRequests.put(key, p);
            if (udpRequests.size() > EnipState.MAX_UDP_PENDING) {
                Iterator<Map.Entry<String, EnipState.UdpPending>> it = udpRequests.entrySet().iterator();
                Map.Entry<String, EnipState.UdpPending> oldest = it.next();
                it.remove();
                EnipState.UdpPending gone = state.removeUdp(oldest.getKey(), oldest.getValue());
                if (gone != null) {
                    udpExpired(gone);
                }
            }
            return;
        }
        addPending(new Pending(h, cmd, ts, null, -1, -1));
    }

    private void udpExpired(EnipState.UdpPending p) {
        if (p.replies == 0) {
            emitEnip(p.session, false, p.header, p.timestamp, null, 0, null, 0, 0, false);
        }
    }

    private void enipReply(Direction dir, EnipHeader h, EnipCommand cmd, byte[] b, int off, int len, long ts) {
        if (udp) {
            // the requester is the destination of the reply
            Flow f = session.flow();
            boolean toClient = dir == Direction.TO_CLIENT;
            String key = EnipState.udpKey(toClient ? f.clientIp() : f.serverIp(), toClient ? f.clientPort() : f.serverPort(),
                    h.command(), h.senderContext());
            EnipState.UdpPending p = state.udpPending(key);
            if (p != null) {
                p.replies++;
                emitEnip(session, !toClient, p.header, p.timestamp, h, ts, b, off, len, p.replies > 1);
            } else {
                emitEnip(session, !toClient, null, 0, h, ts, b, off, len, false);
            }
            return;
        }
        Pending match = null;
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.root == null && p.header.command() == h.command() && p.header.senderContext() == h.senderContext()) {
                match = p;
                it.remove();
                break;
            }
        }
        emitEnip(session, false, match == null ? null : match.header, match == null ? 0 : match.timestamp, h, ts, b, off, len, false);
    }

    /**
     * One event for an encapsulation command: request and/or reply ({@code reversed}: the requester is
     * the flow's server). A further reply to a broadcast request already answered is reported as a
     * response with {@code enip.broadcast_reply}, so each request counts once.
     */
    private void emitEnip(FlowSession s, boolean reversed, EnipHeader req, long reqTs, EnipHeader rep, long repTs,
                          byte[] b, int off, int len, boolean furtherBroadcastReply) {
        EnipHeader any = req != null ? req : rep;
        EnipCommand cmd = EnipCommand.of(any.command());
        EventDoc e = s.newEvent(EnipFields.PROTOCOL_ENIP, EnipFields.DATASET, req != null ? reqTs : repTs, reversed);
        e.put(Fields.EVENT_ACTION, EnipCommand.action(any.command(), cmd));
        e.put(Fields.EVENT_OUTCOME, rep == null ? Values.OUTCOME_UNKNOWN
                : rep.status() == 0 ? Values.OUTCOME_SUCCESS : Values.OUTCOME_FAILURE);
        if (req != null && rep != null) {
            e.put(Fields.EVENT_DURATION, Math.max(0, repTs - reqTs));
        }
        e.put(Fields.OT_SEEN, req != null && rep != null && !furtherBroadcastReply ? Values.SEEN_BOTH
                : req != null && rep == null ? Values.SEEN_REQUEST : Values.SEEN_RESPONSE);
        e.put(Fields.OT_OPERATION, cmd != null ? cmd.operation : Values.OP_OTHER);
        e.put(EnipFields.ENIP_COMMAND, any.command());
        e.put(EnipFields.ENIP_SESSION_HANDLE, rep != null ? rep.sessionHandle() : req.sessionHandle());
        e.put(EnipFields.ENIP_STATUS, rep != null ? rep.status() : req.status());
        e.put(EnipFields.ENIP_SENDER_CONTEXT, EnipHeader.contextHex(any.senderContext()));
        if (furtherBroadcastReply) {
            e.put(EnipFields.ENIP_BROADCAST_REPLY, true);
        }
        CipIdentity identity = null;
        List<String> anomalies = new ArrayList<>(1);
        if (rep != null && len > 0 && cmd != null) {
            identity = decodeReplyBody(e, cmd, b, off, len, anomalies);
        }
        if (!anomalies.isEmpty()) {
            e.put(Fields.OT_ANOMALIES, anomalies);
        }
        s.emit(e);
        if (identity != null) {
            // the device that answered: the flow's server unless the requester is (reversed)
            identity.report(s, !reversed, SOURCE_LIST_IDENTITY, repTs, e.id());
        }
    }

    private CipIdentity decodeReplyBody(EventDoc e, EnipCommand cmd, byte[] b, int off, int len, List<String> anomalies) {
        switch (cmd) {
            case REGISTER_SESSION:
                if (len >= 2) {
                    e.put(EnipFields.ENIP_PROTOCOL_VERSION, Bytes.u16le(b, off));
                }
                return null;
            case LIST_IDENTITY: {
                Cpf cpf = Cpf.parse(b, off, len);
                if (cpf.error != null) {
                    anomalies.add(cpf.error);
                }
                int i = cpf.find(CpfItemType.CIP_IDENTITY);
                if (i < 0) {
                    anomalies.add("list_identity_without_identity_item");
                    return null;
                }
                CipIdentity id = CipIdentity.parseListIdentityItem(b, cpf.offsets[i], cpf.lengths[i]);
                if (id == null) {
                    anomalies.add("identity_item_truncated");
                    return null;
                }
                e.put(EnipFields.ENIP_PROTOCOL_VERSION, Bytes.u16le(b, cpf.offsets[i]));
                id.putFields(e);
                return id;
            }
            case LIST_SERVICES: {
                Cpf cpf = Cpf.parse(b, off, len);
                if (cpf.error != null) {
                    anomalies.add(cpf.error);
                }
                List<String> names = new ArrayList<>();
                for (int i = 0; i < cpf.count; i++) {
                    if (cpf.types[i] == CpfItemType.LIST_SERVICES_RESPONSE.code
                            && cpf.lengths[i] >= LIST_SERVICES_NAME_OFFSET + LIST_SERVICES_NAME_LENGTH) {
                        names.add(Bytes.text(b, cpf.offsets[i] + LIST_SERVICES_NAME_OFFSET, LIST_SERVICES_NAME_LENGTH));
                    }
                }
                e.put(EnipFields.ENIP_SERVICES, names);
                return null;
            }
            case LIST_INTERFACES: {
                Cpf cpf = Cpf.parse(b, off, len);
                if (cpf.error != null) {
                    anomalies.add(cpf.error);
                }
                e.put(EnipFields.ENIP_INTERFACE_ITEMS, cpf.count);
                return null;
            }
            default:
                return null;
        }
    }

    // ---- CIP over SendRRData / SendUnitData

    private CipLocation locateCip(EnipCommand cmd, byte[] b, int off, int len) {
        if (len < SEND_DATA_PREFIX + 2) {
            return new CipLocation(0, 0, -1, -1, "send_data_truncated");
        }
        Cpf cpf = Cpf.parse(b, off + SEND_DATA_PREFIX, len - SEND_DATA_PREFIX);
        if (cmd == EnipCommand.SEND_RR_DATA) {
            int i = cpf.find(CpfItemType.UNCONNECTED_DATA);
            if (i < 0) {
                return new CipLocation(0, 0, -1, -1, cpf.error != null ? cpf.error : "no_unconnected_data_item");
            }
            return new CipLocation(cpf.offsets[i], cpf.lengths[i], -1, -1, null);
        }
        int a = cpf.find(CpfItemType.CONNECTED_ADDRESS);
        int d = cpf.find(CpfItemType.CONNECTED_DATA);
        if (d < 0 || cpf.lengths[d] < 2) {
            return new CipLocation(0, 0, -1, -1, cpf.error != null ? cpf.error : "no_connected_data_item");
        }
        long connectionId = a >= 0 && cpf.lengths[a] >= 4 ? Bytes.u32le(b, cpf.offsets[a]) : -1;
        // class 3: a 16-bit sequence count precedes the CIP message
        return new CipLocation(cpf.offsets[d] + 2, cpf.lengths[d] - 2, connectionId, Bytes.u16le(b, cpf.offsets[d]), null);
    }

    private void cipRequest(EnipHeader h, EnipCommand cmd, byte[] b, int off, int len, long ts) {
        CipLocation at = locateCip(cmd, b, off, len);
        if (at.error != null) {
            session.malformed(EnipFields.PROTOCOL_ENIP, at.error, ts);
            return;
        }
        CipRequest.Parsed parsed = CipRequest.parse(b, at.offset, at.length);
        if (parsed.request() == null) {
            session.malformed(EnipFields.PROTOCOL_CIP, parsed.error(), ts);
            return;
        }
        CipRequest root = parsed.request();
        List<CipRequest> leaves = new ArrayList<>();
        root.leaves(leaves);
        if (leaves.isEmpty()) {
            session.malformed(EnipFields.PROTOCOL_CIP, root.anomalies.isEmpty() ? "wrapper_without_requests" : root.anomalies.get(0), ts);
            return;
        }
        addPending(new Pending(h, cmd, ts, root, at.connectionId, at.sequence));
    }

    private void cipReply(EnipHeader h, EnipCommand cmd, byte[] b, int off, int len, long ts) {
        CipLocation at = locateCip(cmd, b, off, len);
        int replyService = at.error == null && at.length >= 1 ? b[at.offset] & 0xff : -1;
        Pending match = null;
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.command != cmd || p.root == null || !answers(p, h, at, replyService)) {
                continue;
            }
            match = p;
            it.remove();
            break;
        }
        if (match == null) {
            emitUnmatchedReply(h, cmd, b, at, ts);
            return;
        }
        if (replyService >= 0 && !match.root.applyReply(b, at.offset, at.length, ts)) {
            match.root.anomalies.add("reply_not_understood");
        }
        emitLeaves(match, h, ts);
    }

    /** Whether a reply answers a pending request (see the class comment for the keys). */
    private boolean answers(Pending p, EnipHeader h, CipLocation at, int replyService) {
        if (at.error != null || replyService < 0) {
            // an encapsulation-level error reply without CIP: only the sender context can pair it
            return p.header.senderContext() == h.senderContext();
        }
        if (!p.root.answeredBy(replyService)) {
            return false;
        }
        if (p.command == EnipCommand.SEND_UNIT_DATA) {
            if (p.sequence != at.sequence) {
                return false;
            }
            EnipState.Connection c = state.connection(p.connectionId, session.flow().clientIp(), session.flow().serverIp());
            return c == null || at.connectionId < 0 || c.params().tToId == at.connectionId || c.params().oToId == at.connectionId;
        }
        return p.header.senderContext() == h.senderContext();
    }

    private void addPending(Pending p) {
        pending.addLast(p);
        if (pending.size() > MAX_PENDING) {
            session.count("enip.pending_evicted");
            emitUnanswered(pending.pollFirst());
        }
    }

    private void expire(long now) {
        while (!pending.isEmpty() && now - pending.peekFirst().timestamp > PENDING_TIMEOUT_NANOS) {
            emitUnanswered(pending.pollFirst());
        }
    }

    private void emitUnanswered(Pending p) {
        if (p.root == null) {
            emitEnip(session, false, p.header, p.timestamp, null, 0, null, 0, 0, false);
        } else {
            emitLeaves(p, null, 0);
        }
    }

    private void emitLeaves(Pending p, EnipHeader reply, long replyTs) {
        List<CipRequest> leaves = new ArrayList<>();
        p.root.leaves(leaves);
        List<String> wrapperAnomalies = new ArrayList<>();
        collectWrapperAnomalies(p.root, wrapperAnomalies);
        for (CipRequest leaf : leaves) {
            emitCip(p, leaf, reply, replyTs, wrapperAnomalies);
        }
    }

    private static void collectWrapperAnomalies(CipRequest r, List<String> out) {
        if (r.kind != CipRequest.Kind.LEAF) {
            out.addAll(r.anomalies);
            for (CipRequest c : r.children) {
                collectWrapperAnomalies(c, out);
            }
        }
    }

    private void emitCip(Pending p, CipRequest leaf, EnipHeader reply, long replyTs, List<String> wrapperAnomalies) {
        EventDoc e = session.newEvent(EnipFields.PROTOCOL_CIP, EnipFields.DATASET, p.timestamp);
        e.put(Fields.EVENT_ACTION, CipService.action(leaf.service, leaf.known));
        boolean enipFailed = reply != null && reply.status() != 0;
        String outcome;
        if (leaf.replied) {
            outcome = leaf.succeeded() ? Values.OUTCOME_SUCCESS : Values.OUTCOME_FAILURE;
        } else if (enipFailed) {
            outcome = Values.OUTCOME_FAILURE;
        } else {
            outcome = Values.OUTCOME_UNKNOWN;
        }
        e.put(Fields.EVENT_OUTCOME, outcome);
        if (reply != null) {
            e.put(Fields.EVENT_DURATION, Math.max(0, (leaf.replied ? leaf.replyTimestamp : replyTs) - p.timestamp));
        }
        e.put(Fields.OT_SEEN, reply != null ? Values.SEEN_BOTH : Values.SEEN_REQUEST);
        e.put(Fields.OT_OPERATION, leaf.known != null ? leaf.known.operation : Values.OP_OTHER);
        e.put(EnipFields.ENIP_COMMAND, p.command.code);
        e.put(EnipFields.ENIP_SESSION_HANDLE, p.header.sessionHandle());
        e.put(EnipFields.ENIP_STATUS, reply != null ? reply.status() : p.header.status());
        if (p.command == EnipCommand.SEND_RR_DATA) {
            e.put(EnipFields.ENIP_SENDER_CONTEXT, EnipHeader.contextHex(p.header.senderContext()));
        }
        e.put(EnipFields.CIP_SERVICE, leaf.service);
        EPath path = leaf.path;
        putIfSet(e, EnipFields.CIP_CLASS_ID, path.classId);
        putIfSet(e, EnipFields.CIP_INSTANCE_ID, path.instanceId);
        putIfSet(e, EnipFields.CIP_ATTRIBUTE_ID, path.attributeId);
        putIfSet(e, EnipFields.CIP_MEMBER_ID, path.memberId);
        putIfSet(e, EnipFields.CIP_CONNECTION_POINT, path.connectionPoint);
        e.put(EnipFields.CIP_SYMBOL, path.symbol);
        if (!leaf.wrappers.isEmpty()) {
            e.put(EnipFields.CIP_WRAPPERS, leaf.wrappers);
        }
        e.put(EnipFields.CIP_ROUTE_PATH, leaf.routePath);
        if (leaf.replied) {
            e.put(EnipFields.CIP_GENERAL_STATUS, leaf.generalStatus);
            CipGeneralStatus gs = CipGeneralStatus.of(leaf.generalStatus);
            e.put(EnipFields.CIP_GENERAL_STATUS_TEXT, gs == null ? null : gs.text);
            if (leaf.extendedStatus >= 0) {
                e.put(EnipFields.CIP_EXTENDED_STATUS, leaf.extendedStatus);
            }
        }
        EnipState.Connection connection = null;
        if (p.command == EnipCommand.SEND_UNIT_DATA) {
            putIfSet(e, EnipFields.CIP_CONNECTION_ID, p.connectionId);
            e.put(EnipFields.CIP_CONNECTION_SEQUENCE, p.sequence);
            connection = state.connection(p.connectionId, session.flow().clientIp(), session.flow().serverIp());
            if (connection != null) {
                e.put(EnipFields.CIP_CONNECTION_FORWARD_OPEN_EVENT, connection.forwardOpenEventId());
            }
        }
        for (Map.Entry<String, Object> f : leaf.fields.entrySet()) {
            e.put(f.getKey(), f.getValue());
        }
        for (Map.Entry<String, Object> f : leaf.replyFields.entrySet()) {
            e.put(f.getKey(), f.getValue());
        }
        if (leaf.identity != null) {
            leaf.identity.putFields(e);
        }
        List<String> anomalies = new ArrayList<>(leaf.anomalies);
        anomalies.addAll(wrapperAnomalies);
        if (!anomalies.isEmpty()) {
            e.put(Fields.OT_ANOMALIES, anomalies);
        }
        session.emit(e);
        afterCip(p, leaf, connection, e);
    }

    /** Side effects of a completed service: connection registry, identity facts. */
    private void afterCip(Pending p, CipRequest leaf, EnipState.Connection connection, EventDoc e) {
        if (!leaf.replied || !leaf.succeeded()) {
            return;
        }
        ConnectionParams c = leaf.connection;
        if (c != null && c.established && !c.close) {
            Flow f = session.flow();
            state.open(new EnipState.Connection(c, f.clientIp(), f.serverIp(), e.id()));
        } else if (c != null && c.close) {
            state.close(c, session.flow().clientIp());
        }
        if (leaf.identity != null) {
            // only an unrouted request reaches the device at this address; routed ones reach a module behind it
            boolean direct = p.command == EnipCommand.SEND_RR_DATA ? leaf.routePath == null
                    : connection != null && !connection.params().routed;
            if (direct) {
                leaf.identity.report(session, true, SOURCE_GET_ATTRIBUTES_ALL, leaf.replyTimestamp, e.id());
            } else {
                session.count("cip.identity_not_attributed");
            }
        }
    }

    /** A CIP reply whose request was not seen (capture started late, or lost). */
    private void emitUnmatchedReply(EnipHeader h, EnipCommand cmd, byte[] b, CipLocation at, long ts) {
        session.count("cip.unmatched_replies");
        EventDoc e = session.newEvent(EnipFields.PROTOCOL_CIP, EnipFields.DATASET, ts);
        int rs = at.error == null && at.length >= CipRequest.REPLY_HEADER ? b[at.offset] & 0xff : -1;
        int status = rs >= 0 ? b[at.offset + 2] & 0xff : -1;
        int service = rs & ~CipService.REPLY_BIT;
        CipService known = rs >= 0 ? CipService.of(service, -1, false) : null;
        e.put(Fields.EVENT_ACTION, rs >= 0 ? CipService.action(service, known) : cmd.action);
        e.put(Fields.EVENT_OUTCOME, h.status() != 0 || status > 0 && status != 0x06 ? Values.OUTCOME_FAILURE
                : rs >= 0 ? Values.OUTCOME_SUCCESS : Values.OUTCOME_UNKNOWN);
        e.put(Fields.OT_SEEN, Values.SEEN_RESPONSE);
        e.put(Fields.OT_OPERATION, known != null ? known.operation : Values.OP_OTHER);
        e.put(EnipFields.ENIP_COMMAND, cmd.code);
        e.put(EnipFields.ENIP_SESSION_HANDLE, h.sessionHandle());
        e.put(EnipFields.ENIP_STATUS, h.status());
        if (rs >= 0) {
            e.put(EnipFields.CIP_SERVICE, service);
            e.put(EnipFields.CIP_GENERAL_STATUS, status);
        }
        if (cmd == EnipCommand.SEND_UNIT_DATA && at.error == null) {
            putIfSet(e, EnipFields.CIP_CONNECTION_ID, at.connectionId);
            e.put(EnipFields.CIP_CONNECTION_SEQUENCE, at.sequence);
        }
        session.emit(e);
    }

    private static void putIfSet(EventDoc e, String field, long value) {
        if (value >= 0) {
            e.put(field, value);
        }
    }
}
