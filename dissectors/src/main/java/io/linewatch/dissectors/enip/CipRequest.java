package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CIP request (CIP Vol. 1, section 2-4): service(1) path size in words(1) EPATH, then service data.
 * Multiple Service Packet and Unconnected Send requests are kept as wrappers whose embedded requests
 * are the leaves: one transaction event per leaf. What events need is copied out of the packet, so a
 * request can wait for its reply after the buffer is gone; the reply is applied to the same tree.
 */
final class CipRequest {
    enum Kind { LEAF, MULTIPLE_SERVICE_PACKET, UNCONNECTED_SEND }

    /** Wrappers nested deeper than this are reported as malformed (bounds recursion). */
    static final int MAX_DEPTH = 4;
    /** Services kept from one Multiple Service Packet. */
    static final int MAX_SERVICES = 256;
    static final int MAX_ATTRIBUTE_IDS = 32;
    /** Reply header: service(1) reserved(1) general status(1) extended status size in words(1). */
    static final int REPLY_HEADER = 4;

    final Kind kind;
    final int service;
    final EPath path;
    final CipService known;
    /** Wrappers around this request, outermost first ({@code unconnected_send}, {@code multiple_service_packet}). */
    final List<String> wrappers;
    /** Route of an enclosing Unconnected Send ({@code 1/0} = backplane slot 0), or null. */
    final String routePath;
    final List<CipRequest> children = new ArrayList<>();
    /** Request-specific fields for the event (tag elements, Forward_Open parameters...). */
    final Map<String, Object> fields = new LinkedHashMap<>();
    final List<String> anomalies = new ArrayList<>(1);
    /** Forward_Open / Large_Forward_Open request parameters, for the connection registry. */
    ConnectionParams connection;

    // reply side, filled by applyReply
    boolean replied;
    int replyService = -1;
    int generalStatus = -1;
    int extendedStatus = -1;
    long replyTimestamp;
    final Map<String, Object> replyFields = new LinkedHashMap<>();
    CipIdentity identity;

    private CipRequest(Kind kind, int service, EPath path, List<String> wrappers, String routePath) {
        this.kind = kind;
        this.service = service;
        this.path = path;
        this.known = CipService.of(service, (int) Math.min(path.classId, Integer.MAX_VALUE), path.symbolic());
        this.wrappers = wrappers;
        this.routePath = routePath;
    }

    /** Outcome of parsing: the request, or why there is none. */
    record Parsed(CipRequest request, String error) {
    }

    static Parsed parse(byte[] b, int off, int len) {
        return parse(b, off, len, 0, List.of(), null);
    }

    private static Parsed parse(byte[] b, int off, int len, int depth, List<String> wrappers, String route) {
        if (len < 2) {
            return new Parsed(null, "cip_request_truncated");
        }
        int service = b[off] & 0xff;
        if ((service & CipService.REPLY_BIT) != 0) {
            return new Parsed(null, "cip_reply_where_request_expected");
        }
        int pathLen = 2 * (b[off + 1] & 0xff);
        if (2 + pathLen > len) {
            return new Parsed(null, "cip_path_truncated");
        }
        EPath path = EPath.parse(b, off + 2, pathLen);
        int dataOff = off + 2 + pathLen;
        int dataLen = len - 2 - pathLen;
        Kind kind = Kind.LEAF;
        CipService known = CipService.of(service, (int) Math.min(path.classId, Integer.MAX_VALUE), path.symbolic());
        if (known == CipService.MULTIPLE_SERVICE_PACKET) {
            kind = Kind.MULTIPLE_SERVICE_PACKET;
        } else if (known == CipService.UNCONNECTED_SEND) {
            kind = Kind.UNCONNECTED_SEND;
        }
        if (kind != Kind.LEAF && depth >= MAX_DEPTH) {
            return new Parsed(null, "cip_wrappers_nested_too_deep");
        }
        CipRequest r = new CipRequest(kind, service, path, wrappers, route);
        if (path.error != null) {
            r.anomalies.add(path.error);
        }
        switch (kind) {
            case MULTIPLE_SERVICE_PACKET:
                r.parseMultiple(b, dataOff, dataLen, depth);
                break;
            case UNCONNECTED_SEND:
                r.parseUnconnectedSend(b, dataOff, dataLen, depth);
                break;
            default:
                r.parseData(b, dataOff, dataLen);
        }
        return new Parsed(r, null);
    }

    /** Multiple Service Packet data: count(2) offsets(2 each, from the count) then the requests. */
    private void parseMultiple(byte[] b, int off, int len, int depth) {
        if (len < 2) {
            anomalies.add("multiple_service_packet_truncated");
            return;
        }
        int count = Bytes.u16le(b, off);
        if (2 + 2 * count > len) {
            anomalies.add("multiple_service_packet_offsets_truncated");
            count = (len - 2) / 2;
        }
        if (count > MAX_SERVICES) {
            anomalies.add("multiple_service_packet_capped");
            count = MAX_SERVICES;
        }
        List<String> inner = with(wrappers, CipService.MULTIPLE_SERVICE_PACKET.action);
        for (int i = 0; i < count; i++) {
            int start = Bytes.u16le(b, off + 2 + 2 * i);
            int end = i + 1 < count ? Bytes.u16le(b, off + 2 + 2 * (i + 1)) : len;
            if (start < 2 + 2 * count || start >= len || end > len || end <= start) {
                anomalies.add("multiple_service_packet_bad_offset");
                continue;
            }
            Parsed p = parse(b, off + start, end - start, depth + 1, inner, routePath);
            if (p.request == null) {
                anomalies.add(p.error);
            } else {
                children.add(p.request);
            }
        }
    }

    /**
     * Unconnected Send data: priority/time tick(1) timeout ticks(1) message size(2) message [pad to even]
     * route path size in words(1) reserved(1) route path (port segments).
     */
    private void parseUnconnectedSend(byte[] b, int off, int len, int depth) {
        if (len < 4) {
            anomalies.add("unconnected_send_truncated");
            return;
        }
        int size = Bytes.u16le(b, off + 2);
        if (4 + size > len) {
            anomalies.add("unconnected_send_message_truncated");
            return;
        }
        int routeAt = 4 + size + (size & 1);
        String route = null;
        if (routeAt + 2 <= len) {
            int routeLen = 2 * (b[off + routeAt] & 0xff);
            EPath routePathParsed = EPath.parse(b, off + routeAt + 2, Math.min(routeLen, len - routeAt - 2));
            route = String.join(",", routePathParsed.ports);
        } else {
            anomalies.add("unconnected_send_route_missing");
        }
        Parsed p = parse(b, off + 4, size, depth + 1, with(wrappers, CipService.UNCONNECTED_SEND.action), route);
        if (p.request == null) {
            anomalies.add(p.error);
        } else {
            children.add(p.request);
        }
    }

    /** Request data worth keeping for the services this dissector names. */
    private void parseData(byte[] b, int off, int len) {
        if (known == null) {
            return;
        }
        switch (known) {
            case GET_ATTRIBUTE_LIST:
            case SET_ATTRIBUTE_LIST:
                if (len >= 2) {
                    int count = Bytes.u16le(b, off);
                    List<Integer> ids = new ArrayList<>();
                    // Get_Attribute_List carries only ids; Set's values have type-dependent sizes, so only its first id is certain
                    int n = known == CipService.GET_ATTRIBUTE_LIST ? count : Math.min(count, 1);
                    for (int i = 0; i < n && ids.size() < MAX_ATTRIBUTE_IDS && 2 + 2 * i + 2 <= len; i++) {
                        ids.add(Bytes.u16le(b, off + 2 + 2 * i));
                    }
                    fields.put(EnipFields.CIP_ATTRIBUTE_IDS, ids);
                }
                break;
            case READ_TAG:
                if (len >= 2) fields.put(EnipFields.CIP_TAG_ELEMENTS, Bytes.u16le(b, off));
                break;
            case READ_TAG_FRAGMENTED:
                if (len >= 6) {
                    fields.put(EnipFields.CIP_TAG_ELEMENTS, Bytes.u16le(b, off));
                    fields.put(EnipFields.CIP_TAG_OFFSET, Bytes.u32le(b, off + 2));
                }
                break;
            case WRITE_TAG:
                if (len >= 4) {
                    fields.put(EnipFields.CIP_TAG_DATA_TYPE, Bytes.u16le(b, off));
                    fields.put(EnipFields.CIP_TAG_ELEMENTS, Bytes.u16le(b, off + 2));
                }
                break;
            case WRITE_TAG_FRAGMENTED:
                if (len >= 8) {
                    fields.put(EnipFields.CIP_TAG_DATA_TYPE, Bytes.u16le(b, off));
                    fields.put(EnipFields.CIP_TAG_ELEMENTS, Bytes.u16le(b, off + 2));
                    fields.put(EnipFields.CIP_TAG_OFFSET, Bytes.u32le(b, off + 4));
                }
                break;
            case FORWARD_OPEN:
            case LARGE_FORWARD_OPEN:
                connection = ConnectionParams.parseForwardOpen(b, off, len, known == CipService.LARGE_FORWARD_OPEN);
                if (connection == null) {
                    anomalies.add("forward_open_truncated");
                } else {
                    connection.putRequestFields(fields);
                }
                break;
            case FORWARD_CLOSE:
                connection = ConnectionParams.parseForwardClose(b, off, len);
                if (connection == null) {
                    anomalies.add("forward_close_truncated");
                } else {
                    connection.putRequestFields(fields);
                }
                break;
            default:
                break;
        }
    }

    private static List<String> with(List<String> list, String added) {
        List<String> l = new ArrayList<>(list.size() + 1);
        l.addAll(list);
        l.add(added);
        return l;
    }

    /** The requests that become events: this one, or the leaves under a wrapper. */
    void leaves(List<CipRequest> out) {
        if (kind == Kind.LEAF) {
            out.add(this);
        } else {
            for (CipRequest c : children) {
                c.leaves(out);
            }
        }
    }

    /** Whether a reply with this service code answers this request (the check used when pairing). */
    boolean answeredBy(int replyServiceCode) {
        if (kind == Kind.UNCONNECTED_SEND) {
            // a routed request is answered by its embedded request's reply, or by 0xD2 on a routing error
            return replyServiceCode == CipService.UNCONNECTED_SEND_REPLY
                    || children.isEmpty() || children.get(0).answeredBy(replyServiceCode);
        }
        return replyServiceCode == (service | CipService.REPLY_BIT);
    }

    /**
     * Applies the reply at {@code off} to this request and, for wrappers, to the embedded requests.
     * Returns false if the bytes are not a reply to it.
     */
    boolean applyReply(byte[] b, int off, int len, long ts) {
        if (len < REPLY_HEADER) {
            return false;
        }
        int rs = b[off] & 0xff;
        int status = b[off + 2] & 0xff;
        int extWords = b[off + 3] & 0xff;
        int dataOff = off + REPLY_HEADER + 2 * extWords;
        int ext = extWords > 0 && off + REPLY_HEADER + 2 <= off + len ? Bytes.u16le(b, off + REPLY_HEADER) : -1;
        if (dataOff > off + len) {
            dataOff = off + len;
            anomalies.add("reply_extended_status_truncated");
        }
        int dataLen = off + len - dataOff;
        switch (kind) {
            case UNCONNECTED_SEND:
                if (rs == CipService.UNCONNECTED_SEND_REPLY || children.isEmpty()) {
                    failAll(rs, status, ext, ts);
                    return true;
                }
                return children.get(0).applyReply(b, off, len, ts);
            case MULTIPLE_SERVICE_PACKET:
                if (rs != (service | CipService.REPLY_BIT)) {
                    return false;
                }
                if (dataLen < 2) {
                    failAll(rs, status, ext, ts);
                    return true;
                }
                int count = Bytes.u16le(b, dataOff);
                for (int i = 0; i < count && i < children.size() && 2 + 2 * i + 2 <= dataLen; i++) {
                    int start = Bytes.u16le(b, dataOff + 2 + 2 * i);
                    int end = i + 1 < count && 2 + 2 * (i + 1) + 2 <= dataLen ? Bytes.u16le(b, dataOff + 2 + 2 * (i + 1)) : dataLen;
                    if (start >= dataLen || end > dataLen || end <= start) {
                        children.get(i).anomalies.add("multiple_service_reply_bad_offset");
                        continue;
                    }
                    if (!children.get(i).applyReply(b, dataOff + start, end - start, ts)) {
                        children.get(i).anomalies.add("reply_service_mismatch");
                    }
                }
                return true;
            default:
                if (rs != (service | CipService.REPLY_BIT)) {
                    return false;
                }
                replied = true;
                replyService = rs;
                generalStatus = status;
                extendedStatus = ext;
                replyTimestamp = ts;
                decodeReplyData(b, dataOff, dataLen);
                return true;
        }
    }

    private void failAll(int rs, int status, int ext, long ts) {
        List<CipRequest> leaves = new ArrayList<>();
        leaves(leaves);
        for (CipRequest l : leaves) {
            l.replied = true;
            l.replyService = rs;
            l.generalStatus = status;
            l.extendedStatus = ext;
            l.replyTimestamp = ts;
        }
    }

    private void decodeReplyData(byte[] b, int off, int len) {
        if (known == null || !succeeded()) {
            if (connection != null && len >= 10 && (known == CipService.FORWARD_OPEN || known == CipService.LARGE_FORWARD_OPEN)) {
                // unsuccessful Forward_Open reply: serial(2) vendor(2) originator serial(4) remaining path size(1)...
                replyFields.put(EnipFields.CIP_CONNECTION_SERIAL, Bytes.u16le(b, off));
            }
            return;
        }
        switch (known) {
            case GET_ATTRIBUTES_ALL:
                if (path.classId == CipService.CLASS_IDENTITY) {
                    identity = CipIdentity.parse(b, off, len);
                    if (identity == null) {
                        anomalies.add("identity_reply_truncated");
                    }
                }
                break;
            case READ_TAG:
            case READ_TAG_FRAGMENTED:
                if (len >= 2) replyFields.put(EnipFields.CIP_TAG_DATA_TYPE, Bytes.u16le(b, off));
                break;
            case FORWARD_OPEN:
            case LARGE_FORWARD_OPEN:
                if (connection != null && !connection.applyForwardOpenReply(b, off, len)) {
                    anomalies.add("forward_open_reply_truncated");
                } else if (connection != null) {
                    connection.putReplyFields(replyFields);
                }
                break;
            default:
                break;
        }
    }

    /** General status success, or partial transfer (fragmented reads answer in parts). */
    boolean succeeded() {
        return generalStatus == 0x00 || generalStatus == 0x06;
    }
}
