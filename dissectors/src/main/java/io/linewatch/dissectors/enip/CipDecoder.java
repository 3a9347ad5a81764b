package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes CIP requests into {@link CipMessage} trees and applies replies to them (CIP Vol. 1, section 2-4):
 * <pre>
 * request: service(1) path size in words(1) EPATH service data
 * reply:   service|0x80(1) reserved(1) general status(1) extended status size in words(1) extended status, data
 * </pre>
 * Multiple Service Packet and Unconnected Send are unwrapped (to {@link #MAX_DEPTH}). Bytes that do not
 * fit become the reason of a {@link Parsed} without a request, or an anomaly of the message; nothing is
 * thrown out of here.
 */
final class CipDecoder {
    /** Wrappers nested deeper than this are reported as malformed (bounds recursion). */
    static final int MAX_DEPTH = 4;
    /** Services kept from one Multiple Service Packet. */
    static final int MAX_SERVICES = 256;
    static final int MAX_ATTRIBUTE_IDS = 32;
    /** Read_Modify_Write_Tag masks are 1, 2, 4, 8 or 12 bytes (1756-PM020); larger is not a mask. */
    static final int MAX_RMW_MASK_BYTES = 12;
    /** Reply header: service(1) reserved(1) general status(1) extended status size in words(1). */
    static final int REPLY_HEADER = 4;
    /** Unconnected Send data before the embedded message: priority/time tick(1) timeout ticks(1) size(2). */
    static final int UNCONNECTED_SEND_PREFIX = 4;
    /** An unsuccessful Forward_Open reply: serial(2) vendor(2) originator serial(4) remaining path size(1) reserved(1). */
    static final int FORWARD_OPEN_FAILURE_FIXED = 10;

    private CipDecoder() {
    }

    /** Outcome of decoding a request: the request, or why there is none. */
    record Parsed(CipMessage request, CipAnomaly error) {
    }

    /** Decodes the request at {@code off}; its paths and routes are looked up in (or added to) {@code paths}. */
    static Parsed request(byte[] b, int off, int len, PathCache paths) {
        return request(b, off, len, paths, 0, List.of(), null);
    }

    private static Parsed request(byte[] b, int off, int len, PathCache paths, int depth, List<String> wrappers,
                                  String route) {
        // lenient where Wireshark is: a service byte is a request of that service; a path or data cut short
        // is an anomaly on it (so it still pairs with its reply), not a refusal
        if (len < 1) {
            return new Parsed(null, CipAnomaly.REQUEST_TRUNCATED);
        }
        ByteReader r = new ByteReader(b, off, len, "cip_request");
        int service = r.u8();
        if ((service & CipService.REPLY_BIT) != 0) {
            return new Parsed(null, CipAnomaly.REPLY_WHERE_REQUEST_EXPECTED);
        }
        CipAnomaly cut = null;
        int pathLength = 0;
        if (!r.has(1)) {
            cut = CipAnomaly.REQUEST_TRUNCATED;
        } else {
            pathLength = 2 * r.u8();
            if (!r.has(pathLength)) {
                cut = CipAnomaly.PATH_TRUNCATED;
                pathLength = r.remaining();
            }
        }
        EPath path = paths.parse(b, r.position(), pathLength);
        r.skip(pathLength);
        CipService known = CipService.of(service, (int) Math.min(path.classId, Integer.MAX_VALUE), path.symbolic());
        CipMessage.Kind kind = known == CipService.MULTIPLE_SERVICE_PACKET ? CipMessage.Kind.MULTIPLE_SERVICE_PACKET
                : known == CipService.UNCONNECTED_SEND ? CipMessage.Kind.UNCONNECTED_SEND : CipMessage.Kind.LEAF;
        if (kind != CipMessage.Kind.LEAF && depth >= MAX_DEPTH) {
            return new Parsed(null, CipAnomaly.WRAPPERS_NESTED_TOO_DEEP);
        }
        CipMessage m = new CipMessage(kind, service, path, known, wrappers, route);
        if (cut != null) {
            m.anomalies.add(cut);
        }
        if (path.anomaly != null) {
            m.anomalies.add(path.anomaly);
        }
        switch (kind) {
            case MULTIPLE_SERVICE_PACKET -> multipleServicePacket(m, b, r, paths, depth);
            case UNCONNECTED_SEND -> unconnectedSend(m, b, r, paths, depth);
            default -> serviceData(m, b, r);
        }
        return new Parsed(m, null);
    }

    /** Multiple Service Packet data: count(2) offsets(2 each, from the count) then the requests. */
    private static void multipleServicePacket(CipMessage m, byte[] b, ByteReader data, PathCache paths, int depth) {
        int start = data.position();
        int len = data.remaining();
        if (len < 2) {
            m.anomalies.add(CipAnomaly.MULTIPLE_SERVICE_PACKET_TRUNCATED);
            return;
        }
        int count = data.u16le();
        if (2 + 2 * count > len) {
            m.anomalies.add(CipAnomaly.MULTIPLE_SERVICE_PACKET_OFFSETS_TRUNCATED);
            count = (len - 2) / 2;
        }
        if (count > MAX_SERVICES) {
            m.anomalies.add(CipAnomaly.MULTIPLE_SERVICE_PACKET_CAPPED);
            count = MAX_SERVICES;
        }
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = data.u16le();
        }
        List<String> inner = with(m.wrappers, CipService.MULTIPLE_SERVICE_PACKET.action);
        for (int i = 0; i < count; i++) {
            int from = offsets[i];
            int to = i + 1 < count ? offsets[i + 1] : len;
            if (from < 2 + 2 * count || from >= len || to > len || to <= from) {
                m.anomalies.add(CipAnomaly.MULTIPLE_SERVICE_PACKET_BAD_OFFSET);
                continue;
            }
            Parsed p = request(b, start + from, to - from, paths, depth + 1, inner, m.routePath);
            if (p.request == null) {
                m.anomalies.add(p.error);
            } else {
                m.children.add(p.request);
            }
        }
    }

    /**
     * Unconnected Send data: priority/time tick(1) timeout ticks(1) message size(2) message [pad to even]
     * route path size in words(1) reserved(1) route path (port segments).
     */
    private static void unconnectedSend(CipMessage m, byte[] b, ByteReader data, PathCache paths, int depth) {
        int len = data.remaining();
        if (len < UNCONNECTED_SEND_PREFIX) {
            m.anomalies.add(CipAnomaly.UNCONNECTED_SEND_TRUNCATED);
            return;
        }
        data.skip(2);
        int size = data.u16le();
        if (!data.has(size)) {
            // the embedded request is cut: decode what there is of it (Wireshark does)
            m.anomalies.add(CipAnomaly.UNCONNECTED_SEND_MESSAGE_TRUNCATED);
            size = data.remaining();
        }
        int message = data.position();
        data.skip(size);
        String route = null;
        if (data.has((size & 1) + 2)) {
            data.skip(size & 1);
            int routeLength = 2 * data.u8();
            data.skip(1); // reserved
            route = String.join(",", paths.parse(b, data.position(), Math.min(routeLength, data.remaining())).ports);
        } else {
            m.anomalies.add(CipAnomaly.UNCONNECTED_SEND_ROUTE_MISSING);
        }
        Parsed p = request(b, message, size, paths, depth + 1, with(m.wrappers, CipService.UNCONNECTED_SEND.action),
                route);
        if (p.request == null) {
            m.anomalies.add(p.error);
        } else {
            m.children.add(p.request);
        }
    }

    /** Request data worth keeping for the services this dissector names. */
    private static void serviceData(CipMessage m, byte[] b, ByteReader d) {
        if (m.known == null) {
            return;
        }
        switch (m.known) {
            case GET_ATTRIBUTE_LIST, SET_ATTRIBUTE_LIST -> {
                if (d.has(2)) {
                    int count = d.u16le();
                    // Get_Attribute_List carries only ids; Set's values have type-dependent sizes, so only its first id is certain
                    int n = m.known == CipService.GET_ATTRIBUTE_LIST ? count : Math.min(count, 1);
                    List<Integer> ids = new ArrayList<>(Math.min(n, MAX_ATTRIBUTE_IDS));
                    for (int i = 0; i < n && ids.size() < MAX_ATTRIBUTE_IDS && d.has(2); i++) {
                        ids.add(d.u16le());
                    }
                    m.attributeIds = ids;
                }
            }
            case READ_TAG -> {
                // elements(2)
                if (d.has(2)) {
                    m.tagElements = d.u16le();
                }
            }
            case READ_TAG_FRAGMENTED -> {
                // elements(2) byte offset(4)
                if (d.has(6)) {
                    m.tagElements = d.u16le();
                    m.tagOffset = d.u32le();
                }
            }
            case WRITE_TAG -> {
                // data type(2) elements(2) data
                if (d.has(4)) {
                    m.tagDataType = d.u16le();
                    m.tagElements = d.u16le();
                }
            }
            case WRITE_TAG_FRAGMENTED -> {
                // data type(2) elements(2) byte offset(4) data
                if (d.has(8)) {
                    m.tagDataType = d.u16le();
                    m.tagElements = d.u16le();
                    m.tagOffset = d.u32le();
                }
            }
            case READ_MODIFY_WRITE_TAG -> {
                // mask size(2) OR masks(size) AND masks(size) (Rockwell 1756-PM020, Read Modify Write Tag Service;
                // also digitalpetri ethernet-ip's ReadModifyWriteTagService): what the write sets and clears
                if (d.has(2)) {
                    int size = d.u16le();
                    if (size > 0 && size <= MAX_RMW_MASK_BYTES && d.has(2 * size)) {
                        long[] masks = new long[2 * size];
                        for (int i = 0; i < masks.length; i++) {
                            masks[i] = d.u8();
                        }
                        m.writtenValues = masks;
                    }
                }
            }
            case FORWARD_OPEN, LARGE_FORWARD_OPEN -> {
                m.connection = ConnectionParams.parseForwardOpen(b, d.position(), d.remaining(),
                        m.known == CipService.LARGE_FORWARD_OPEN);
                if (m.connection == null) {
                    m.anomalies.add(CipAnomaly.FORWARD_OPEN_TRUNCATED);
                }
            }
            case FORWARD_CLOSE -> {
                m.connection = ConnectionParams.parseForwardClose(b, d.position(), d.remaining());
                if (m.connection == null) {
                    m.anomalies.add(CipAnomaly.FORWARD_CLOSE_TRUNCATED);
                }
            }
            default -> {
            }
        }
    }

    private static List<String> with(List<String> list, String added) {
        List<String> l = new ArrayList<>(list.size() + 1);
        l.addAll(list);
        l.add(added);
        return l;
    }

    /** The reply service code at {@code off}, or -1 when there is no byte. */
    static int replyService(byte[] b, int off, int len) {
        return len >= 1 ? new ByteReader(b, off, len, "cip_reply").u8() : -1;
    }

    /**
     * Applies the reply at {@code off} to {@code m} and, for wrappers, to the embedded requests.
     * Returns false if the bytes are not a reply to it.
     */
    static boolean applyReply(CipMessage m, byte[] b, int off, int len, long ts) {
        if (len < REPLY_HEADER) {
            return false;
        }
        ByteReader r = new ByteReader(b, off, len, "cip_reply");
        int rs = r.u8();
        r.skip(1); // reserved
        int status = r.u8();
        int extendedWords = r.u8();
        int extended = extendedWords > 0 && r.has(2) ? r.u16le() : -1;
        int extendedRest = 2 * extendedWords - (extended >= 0 ? 2 : 0);
        if (r.has(extendedRest)) {
            r.skip(extendedRest);
        } else {
            r.skip(r.remaining());
            m.anomalies.add(CipAnomaly.REPLY_EXTENDED_STATUS_TRUNCATED);
        }
        switch (m.kind) {
            case UNCONNECTED_SEND -> {
                if (rs == CipService.UNCONNECTED_SEND_REPLY || m.children.isEmpty()) {
                    failAll(m, rs, status, extended, ts);
                    return true;
                }
                return applyReply(m.children.get(0), b, off, len, ts);
            }
            case MULTIPLE_SERVICE_PACKET -> {
                if (rs != (m.service | CipService.REPLY_BIT)) {
                    return false;
                }
                if (!r.has(2)) {
                    failAll(m, rs, status, extended, ts);
                    return true;
                }
                multipleServiceReply(m, b, r, ts);
                return true;
            }
            default -> {
                if (rs != (m.service | CipService.REPLY_BIT)) {
                    return false;
                }
                m.replied = true;
                m.replyService = rs;
                m.generalStatus = status;
                m.extendedStatus = extended;
                m.replyTimestamp = ts;
                replyData(m, b, r);
                return true;
            }
        }
    }

    /** Multiple Service Packet reply data: count(2) offsets(2 each, from the count) then the replies, in request order. */
    private static void multipleServiceReply(CipMessage m, byte[] b, ByteReader data, long ts) {
        int start = data.position();
        int len = data.remaining();
        int count = data.u16le();
        // the offsets of the replies that have a request, and of the one after the last (where it ends)
        int[] offsets = new int[Math.min(count, m.children.size() + 1)];
        int readable = 0;
        while (readable < offsets.length && data.has(2)) {
            offsets[readable++] = data.u16le();
        }
        for (int i = 0; i < count && i < m.children.size() && i < readable; i++) {
            int from = offsets[i];
            int to = i + 1 < count && i + 1 < readable ? offsets[i + 1] : len;
            CipMessage child = m.children.get(i);
            if (from >= len || to > len || to <= from) {
                child.anomalies.add(CipAnomaly.MULTIPLE_SERVICE_REPLY_BAD_OFFSET);
                continue;
            }
            if (!applyReply(child, b, start + from, to - from, ts)) {
                child.anomalies.add(CipAnomaly.REPLY_SERVICE_MISMATCH);
            }
        }
    }

    /** A wrapper's reply without its embedded replies (a routing error): every leaf under it gets its status. */
    private static void failAll(CipMessage m, int rs, int status, int extended, long ts) {
        List<CipMessage> leaves = new ArrayList<>();
        m.leaves(leaves);
        for (CipMessage l : leaves) {
            l.replied = true;
            l.replyService = rs;
            l.generalStatus = status;
            l.extendedStatus = extended;
            l.replyTimestamp = ts;
        }
    }

    private static void replyData(CipMessage m, byte[] b, ByteReader data) {
        CipService known = m.known;
        boolean forwardOpen = known == CipService.FORWARD_OPEN || known == CipService.LARGE_FORWARD_OPEN;
        if (known == null || !m.succeeded()) {
            if (m.connection != null && forwardOpen && data.has(FORWARD_OPEN_FAILURE_FIXED)) {
                m.failedConnectionSerial = data.u16le();
            }
            return;
        }
        switch (known) {
            case GET_ATTRIBUTES_ALL -> {
                if (m.path.classId == CipService.CLASS_IDENTITY) {
                    m.identity = CipIdentity.parse(b, data.position(), data.remaining());
                    if (m.identity == null) {
                        m.anomalies.add(CipAnomaly.IDENTITY_REPLY_TRUNCATED);
                    }
                }
            }
            case GET_ATTRIBUTE_LIST -> {
                if (m.path.classId == CipService.CLASS_IDENTITY && m.path.instanceId == 1) {
                    // attributes 1-7 one by one: the same identity, when every one of them was read
                    m.identity = CipIdentity.parseAttributeList(b, data.position(), data.remaining());
                }
            }
            case READ_TAG, READ_TAG_FRAGMENTED -> {
                // data type(2) data
                if (data.has(2)) {
                    m.replyTagDataType = data.u16le();
                }
            }
            case FORWARD_OPEN, LARGE_FORWARD_OPEN -> {
                if (m.connection != null && !m.connection.applyForwardOpenReply(b, data.position(), data.remaining())) {
                    m.anomalies.add(CipAnomaly.FORWARD_OPEN_REPLY_TRUNCATED);
                }
            }
            default -> {
            }
        }
    }
}
