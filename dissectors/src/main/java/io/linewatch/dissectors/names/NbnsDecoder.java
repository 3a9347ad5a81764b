package io.linewatch.dissectors.names;

import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.model.Fields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Names the NetBIOS name service (RFC 1002 section 4.2) binds to addresses: the NB records of registrations
 * (opcode 5), refreshes (8, 9) and positive answers. A NetBIOS name is 16 bytes, first-level encoded into a
 * 32-character label (RFC 1001 14.1: each half-byte + 'A'); the 16th byte is the service suffix. An NB record's
 * data is one or more {flags(2), address(4)}; flag bit 15 marks a group name.
 */
final class NbnsDecoder {
    static final int TYPE_NB = 0x20;
    static final int CLASS_IN = 1;
    static final int OPCODE_QUERY = 0;
    static final int OPCODE_RELEASE = 6;
    static final int NB_GROUP = 0x8000;
    static final int ENCODED_LENGTH = 32;
    /** Suffixes that name the machine itself: 0x00 workstation service, 0x20 file server service. */
    static final int SUFFIX_WORKSTATION = 0x00;
    static final int SUFFIX_SERVER = 0x20;

    private NbnsDecoder() {
    }

    /**
     * The machine names in one datagram, for addresses equal to {@code senderIp} only (a host registers and answers
     * for itself; a WINS server answering about others is counted in {@code notSelf[0]}).
     *
     * @throws DecodeException when the bytes are not a name service packet
     */
    static List<NameFact> names(byte[] b, int off, int len, String senderIp, long[] notSelf) {
        DnsWire w = new DnsWire(b, off, len);
        int opcode = w.opcode();
        if (opcode == OPCODE_RELEASE || (w.isResponse() && w.rcode() != 0)
                || (opcode == OPCODE_QUERY && !w.isResponse())) {
            return List.of(); // a release unbinds, a negative answer binds nothing, a query asks
        }
        for (int i = 0; i < w.questions; i++) {
            w.skipQuestion();
        }
        Set<NameFact> out = new LinkedHashSet<>();
        for (int i = 0; i < w.records; i++) {
            byte[] encoded = w.firstLabel();
            int type = w.u16();
            int cls = w.u16();
            w.skip(4); // ttl
            int rdLength = w.u16();
            int rdata = w.position();
            w.skip(rdLength);
            int next = w.position();
            if (type != TYPE_NB || cls != CLASS_IN) {
                continue;
            }
            byte[] name = decode(encoded);
            if (name == null) {
                continue;
            }
            int suffix = name[15] & 0xff;
            String machine = machineName(name);
            w.seek(rdata);
            for (int e = 0; e + 6 <= rdLength; e += 6) {
                int flags = w.u16();
                String ip = w.ipv4();
                if ((flags & NB_GROUP) != 0 || (suffix != SUFFIX_WORKSTATION && suffix != SUFFIX_SERVER) || machine == null) {
                    continue; // group names (workgroups, domains) and service names are not the machine's name
                }
                if (!ip.equals(senderIp)) {
                    notSelf[0]++;
                    continue;
                }
                out.add(new NameFact(ip, null, Fields.HOST_NAME, machine));
            }
            w.seek(next);
        }
        return new ArrayList<>(out);
    }

    /** The 16 bytes of a first-level encoded name; null if the label is not one. */
    static byte[] decode(byte[] label) {
        if (label.length != ENCODED_LENGTH) {
            return null;
        }
        byte[] name = new byte[16];
        for (int i = 0; i < 16; i++) {
            int hi = label[2 * i] - 'A';
            int lo = label[2 * i + 1] - 'A';
            if (hi < 0 || hi > 15 || lo < 0 || lo > 15) {
                return null;
            }
            name[i] = (byte) (hi << 4 | lo);
        }
        return name;
    }

    /** The first 15 bytes without the space padding; null unless printable ASCII. */
    static String machineName(byte[] name) {
        int end = 15;
        while (end > 0 && name[end - 1] == ' ') {
            end--;
        }
        if (end == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            int c = name[i] & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
            s.append((char) c);
        }
        return s.toString();
    }
}
