package io.linewatch.dissectors.names;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a DHCP message says about the client (RFC 2131 section 2, options RFC 2132): the fixed BOOTP part
 * op(1) htype(1) hlen(1) hops(1) xid(4) secs(2) flags(2) ciaddr(4) yiaddr(4) siaddr(4) giaddr(4) chaddr(16)
 * sname(64) file(128), the magic cookie 99.130.83.99, then options as code(1) length(1) value. Read: 12 host name,
 * 81 client FQDN (RFC 4702: flags(1) rcode1(1) rcode2(1) name, in DNS wire format when flag E is set), 60 vendor
 * class identifier, 53 message type.
 */
final class DhcpDecoder {
    static final int OP_REQUEST = 1;
    static final int OP_REPLY = 2;
    static final int HTYPE_ETHERNET = 1;
    static final int FIXED_LENGTH = 236;
    static final long MAGIC_COOKIE = 0x63825363L;
    static final int OPTION_PAD = 0;
    static final int OPTION_END = 255;
    static final int OPTION_HOST_NAME = 12;
    static final int OPTION_VENDOR_CLASS = 60;
    static final int OPTION_MESSAGE_TYPE = 53;
    static final int OPTION_CLIENT_FQDN = 81;
    static final int MESSAGE_ACK = 5;
    static final int FQDN_FLAG_CANONICAL = 0x04;

    private DhcpDecoder() {
    }

    /**
     * Facts about the client of one DHCP message. A client's message names it by its MAC (and by {@code ciaddr} when
     * it already has an address); a server's ACK (or BOOTP reply) is the lease that binds the MAC to its address ({@link IdentityFact#ADDRESS_BINDING}), with
     * the name the server assigned (option 12) if any. A
     * server's other options describe the server or the network, not the client, and are not read.
     *
     * @throws DecodeException when the bytes are not a BOOTP/DHCP message
     */
    static List<NameFact> facts(byte[] b, int off, int len) {
        ByteReader r = new ByteReader(b, off, len, "dhcp");
        int op = r.u8();
        int htype = r.u8();
        int hlen = r.u8();
        if (op != OP_REQUEST && op != OP_REPLY) {
            throw new DecodeException("dhcp_op_" + op);
        }
        r.skip(1 + 4 + 2 + 2); // hops, xid, secs, flags
        String ciaddr = address(r);
        String yiaddr = address(r);
        r.skip(8); // siaddr, giaddr
        byte[] chaddr = r.bytes(16);
        r.skip(64 + 128); // sname, file
        String mac = htype == HTYPE_ETHERNET && hlen == 6 ? mac(chaddr) : null;
        if (r.remaining() < 4 || r.u32() != MAGIC_COOKIE) {
            return List.of(); // plain BOOTP: no options
        }
        String hostName = null;
        String fqdn = null;
        String vendorClass = null;
        int messageType = -1;
        while (r.remaining() > 0) {
            int code = r.u8();
            if (code == OPTION_PAD) {
                continue;
            }
            if (code == OPTION_END) {
                break;
            }
            int length = r.u8();
            ByteReader value = r.slice(length, "dhcp_option_" + code);
            switch (code) {
                case OPTION_HOST_NAME -> hostName = text(value);
                case OPTION_VENDOR_CLASS -> vendorClass = text(value);
                case OPTION_CLIENT_FQDN -> fqdn = fqdn(value);
                case OPTION_MESSAGE_TYPE -> messageType = length >= 1 ? value.u8() : -1;
                default -> { }
            }
        }
        List<NameFact> out = new ArrayList<>();
        String name = hostName != null ? hostName : fqdn;
        if (op == OP_REQUEST) {
            String ip = ciaddr;
            if (mac == null && ip == null) {
                return out;
            }
            if (name != null) {
                out.add(new NameFact(ip, mac, Fields.HOST_NAME, name));
            }
            if (vendorClass != null) {
                out.add(new NameFact(ip, mac, Fields.DEVICE_DHCP_VENDOR_CLASS, vendorClass));
            }
        } else if ((messageType == MESSAGE_ACK || messageType < 0) && yiaddr != null && mac != null) {
            // the lease: what the client asked to be called belongs to this address now
            out.add(new NameFact(yiaddr, mac, IdentityFact.ADDRESS_BINDING, yiaddr));
            if (name != null) {
                out.add(new NameFact(yiaddr, mac, Fields.HOST_NAME, name));
            }
        }
        return out;
    }

    /** Four bytes as a dotted address; null for 0.0.0.0 (none). */
    private static String address(ByteReader r) {
        int a = r.u8();
        int b = r.u8();
        int c = r.u8();
        int d = r.u8();
        return (a | b | c | d) == 0 ? null : a + "." + b + "." + c + "." + d;
    }

    private static String mac(byte[] chaddr) {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(Character.forDigit((chaddr[i] >> 4) & 0xF, 16)).append(Character.forDigit(chaddr[i] & 0xF, 16));
        }
        return s.toString();
    }

    /** Option text without trailing NULs; null unless readable. */
    private static String text(ByteReader value) {
        String s = value.paddedText(value.remaining());
        return DnsWire.readable(s.strip().replace(' ', '_')) ? s.strip() : null;
    }

    /** The FQDN of option 81, in ASCII or (flag E) DNS wire format. */
    private static String fqdn(ByteReader value) {
        if (value.remaining() < 3) {
            return null;
        }
        int flags = value.u8();
        value.skip(2); // rcode1, rcode2 (deprecated)
        if ((flags & FQDN_FLAG_CANONICAL) == 0) {
            return text(value);
        }
        StringBuilder name = new StringBuilder();
        while (value.remaining() > 0) {
            int len = value.u8();
            if (len == 0 || len > value.remaining()) {
                break;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(value.bytes(len), StandardCharsets.ISO_8859_1));
        }
        return DnsDecoder.hostName(name.toString());
    }
}
