package io.linewatch.dissectors.names;

import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.model.Fields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Names DNS, mDNS and LLMNR answers bind to IPv4 addresses: A records (name → address) and PTR records under
 * {@code in-addr.arpa} (address → name), from the answer, authority and additional sections of a successful
 * response (RFC 1035 3.2.2 and 3.4.1; mDNS sets the top bit of the class for "cache flush", RFC 6762 10.2).
 * Queries bind nothing. AAAA records are not read (the inventory's IPv6 hosts rarely matter on a plant floor).
 */
final class DnsDecoder {
    static final int TYPE_A = 1;
    static final int TYPE_PTR = 12;
    static final int CLASS_IN = 1;
    static final String REVERSE_V4 = ".in-addr.arpa";

    private DnsDecoder() {
    }

    /**
     * The names in one datagram; empty for a query or an error response.
     *
     * @param selfOnly keep only names for {@code senderIp} (mDNS and LLMNR: a host answers for itself there)
     * @param notSelf  counts the records dropped by {@code selfOnly} (one element)
     * @throws DecodeException when the bytes are not a DNS message
     */
    static List<NameFact> names(byte[] b, int off, int len, String senderIp, boolean selfOnly, long[] notSelf) {
        DnsWire w = new DnsWire(b, off, len);
        if (!w.isResponse() || w.rcode() != 0) {
            return List.of();
        }
        for (int i = 0; i < w.questions; i++) {
            w.skipQuestion();
        }
        Set<NameFact> out = new LinkedHashSet<>();
        for (int i = 0; i < w.records; i++) {
            String owner = w.name();
            int type = w.u16();
            int cls = w.u16() & 0x7FFF;
            w.skip(4); // ttl
            int rdLength = w.u16();
            int rdata = w.position();
            w.skip(rdLength);
            int next = w.position();
            if (cls != CLASS_IN) {
                continue;
            }
            String ip = null;
            String name = null;
            if (type == TYPE_A && rdLength == 4) {
                w.seek(rdata);
                ip = w.ipv4();
                name = owner;
            } else if (type == TYPE_PTR && owner.regionMatches(true, Math.max(0, owner.length() - REVERSE_V4.length()),
                    REVERSE_V4, 0, REVERSE_V4.length())) {
                ip = reverseAddress(owner);
                w.seek(rdata);
                name = w.name();
            }
            w.seek(next);
            name = hostName(name);
            if (ip == null || name == null) {
                continue;
            }
            if (selfOnly && !ip.equals(senderIp)) {
                notSelf[0]++;
                continue;
            }
            out.add(new NameFact(ip, null, Fields.HOST_NAME, name));
        }
        return new ArrayList<>(out);
    }

    /** {@code 7.2.0.10.in-addr.arpa} → {@code 10.0.2.7}; null unless four decimal octets. */
    static String reverseAddress(String owner) {
        String[] labels = owner.substring(0, owner.length() - REVERSE_V4.length()).split("\\.");
        if (labels.length != 4) {
            return null;
        }
        StringBuilder ip = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            if (!labels[i].matches("[0-9]{1,3}") || Integer.parseInt(labels[i]) > 255) {
                return null;
            }
            ip.append(labels[i]).append(i > 0 ? "." : "");
        }
        return ip.toString();
    }

    /** The name as a person reads it (no trailing dot), or null when it is no readable host name. */
    static String hostName(String name) {
        if (name == null) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return DnsWire.readable(n) ? n : null;
    }
}
