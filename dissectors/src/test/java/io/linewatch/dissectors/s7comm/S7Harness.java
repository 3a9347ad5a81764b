package io.linewatch.dissectors.s7comm;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one S7comm dissector with byte arrays, as the reassembled TCP stream of one connection
 * (client 10.0.0.1:49152, PLC 10.0.0.2:102) would deliver them.
 */
final class S7Harness {
    final List<EventDoc> events = new ArrayList<>();
    final List<IdentityFact> identities = new ArrayList<>();
    final DissectorContext context = new DissectorContext(events::add, identities::add);
    final Flow flow;
    final FlowListener dissector;
    long ts = 1_000_000_000L;

    S7Harness(boolean handshakeSeen) {
        this.flow = flow(handshakeSeen);
        this.dissector = new S7commFactory().create(new FlowSession(flow, context));
    }

    S7Harness toServer(byte[]... segments) {
        for (byte[] s : segments) {
            ts += 1_000_000;
            dissector.onPayload(flow, Direction.TO_SERVER, s, 0, s.length, ts);
        }
        return this;
    }

    S7Harness toClient(byte[]... segments) {
        for (byte[] s : segments) {
            ts += 1_000_000;
            dissector.onPayload(flow, Direction.TO_CLIENT, s, 0, s.length, ts);
        }
        return this;
    }

    /** {@code missing} bytes of one direction were never captured. */
    S7Harness gap(Direction dir, int missing) {
        dissector.onGap(flow, dir, missing, ts);
        return this;
    }

    S7Harness end() {
        dissector.onEnd(flow, ts);
        return this;
    }

    /** Transaction events of a protocol (s7comm, s7comm_plus, cotp). */
    List<EventDoc> protocol(String protocol) {
        return events.stream().filter(e -> protocol.equals(e.getString(Fields.NETWORK_PROTOCOL))
                && !"malformed".equals(e.getString(Fields.EVENT_ACTION))).toList();
    }

    EventDoc only(String protocol) {
        List<EventDoc> l = protocol(protocol);
        if (l.size() != 1) {
            throw new AssertionError("expected one " + protocol + " event, got " + l);
        }
        return l.get(0);
    }

    long counter(String name) {
        return context.counters().getOrDefault(name, 0L);
    }

    /** A flow object as the flow table makes it, from one synthetic client packet (SYN or data). */
    static Flow flow(boolean handshake) {
        byte[] frame = hex(
                "0200000000020200000000010800" // Ethernet: dst, src, IPv4
                + "45000028000100004006" + "0000" // IPv4: version/IHL, length 40, id, TTL 64, TCP, checksum
                + "0a000001" + "0a000002" // 10.0.0.1 -> 10.0.0.2
                + "c0000066" // TCP ports 49152 -> 102
                + "00000001" + "00000000" // seq, ack
                + (handshake ? "5002" : "5018") + "ffff" + "00000000"); // header length, SYN or PSH/ACK, window
        Frame f = new Frame();
        f.set(1_000_000_000L, LinkTypes.ETHERNET, frame, 0, frame.length, frame.length);
        DecodedPacket p = new DecodedPacket();
        if (!new PacketDecoder().decode(f, p)) {
            throw new AssertionError("synthetic packet did not decode");
        }
        Flow[] made = new Flow[1];
        new FlowTable(fl -> {
            made[0] = fl;
            return null;
        }).add(p);
        return made[0];
    }

    static byte[] hex(String s) {
        String h = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** TPKT: version 3, reserved 0, total length (2), then the COTP TPDU. */
    static byte[] tpkt(byte[] cotp) {
        int len = cotp.length + 4;
        return concat(new byte[] {3, 0, (byte) (len >> 8), (byte) len}, cotp);
    }

    /** One COTP DT carrying a whole message: length indicator 2, code F0, EOT | TPDU number 0. */
    static byte[] dt(byte[] payload) {
        return tpkt(concat(hex("02 f0 80"), payload));
    }

    /** A COTP DT that the next one continues (EOT clear). */
    static byte[] dtMore(byte[] payload) {
        return tpkt(concat(hex("02 f0 00"), payload));
    }

    /** S7 Job header: 32, ROSCTR 1, redundancy 0000, PDU reference, parameter length, data length. */
    static byte[] job(int ref, byte[] param, byte[] data) {
        return concat(hex("32 01 0000"), u16(ref), u16(param.length), u16(data.length), param, data);
    }

    /** S7 Ack_Data header: as a Job with ROSCTR 3, plus error class and error code. */
    static byte[] ackData(int ref, int errorClass, int errorCode, byte[] param, byte[] data) {
        return concat(hex("32 03 0000"), u16(ref), u16(param.length), u16(data.length),
                new byte[] {(byte) errorClass, (byte) errorCode}, param, data);
    }

    /**
     * S7 userdata: header (ROSCTR 7), parameter head 00 01 12, parameter length, method, type/group,
     * subfunction, sequence [, data unit reference, last unit, error code], then the data part.
     */
    static byte[] userdata(int ref, byte[] param, byte[] data) {
        return concat(hex("32 07 0000"), u16(ref), u16(param.length), u16(data.length), param, data);
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }
}
