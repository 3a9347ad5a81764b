package io.linewatch.dissectors.enip;

import io.linewatch.model.schema.CipFields;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.ObjectRef;
import java.util.ArrayList;
import java.util.List;

/**
 * One CIP request (CIP Vol. 1, section 2-4) and, once seen, its reply, as {@link CipDecoder} decoded them.
 * Multiple Service Packet and Unconnected Send requests are wrappers whose embedded requests are the
 * leaves: one transaction per leaf. What the transaction needs is copied out of the packet, so a request
 * can wait for its reply after the buffer is gone; the reply is applied to the same tree.
 */
final class CipMessage {
    enum Kind { LEAF, MULTIPLE_SERVICE_PACKET, UNCONNECTED_SEND }

    final Kind kind;
    final int service;
    final EPath path;
    /** The service as named for the object the path addresses, or null (reported by number). */
    final CipService known;
    /** Wrappers around this request, outermost first ({@code unconnected_send}, {@code multiple_service_packet}). */
    final List<String> wrappers;
    /** Route of an enclosing Unconnected Send ({@code 1/0} = backplane slot 0), or null. */
    final String routePath;
    /** The embedded requests of a wrapper; a leaf has none (and no list of its own). */
    final List<CipMessage> children;
    /** Most requests have none: the list makes its array at the first one. */
    final List<CipAnomaly> anomalies = new ArrayList<>();

    // request data of the services this dissector names (-1 / null when absent)
    List<Integer> attributeIds;
    int tagDataType = -1;
    int tagElements = -1;
    long tagOffset = -1;
    /** Values the request writes, when decoded (Read_Modify_Write_Tag: OR mask bytes, then AND mask bytes), or null. */
    long[] writtenValues;
    /** Forward_Open / Large_Forward_Open / Forward_Close parameters, for the connection registry. */
    ConnectionParams connection;

    // reply side, filled by CipDecoder.applyReply
    boolean replied;
    int replyService = -1;
    int generalStatus = -1;
    int extendedStatus = -1;
    long replyTimestamp;
    /** Data type of a Read_Tag reply. */
    int replyTagDataType = -1;
    /** Connection serial number echoed by an unsuccessful Forward_Open reply. */
    int failedConnectionSerial = -1;
    CipIdentity identity;

    CipMessage(Kind kind, int service, EPath path, CipService known, List<String> wrappers, String routePath) {
        this.kind = kind;
        this.service = service;
        this.path = path;
        this.known = known;
        this.wrappers = wrappers;
        this.routePath = routePath;
        this.children = kind == Kind.LEAF ? List.of() : new ArrayList<>();
    }

    /** The requests that become transactions: this one, or the leaves under a wrapper. */
    void leaves(List<CipMessage> out) {
        if (kind == Kind.LEAF) {
            out.add(this);
        } else {
            for (CipMessage c : children) {
                c.leaves(out);
            }
        }
    }

    /** Whether {@link #leaves} finds any (a wrapper may hold none). */
    boolean hasLeaf() {
        if (kind == Kind.LEAF) {
            return true;
        }
        for (CipMessage c : children) {
            if (c.hasLeaf()) {
                return true;
            }
        }
        return false;
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

    /** General status success, or partial transfer (fragmented reads answer in parts). */
    boolean succeeded() {
        return generalStatus == CipGeneralStatus.SUCCESS.code || generalStatus == CipGeneralStatus.PARTIAL_TRANSFER.code;
    }

    /** The wrappers' anomalies above and around the leaves (reported on every leaf). */
    void wrapperAnomalies(List<CipAnomaly> out) {
        if (kind != Kind.LEAF) {
            out.addAll(anomalies);
            for (CipMessage c : children) {
                c.wrapperAnomalies(out);
            }
        }
    }

    /** What the request addressed: the Logix tag it names, else its class/instance/attribute (each listed attribute). */
    ObjectRef[] objects() {
        if (path.symbol == null && path.classId >= 0 && path.attributeId < 0
                && attributeIds != null && !attributeIds.isEmpty()) {
            ObjectRef[] refs = new ObjectRef[attributeIds.size()];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = ObjectRef.cip(path.classId, path.instanceId, attributeIds.get(i));
            }
            return refs;
        }
        return path.objects();
    }

    /** The service data fields: the request's, then the reply's. */
    void writeDetail(Detail d) {
        d.put(CipFields.ATTRIBUTE_IDS, attributeIds);
        if (tagDataType >= 0) {
            d.put(CipFields.TAG_DATA_TYPE, tagDataType);
        }
        if (tagElements >= 0) {
            d.put(CipFields.TAG_ELEMENTS, tagElements);
        }
        if (tagOffset >= 0) {
            d.put(CipFields.TAG_OFFSET, tagOffset);
        }
        if (connection != null) {
            connection.writeRequestDetail(d);
        }
        if (failedConnectionSerial >= 0) {
            d.put(CipFields.CONNECTION_SERIAL_NUMBER, failedConnectionSerial);
        }
        if (replyTagDataType >= 0) {
            d.put(CipFields.TAG_DATA_TYPE, replyTagDataType);
        }
        if (connection != null && connection.established) {
            connection.writeReplyDetail(d);
        }
        if (identity != null) {
            identity.writeDetail(d);
        }
    }
}
