package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one framed encapsulation PDU (CIP Vol. 2, chapter 2) into an {@link EnipMessage}: the header,
 * then the command-specific data that this sensor reads:
 * <pre>
 * SendRRData / SendUnitData: interface handle(4) timeout(2) common packet format
 *   SendRRData:   null address item, unconnected data item (the CIP message), Sockaddr Info items (I/O endpoints)
 *   SendUnitData: connected address item (connection id(4)), connected data item (sequence count(2), CIP)
 * RegisterSession reply: protocol version(2) options(2)
 * ListIdentity reply:    CPF with a CIP Identity item: protocol version(2) sockaddr(16) identity
 * ListServices reply:    CPF with service items: version(2) capability flags(2) name(16)
 * ListInterfaces reply:  CPF (counted)
 * </pre>
 * Bytes that do not fit become the message's error or anomalies; nothing is thrown out of here.
 */
final class EnipDecoder {
    /** SendRRData / SendUnitData data before the common packet format: interface handle(4) timeout(2). */
    static final int SEND_DATA_PREFIX = 6;
    /** Connected data item: the class 3 sequence count before the CIP message. */
    static final int SEQUENCE_COUNT_LENGTH = 2;
    static final int LIST_SERVICES_NAME_OFFSET = 4;
    static final int LIST_SERVICES_NAME_LENGTH = 16;

    // malformed reasons of the encapsulation layer (CPF problems use their EnipAnomaly codes)
    static final String NOT_AN_ENCAPSULATION_HEADER = "not_an_encapsulation_header";
    static final String ENCAPSULATION_TRUNCATED = "encapsulation_truncated";
    static final String SEND_DATA_TRUNCATED = "send_data_truncated";
    static final String NO_UNCONNECTED_DATA_ITEM = "no_unconnected_data_item";
    static final String NO_CONNECTED_DATA_ITEM = "no_connected_data_item";

    private EnipDecoder() {
    }

    /**
     * @param fromServer sent by the flow's server
     * @param udp        on a UDP flow, where both ends may use 44818
     */
    static EnipMessage decode(byte[] b, int off, int len, boolean fromServer, boolean udp, long ts) {
        return decode(b, off, len, fromServer, udp, ts, new Cpf());
    }

    /**
     * As {@link #decode(byte[], int, int, boolean, boolean, long)}, reading the common packet format into {@code cpf}
     * (a flow's own, reused for every PDU: the message keeps nothing of it).
     */
    static EnipMessage decode(byte[] b, int off, int len, boolean fromServer, boolean udp, long ts, Cpf cpf) {
        ByteReader r = new ByteReader(b, off, len, "enip");
        EnipHeader h = EnipHeader.read(r);
        EnipCommand cmd = EnipCommand.of(h.command());
        EnipMessage m = new EnipMessage(h, cmd, isReply(fromServer, udp, cmd, r.remaining()), ts);
        if (cmd == null) {
            return m;
        }
        if (cmd.carriesCip) {
            locateCip(m, b, r, cpf);
        } else if (m.reply && r.remaining() > 0) {
            replyData(m, b, r, cpf);
        }
        return m;
    }

    /**
     * Replies travel server to client on TCP. On UDP both ends may use 44818, so a discovery command
     * is a reply when it carries data (requests are empty).
     */
    static boolean isReply(boolean fromServer, boolean udp, EnipCommand cmd, int bodyLength) {
        if (udp && (cmd == EnipCommand.LIST_IDENTITY || cmd == EnipCommand.LIST_SERVICES || cmd == EnipCommand.LIST_INTERFACES)) {
            return bodyLength > 0;
        }
        return fromServer;
    }

    private static void locateCip(EnipMessage m, byte[] b, ByteReader data, Cpf scratch) {
        if (!data.has(SEND_DATA_PREFIX + 2)) {
            m.error = SEND_DATA_TRUNCATED;
            return;
        }
        data.skip(SEND_DATA_PREFIX);
        Cpf cpf = scratch.read(b, data.position(), data.remaining());
        String missing = cpf.error != null ? cpf.error.code() : null;
        if (m.command == EnipCommand.SEND_RR_DATA) {
            int i = cpf.find(CpfItemType.UNCONNECTED_DATA);
            if (i < 0) {
                m.error = missing != null ? missing : NO_UNCONNECTED_DATA_ITEM;
                return;
            }
            m.cipOffset = cpf.offsets[i];
            m.cipLength = cpf.lengths[i];
            // a Forward_Open exchange may say where its I/O goes (IoEndpoint)
            m.sockaddrOToT = sockaddr(cpf, CpfItemType.SOCKADDR_O_T);
            m.sockaddrTToO = sockaddr(cpf, CpfItemType.SOCKADDR_T_O);
            return;
        }
        int a = cpf.find(CpfItemType.CONNECTED_ADDRESS);
        int d = cpf.find(CpfItemType.CONNECTED_DATA);
        if (d < 0 || cpf.lengths[d] < SEQUENCE_COUNT_LENGTH) {
            m.error = missing != null ? missing : NO_CONNECTED_DATA_ITEM;
            return;
        }
        if (a >= 0 && cpf.lengths[a] >= 4) {
            m.connectionId = cpf.item(a, "connected_address").u32le();
        }
        ByteReader item = cpf.item(d, "connected_data");
        m.sequence = item.u16le();
        m.cipOffset = item.position();
        m.cipLength = item.remaining();
    }

    private static IoEndpoint sockaddr(Cpf cpf, CpfItemType type) {
        int i = cpf.find(type);
        return i < 0 || cpf.lengths[i] < IoEndpoint.MIN_ITEM_LENGTH ? null : IoEndpoint.parse(cpf.item(i, "sockaddr_info"));
    }

    private static void replyData(EnipMessage m, byte[] b, ByteReader data, Cpf scratch) {
        switch (m.command) {
            case REGISTER_SESSION -> {
                if (data.has(2)) {
                    m.protocolVersion = data.u16le();
                }
            }
            case LIST_IDENTITY -> {
                Cpf cpf = cpfOf(m, b, data, scratch);
                int i = cpf.find(CpfItemType.CIP_IDENTITY);
                if (i < 0) {
                    m.anomaly(EnipAnomaly.LIST_IDENTITY_WITHOUT_IDENTITY_ITEM);
                    return;
                }
                ByteReader item = cpf.item(i, "cip_identity_item");
                try {
                    int version = item.u16le();
                    m.identity = CipIdentity.readListIdentityItem(item);
                    if (m.identity != null) {
                        m.protocolVersion = version;
                    }
                } catch (DecodeException e) {
                    m.identity = null;
                }
                if (m.identity == null) {
                    m.anomaly(EnipAnomaly.IDENTITY_ITEM_TRUNCATED);
                }
            }
            case LIST_SERVICES -> {
                Cpf cpf = cpfOf(m, b, data, scratch);
                List<String> names = new ArrayList<>(1);
                for (int i = 0; i < cpf.count; i++) {
                    if (cpf.types[i] == CpfItemType.LIST_SERVICES_RESPONSE.code
                            && cpf.lengths[i] >= LIST_SERVICES_NAME_OFFSET + LIST_SERVICES_NAME_LENGTH) {
                        ByteReader item = cpf.item(i, "list_services_item");
                        item.skip(LIST_SERVICES_NAME_OFFSET);
                        names.add(item.paddedText(LIST_SERVICES_NAME_LENGTH));
                    }
                }
                m.services = names;
            }
            case LIST_INTERFACES -> m.interfaceItems = cpfOf(m, b, data, scratch).count;
            default -> {
            }
        }
    }

    private static Cpf cpfOf(EnipMessage m, byte[] b, ByteReader data, Cpf scratch) {
        Cpf cpf = scratch.read(b, data.position(), data.remaining());
        if (cpf.error != null) {
            m.anomaly(cpf.error);
        }
        return cpf;
    }
}
