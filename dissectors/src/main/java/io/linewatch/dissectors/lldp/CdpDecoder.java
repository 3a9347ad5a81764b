package io.linewatch.dissectors.lldp;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;
import java.util.List;

/**
 * CDP bytes (after the LLC/SNAP header) to an {@link Advertisement} (Wireshark packet-cdp.c). Header: version(1),
 * TTL(1), checksum(2); then TLVs of type(2), length(2, header included), value. Decoded: Device ID (0x0001),
 * Addresses (0x0002), Port ID (0x0003), Capabilities (0x0004), Software version (0x0005), Platform (0x0006),
 * Native VLAN (0x000A), Management addresses (0x0016). Lenient where Wireshark is: a TLV whose length is under 4 ends
 * the decoding with what came before ({@code cdp_tlv_bad_length}), a message without a Device ID is still one
 * ({@code cdp_device_id_missing}); a TLV longer than the frame is {@code cdp_tlv_truncated}. Never throws.
 */
final class CdpDecoder {
    static final int DEVICE_ID = 0x0001;
    static final int ADDRESSES = 0x0002;
    static final int PORT_ID = 0x0003;
    static final int CAPABILITIES = 0x0004;
    static final int SOFTWARE_VERSION = 0x0005;
    static final int PLATFORM = 0x0006;
    static final int NATIVE_VLAN = 0x000a;
    static final int MANAGEMENT_ADDRESSES = 0x0016;

    /** Capability bits (packet-cdp.c {@code CDP_CAP_*}). */
    static final String[] CAPABILITY_BITS = {"router", "transparent_bridge", "source_route_bridge", "switch", "host",
        "igmp", "repeater", "voip_phone", "remotely_managed", "cvta", "mac_relay"};

    /** Address protocol type 1 (NLPID) with protocol 0xCC is IPv4; type 2 (802.2) with 0x86DD at the end is IPv6. */
    private static final int NLPID = 1;
    private static final int NLPID_IP = 0xcc;
    private static final int IEEE_802_2 = 2;

    private CdpDecoder() {
    }

    static Advertisement decode(byte[] b, int off, int len) {
        Advertisement a = new Advertisement();
        try {
            ByteReader r = new ByteReader(b, off, len, "cdp");
            a.version = r.u8();
            a.ttl = r.u8();
            r.u16(); // checksum (not verified: the capture's FCS already was)
            while (r.has(4)) {
                int type = r.u16();
                int length = r.u16();
                if (length < 4) {
                    a.anomalies.add(AdvertisementAnomaly.CDP_TLV_BAD_LENGTH); // nothing after it can be framed
                    break;
                }
                if (length - 4 > r.remaining()) {
                    throw new DecodeException("cdp_tlv_truncated"); // the TLV says more than the frame holds
                }
                ByteReader v = r.slice(length - 4, "cdp_tlv");
                tlv(type, v, a);
            }
            if (a.chassisId == null) {
                a.anomalies.add(AdvertisementAnomaly.CDP_DEVICE_ID_MISSING);
            }
        } catch (DecodeException e) {
            a.error = e.reason();
        }
        return a;
    }

    private static void tlv(int type, ByteReader v, Advertisement a) {
        switch (type) {
            case DEVICE_ID -> {
                a.chassisId = v.text(v.remaining());
                a.systemName = a.chassisId;
            }
            case PORT_ID -> a.portId = v.text(v.remaining());
            case SOFTWARE_VERSION -> a.systemDescription = v.text(v.remaining());
            case PLATFORM -> a.platform = v.text(v.remaining());
            case CAPABILITIES -> {
                Net.bits((int) v.u32(), CAPABILITY_BITS, a.capabilities);
                a.enabled.addAll(a.capabilities); // CDP lists what is enabled
            }
            case NATIVE_VLAN -> a.nativeVlan = v.u16();
            case ADDRESSES -> addresses(v, a.addresses);
            case MANAGEMENT_ADDRESSES -> addresses(v, a.managementAddresses);
            default -> { }
        }
    }

    private static void addresses(ByteReader v, List<String> out) {
        long count = v.u32();
        for (long i = 0; i < count && v.has(2); i++) {
            int protocolType = v.u8();
            int protocolLength = v.u8();
            byte[] protocol = v.bytes(protocolLength);
            int length = v.u16();
            byte[] addr = v.bytes(length);
            if (protocolType == NLPID && protocolLength == 1 && (protocol[0] & 0xff) == NLPID_IP && length == 4) {
                out.add(Net.ipv4(addr, 0));
            } else if (protocolType == IEEE_802_2 && length == 16) {
                out.add(Net.ipv6(addr, 0));
            } else {
                out.add(Net.hex(addr, 0, length));
            }
        }
    }
}
