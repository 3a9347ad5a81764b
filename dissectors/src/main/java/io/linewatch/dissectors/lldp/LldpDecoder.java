package io.linewatch.dissectors.lldp;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;

/**
 * LLDPDU bytes to an {@link Advertisement} (IEEE 802.1AB-2016 §8.5; Wireshark packet-lldp.c). TLVs: a 7-bit type and
 * 9-bit length, then the value; Chassis ID (1), Port ID (2) and TTL (3) come first, End (0) closes the PDU. Decoded:
 * chassis and port id with their subtypes, TTL, port description (4), system name (5) and description (6),
 * capabilities (7) and management addresses (8); organisation-specific TLVs (127) are skipped. A PDU that ends with the
 * frame without its End TLV is decoded (Wireshark does so too) and marked {@code lldp_end_missing}; a TLV longer than
 * what is left is {@code lldp_tlv_truncated}. Never throws.
 */
final class LldpDecoder {
    static final int END = 0;
    static final int CHASSIS_ID = 1;
    static final int PORT_ID = 2;
    static final int TTL = 3;
    static final int PORT_DESCRIPTION = 4;
    static final int SYSTEM_NAME = 5;
    static final int SYSTEM_DESCRIPTION = 6;
    static final int CAPABILITIES = 7;
    static final int MANAGEMENT_ADDRESS = 8;

    /** Chassis id subtype 4 and port id subtype 3: a MAC address; 5 and 4: a network address (IANA family first). */
    private static final int CHASSIS_MAC = 4;
    private static final int CHASSIS_NETWORK = 5;
    private static final int PORT_MAC = 3;
    private static final int PORT_NETWORK = 4;

    /** System capabilities bits (IEEE 802.1AB-2016 Table 8-4). */
    static final String[] CAPABILITY_BITS = {"other", "repeater", "bridge", "wlan_access_point", "router", "telephone",
        "docsis", "station", "c_vlan", "s_vlan", "tpmr"};

    private LldpDecoder() {
    }

    static Advertisement decode(byte[] b, int off, int len) {
        Advertisement a = new Advertisement();
        try {
            ByteReader r = new ByteReader(b, off, len, "lldp");
            int index = 0;
            while (true) {
                if (r.remaining() == 0) {
                    a.anomalies.add(AdvertisementAnomaly.LLDP_END_MISSING); // decoded as Wireshark does, and marked
                    break;
                }
                int header = r.u16();
                int type = header >>> 9;
                int length = header & 0x1ff;
                if (type == END) {
                    break;
                }
                if (length > r.remaining()) {
                    throw new DecodeException("lldp_tlv_truncated"); // the TLV says more than the frame holds
                }
                ByteReader v = r.slice(length, "lldp_tlv");
                if (index < 3 && type != index + 1) {
                    throw new DecodeException("lldp_mandatory_tlv_missing"); // chassis, port, TTL must lead
                }
                index++;
                tlv(type, v, length, a);
            }
            if (index < 3) {
                throw new DecodeException("lldp_mandatory_tlv_missing");
            }
        } catch (DecodeException e) {
            a.error = e.reason();
        }
        return a;
    }

    private static void tlv(int type, ByteReader v, int length, Advertisement a) {
        switch (type) {
            case CHASSIS_ID -> {
                a.chassisIdSubtype = v.u8();
                a.chassisId = id(v, a.chassisIdSubtype == CHASSIS_MAC, a.chassisIdSubtype == CHASSIS_NETWORK);
            }
            case PORT_ID -> {
                a.portIdSubtype = v.u8();
                a.portId = id(v, a.portIdSubtype == PORT_MAC, a.portIdSubtype == PORT_NETWORK);
            }
            case TTL -> a.ttl = v.u16();
            case PORT_DESCRIPTION -> a.portDescription = v.text(length);
            case SYSTEM_NAME -> a.systemName = v.text(length);
            case SYSTEM_DESCRIPTION -> a.systemDescription = v.text(length);
            case CAPABILITIES -> {
                Net.bits(v.u16(), CAPABILITY_BITS, a.capabilities);
                Net.bits(v.u16(), CAPABILITY_BITS, a.enabled);
            }
            case MANAGEMENT_ADDRESS -> {
                int stringLength = v.u8(); // the family byte and the address
                if (stringLength < 2) {
                    throw new DecodeException("lldp_management_address_bad_length");
                }
                int family = v.u8();
                int at = v.position();
                v.skip(stringLength - 1);
                a.managementAddresses.add(Net.address(family, v.array(), at, stringLength - 1));
            }
            default -> { } // organisation specific and reserved TLVs
        }
    }

    private static String id(ByteReader v, boolean mac, boolean network) {
        int n = v.remaining();
        if (mac && n == 6) {
            return Net.mac(v.bytes(6), 0);
        }
        if (network && n >= 2) {
            int family = v.u8();
            byte[] addr = v.bytes(n - 1);
            return Net.address(family, addr, 0, addr.length);
        }
        return v.text(n);
    }
}
