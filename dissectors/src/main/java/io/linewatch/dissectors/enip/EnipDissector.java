package io.linewatch.dissectors.enip;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.OpenRequests;
import io.linewatch.dissectors.common.PduFramer;
import io.linewatch.model.schema.EnipFields;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EtherNet/IP encapsulation on one TCP or UDP 44818 flow: frames PDUs (with {@link PduFramer} on TCP, one
 * or more per datagram on UDP), decodes them ({@link EnipDecoder}) and records the commands that carry no
 * CIP (ListIdentity, RegisterSession, ...: network.protocol {@code enip}), pairing each request with its
 * reply by command and sender context. SendRRData and SendUnitData go to the flow's {@link CipDissector}.
 * On UDP, replies to a broadcast request come back on other flows, so requests are paired through
 * {@link EnipState}.
 */
final class EnipDissector implements FlowListener, PduFramer.Framing {
    /** Open requests kept per flow (encapsulation commands; CIP requests have a table of their own). */
    static final int MAX_OPEN_REQUESTS = 128;
    /** A request unanswered this long (capture time) is reported without a reply. */
    static final long REQUEST_TIMEOUT_NANOS = 30_000_000_000L;
    static final String SOURCE_LIST_IDENTITY = "enip.list_identity";

    /**
     * One encapsulation transaction to record: a request and/or its reply, on the flow of {@code session}.
     *
     * @param reversed     the requester is the flow's server
     * @param furtherReply a further reply to a broadcast request already answered (recorded as a response)
     */
    private record EnipExchange(FlowSession session, boolean reversed, EnipMessage request, EnipMessage reply,
                                boolean furtherReply) {
        static EnipExchange unanswered(FlowSession session, boolean reversed, EnipMessage request) {
            return new EnipExchange(session, reversed, request, null, false);
        }
    }

    private final FlowSession session;
    private final EnipState state;
    private final boolean udp;
    private final PduFramer[] framers;
    private final OpenRequests<EnipMessage> open;
    private final CipDissector cip;
    /** The common packet format of the PDU being decoded, reused. */
    private final Cpf cpf = new Cpf();
    /** UDP requests this flow registered in the shared state, to settle when the flow ends. */
    private final LinkedHashMap<String, EnipState.UdpPending> udpRequests = new LinkedHashMap<>();

    EnipDissector(FlowSession session, EnipState state) {
        this.session = session;
        this.state = state;
        Flow flow = session.flow();
        this.udp = !flow.isTcp();
        this.framers = udp ? null : new PduFramer[] {
            new PduFramer(this, Direction.TO_SERVER, EnipHeader.MAX_PDU, flow.handshakeSeen()),
            new PduFramer(this, Direction.TO_CLIENT, EnipHeader.MAX_PDU, flow.handshakeSeen())};
        this.open = new OpenRequests<>(session, Protocol.ENIP.wireName, MAX_OPEN_REQUESTS, REQUEST_TIMEOUT_NANOS,
                request -> record(EnipExchange.unanswered(session, false, request)));
        this.cip = new CipDissector(session, state, MAX_OPEN_REQUESTS, REQUEST_TIMEOUT_NANOS);
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
                session.malformed(Protocol.ENIP, n < 0 ? EnipDecoder.NOT_AN_ENCAPSULATION_HEADER : EnipDecoder.ENCAPSULATION_TRUNCATED, ts);
                return;
            }
            onPdu(dir, buf, pos, n, ts);
            pos += n;
        }
    }

    @Override
    public void onGap(Flow flow, Direction dir, long missing, long ts) {
        session.count(EnipCounter.GAPS.counter);
        if (framers != null) {
            framers[dir.ordinal()].onGap(ts);
        }
    }

    @Override
    public void onEnd(Flow flow, long ts) {
        open.drain();
        cip.end();
        if (framers != null) {
            for (PduFramer f : framers) {
                if (f.buffered() > 0) {
                    session.context().count(EnipCounter.BYTES_UNFRAMED_AT_END.counter, f.buffered());
                }
            }
        }
        for (Map.Entry<String, EnipState.UdpPending> e : udpRequests.entrySet()) {
            EnipState.UdpPending p = state.removeUdp(e.getKey(), e.getValue());
            if (p != null && p.replies == 0) {
                record(EnipExchange.unanswered(p.session, false, p.request));
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
        // slid over (no header), cut by a gap or discarded: never a PDU, whatever the reason
        session.context().count(EnipCounter.BYTES_SKIPPED.counter, count);
    }

    @Override
    public void onPdu(Direction dir, byte[] b, int off, int len, long ts) {
        open.expire(ts);
        cip.expire(ts);
        EnipMessage m = EnipDecoder.decode(b, off, len, dir == Direction.TO_CLIENT, udp, ts, cpf);
        if (m.error == null) {
            session.recognised(Protocol.ENIP);
        }
        if (m.carriesCip()) {
            if (m.reply) {
                cip.reply(m, b);
            } else {
                cip.request(m, b);
            }
        } else if (m.reply) {
            reply(dir, m);
        } else {
            request(dir, m);
        }
    }

    // ---- encapsulation commands without CIP

    private void request(Direction dir, EnipMessage m) {
        // an unknown command is assumed to be answered; unanswered, it is reported when it expires
        if (m.command != null && !m.command.hasReply) {
            record(EnipExchange.unanswered(session, dir == Direction.TO_CLIENT, m));
            return;
        }
        if (udp) {
            // the requester is the sender: it is where replies go, possibly from other flows
            Flow f = session.flow();
            boolean fromClient = dir == Direction.TO_SERVER;
            String key = EnipState.udpKey(fromClient ? f.clientIp() : f.serverIp(), fromClient ? f.clientPort() : f.serverPort(),
                    m.code(), m.header.senderContext());
            EnipState.UdpPending p = new EnipState.UdpPending(session, m);
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
        EnipMessage replaced = open.put(m.code(), m.header.senderContext(), m, m.timestampNanos);
        if (replaced != null) {
            // the same command and context again before a reply: the earlier one went unanswered
            record(EnipExchange.unanswered(session, false, replaced));
        }
    }

    private void udpExpired(EnipState.UdpPending p) {
        if (p.replies == 0) {
            record(EnipExchange.unanswered(p.session, false, p.request));
        }
    }

    private void reply(Direction dir, EnipMessage m) {
        if (udp) {
            // the requester is the destination of the reply
            Flow f = session.flow();
            boolean toClient = dir == Direction.TO_CLIENT;
            String key = EnipState.udpKey(toClient ? f.clientIp() : f.serverIp(), toClient ? f.clientPort() : f.serverPort(),
                    m.code(), m.header.senderContext());
            EnipState.UdpPending p = state.udpPending(key);
            if (p != null) {
                p.replies++;
            }
            record(new EnipExchange(session, !toClient, p == null ? null : p.request, m, p != null && p.replies > 1));
            return;
        }
        EnipMessage request = open.take(m.code(), m.header.senderContext());
        record(new EnipExchange(session, false, request, m, false));
    }

    /** Records one encapsulation transaction, and the identity a ListIdentity reply announced. */
    private static void record(EnipExchange x) {
        EnipMessage request = x.request();
        EnipMessage reply = x.reply();
        EnipMessage any = request != null ? request : reply;
        EnipCommand cmd = any.command;
        Transaction t = x.session().newTransaction(Protocol.ENIP, any.timestampNanos)
                .reversed(x.reversed())
                .action(EnipCommand.action(any.code(), cmd))
                .operation(cmd != null ? cmd.operation : Operation.OTHER)
                .outcome(reply == null ? Outcome.UNKNOWN : reply.header.status() == 0 ? Outcome.SUCCESS : Outcome.FAILURE)
                .seen(request != null && reply != null && !x.furtherReply() ? Seen.BOTH : reply == null ? Seen.REQUEST : Seen.RESPONSE)
                .function(any.code());
        if (request != null && reply != null) {
            t.durationNanos(Math.max(0, reply.timestampNanos - request.timestampNanos));
        }
        if (reply != null && reply.header.status() != 0) {
            t.status((int) reply.header.status());
        }
        EnipHeader last = reply != null ? reply.header : request.header;
        Detail d = t.detail()
                .put(EnipFields.COMMAND, any.code())
                .put(EnipFields.SESSION_HANDLE, last.sessionHandle())
                .put(EnipFields.STATUS, last.status())
                .put(EnipFields.SENDER_CONTEXT, EnipHeader.contextHex(any.header.senderContext()));
        if (x.furtherReply()) {
            d.put(EnipFields.BROADCAST_REPLY, true);
        }
        if (reply != null) {
            if (reply.protocolVersion >= 0) {
                d.put(EnipFields.PROTOCOL_VERSION, reply.protocolVersion);
            }
            if (reply.identity != null) {
                reply.identity.writeDetail(d);
            }
            d.put(EnipFields.SERVICES, reply.services);
            if (reply.interfaceItems >= 0) {
                d.put(EnipFields.INTERFACE_ITEMS, reply.interfaceItems);
            }
            for (EnipAnomaly a : reply.anomalies()) {
                t.anomaly(a);
            }
        }
        x.session().emit(t);
        if (reply != null && reply.identity != null) {
            // the device that answered: the flow's server unless the requester is (reversed)
            reply.identity.report(x.session(), !x.reversed(), null, SOURCE_LIST_IDENTITY, reply.timestampNanos, t.id());
        }
    }
}
