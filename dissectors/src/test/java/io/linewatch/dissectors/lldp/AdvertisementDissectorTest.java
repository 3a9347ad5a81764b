package io.linewatch.dissectors.lldp;

import static io.linewatch.testkit.WireFeeder.bytes;
import static io.linewatch.testkit.WireFeeder.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import io.linewatch.model.schema.LinkFields;
import io.linewatch.model.schema.Schema;
import io.linewatch.testkit.Frames;
import io.linewatch.testkit.WireFeeder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Byte-array tests of LLDP (IEEE 802.1AB-2016 §8.5; Wireshark packet-lldp.c) and CDP (Wireshark packet-cdp.c): each
 * TLV the decoders read, the End TLV missing, bad lengths. The frames mirror the public captures' (the SCALANCE of
 * iti_profinet_failed_lldp_scalance, the Ns5gt CE500 switch of quickdraw_cl5000eip_firmware_change), with the values
 * {@code tshark -V} shows for them quoted in the tests; what tshark does with the broken ones was checked on frames
 * built the same way.
 */
class AdvertisementDissectorTest {
    private static final String LLDP_MULTICAST = "01:80:c2:00:00:0e";
    private static final String CDP_MULTICAST = "01:00:0c:cc:cc:cc";
    private static final String SCALANCE_PORT = "00:1b:1b:34:34:ce";
    private static final String CISCO_PORT = "00:1a:2b:3c:4d:5e";
    private static final int ETHERTYPE_LLDP = 0x88cc;
    private static final int CISCO_OUI = 0x00000c;
    private static final int CDP_PROTOCOL_ID = 0x2000;

    private final WireFeeder w = new WireFeeder(DissectorWiring.link(Dissectors.link()));

    // ---- LLDP: TLV header is type (7 bits) and length (9 bits) ----

    private static byte[] tlv(int type, byte[] value) {
        int header = (type << 9) | value.length;
        return concat(bytes(header >> 8, header), value);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] chassisMac(String mac) {
        return tlv(1, concat(bytes(4), Frames.macBytes(mac))); // subtype 4: MAC address
    }

    private static byte[] portLocal(String id) {
        return tlv(2, concat(bytes(7), text(id))); // subtype 7: locally assigned
    }

    private static byte[] ttl(int seconds) {
        return tlv(3, bytes(seconds >> 8, seconds));
    }

    private static final byte[] END = tlv(0, new byte[0]);

    /** Management address TLV: string length (family + address), family, address, ifIndex subtype 2 and number, OID length 0. */
    private static byte[] management(int family, byte[] address) {
        return tlv(8, concat(bytes(address.length + 1, family), address, bytes(2, 0, 0, 0, 1, 0)));
    }

    private void lldp(byte[]... tlvs) {
        w.ethernet(Frames.ethernet(LLDP_MULTICAST, SCALANCE_PORT, ETHERTYPE_LLDP, concat(tlvs)));
    }

    private EventDoc only(String protocol) {
        EventDoc e = w.only(protocol);
        assertEquals(List.of(), Schema.problems(e.asMap()), "every field is declared: " + e);
        return e;
    }

    private Map<String, String> identity() {
        return w.identities.stream().collect(Collectors.toMap(IdentityFact::field, IdentityFact::value, (a, b) -> b, TreeMap::new));
    }

    @Test
    void lldpEveryTlvRead() {
        // tshark (SCALANCE, frame 3): chassis MA/00:1b:1b:34:34:cb, port LA/port-003, TTL 20; here with a name,
        // a port description, bridge capability and a management address added
        lldp(chassisMac("00:1b:1b:34:34:cb"), portLocal("port-003"), ttl(20),
                tlv(4, text("Siemens, SIMATIC NET, Ethernet Port, X1 P3")),
                tlv(5, text("scalance-x208")),
                tlv(6, text("Siemens AG SIMATIC S7 MULTIPORT SCALANCE X 200 FAM")),
                tlv(7, bytes(0x00, 0x04, 0x00, 0x04)), // capable and enabled: bridge (bit 2)
                management(1, bytes(10, 10, 10, 2)),
                tlv(127, concat(bytes(0x00, 0x0e, 0xcf, 0x02), bytes(0, 0, 0, 0))), // PROFIBUS port status: skipped
                END);
        EventDoc e = only("lldp");
        assertEquals("advertisement", e.getString(Fields.EVENT_ACTION));
        assertEquals("discovery", e.getString(Fields.OT_OPERATION));
        assertEquals("request", e.getString(Fields.OT_SEEN));
        assertEquals(SCALANCE_PORT, e.getString(Fields.SOURCE_MAC));
        assertEquals(LLDP_MULTICAST, e.getString(Fields.DESTINATION_MAC));
        assertEquals("10.10.10.2", e.getString(Fields.SOURCE_IP), "the management address is the sender's");
        assertEquals("00:1b:1b:34:34:cb", e.getString(LinkFields.LLDP_CHASSIS_ID));
        assertEquals(4L, e.getLong(LinkFields.LLDP_CHASSIS_ID_SUBTYPE));
        assertEquals("port-003", e.getString(LinkFields.LLDP_PORT_ID));
        assertEquals(7L, e.getLong(LinkFields.LLDP_PORT_ID_SUBTYPE));
        assertEquals(20L, e.getLong(LinkFields.LLDP_TTL));
        assertEquals("Siemens, SIMATIC NET, Ethernet Port, X1 P3", e.getString(LinkFields.LLDP_PORT_DESCRIPTION));
        assertEquals("scalance-x208", e.getString(LinkFields.LLDP_SYSTEM_NAME));
        assertEquals("Siemens AG SIMATIC S7 MULTIPORT SCALANCE X 200 FAM", e.getString(LinkFields.LLDP_SYSTEM_DESCRIPTION));
        assertEquals(List.of("bridge"), e.get(LinkFields.LLDP_CAPABILITIES));
        assertEquals(List.of("bridge"), e.get(LinkFields.LLDP_CAPABILITIES_ENABLED));
        assertEquals(List.of("10.10.10.2"), e.get(LinkFields.LLDP_MANAGEMENT_ADDRESS));
        assertNull(e.get(Fields.OT_ANOMALIES));
        assertEquals(Map.of(
                Fields.HOST_NAME, "scalance-x208",
                LinkFields.DEVICE_DESCRIPTION, "Siemens AG SIMATIC S7 MULTIPORT SCALANCE X 200 FAM",
                LinkFields.DEVICE_CAPABILITIES, "bridge",
                LinkFields.DEVICE_CHASSIS_ID, "00:1b:1b:34:34:cb",
                LinkFields.DEVICE_PORT_ID, "port-003",
                LinkFields.DEVICE_PORT_DESCRIPTION, "Siemens, SIMATIC NET, Ethernet Port, X1 P3",
                LinkFields.DEVICE_MANAGEMENT_ADDRESS, "10.10.10.2"), identity());
        for (IdentityFact f : w.identities) {
            assertEquals(SCALANCE_PORT, f.mac());
            assertEquals("10.10.10.2", f.ip());
            assertEquals("lldp.advertisement", f.source());
        }
    }

    @Test
    void lldpIdsAsNetworkAddressAndMac() {
        // chassis subtype 5 (network address: IANA family 1, IPv4), port subtype 3 (MAC address)
        lldp(tlv(1, concat(bytes(5, 1), bytes(192, 168, 1, 1))), tlv(2, concat(bytes(3), Frames.macBytes("00:1b:1b:34:34:cf"))),
                ttl(120), END);
        EventDoc e = only("lldp");
        assertEquals("192.168.1.1", e.getString(LinkFields.LLDP_CHASSIS_ID));
        assertEquals("00:1b:1b:34:34:cf", e.getString(LinkFields.LLDP_PORT_ID));
        assertNull(e.getString(Fields.SOURCE_IP), "a chassis id is not a management address");
    }

    @Test
    void lldpIpv6AndUnsetManagementAddresses() {
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfe;
        v6[1] = (byte) 0x80;
        v6[15] = 1;
        lldp(chassisMac("00:1b:1b:34:34:cb"), portLocal("port-001"), ttl(20), management(1, bytes(0, 0, 0, 0)),
                management(2, v6), END);
        EventDoc e = only("lldp");
        assertEquals(List.of("0.0.0.0", "fe80:0:0:0:0:0:0:1"), e.get(LinkFields.LLDP_MANAGEMENT_ADDRESS));
        assertNull(e.getString(Fields.SOURCE_IP), "0.0.0.0 is no address set");
    }

    @Test
    void lldpPaddingAfterTheEndIsIgnored() {
        // a short LLDPDU padded to Ethernet's 60 bytes: the zeros after End are not read
        lldp(chassisMac("00:1b:1b:34:34:cb"), portLocal("p1"), ttl(20), END, new byte[20]);
        assertNull(only("lldp").get(Fields.OT_ANOMALIES));
    }

    @Test
    void lldpWithoutEndIsDecodedAndMarked() {
        // tshark shows such a PDU (chassis, port, TTL, system name, then the frame ends) without an error
        lldp(chassisMac("00:1b:1b:34:34:cb"), portLocal("port-003"), ttl(20), tlv(5, text("sw")));
        EventDoc e = only("lldp");
        assertEquals("sw", e.getString(LinkFields.LLDP_SYSTEM_NAME));
        assertEquals(List.of("lldp_end_missing"), e.get(Fields.OT_ANOMALIES));
        assertEquals(0L, w.counter("lldp.malformed"));
    }

    @Test
    void lldpTlvLongerThanTheFrameIsMalformed() {
        // tshark: "length of contained item exceeds length of containing item" (a 100-byte system name, 3 bytes left)
        byte[] name = tlv(5, text("abc"));
        name[1] = 100;
        lldp(chassisMac("00:1b:1b:34:34:cb"), portLocal("port-003"), ttl(20), name);
        assertMalformed("lldp", "lldp_tlv_truncated");
    }

    @Test
    void lldpMandatoryTlvsOutOfOrderAreMalformed() {
        lldp(ttl(20), chassisMac("00:1b:1b:34:34:cb"), portLocal("port-003"), END);
        assertMalformed("lldp", "lldp_mandatory_tlv_missing");
    }

    @Test
    void lldpEndRightAfterTheChassisIsMalformed() {
        lldp(chassisMac("00:1b:1b:34:34:cb"), END);
        assertMalformed("lldp", "lldp_mandatory_tlv_missing");
    }

    @Test
    void lldpShortTtlIsMalformed() {
        lldp(chassisMac("00:1b:1b:34:34:cb"), portLocal("p"), tlv(3, bytes(20)), END);
        assertMalformed("lldp", "lldp_tlv_truncated");
    }

    @Test
    void lldpManagementAddressStringTooShortIsMalformed() {
        lldp(chassisMac("00:1b:1b:34:34:cb"), portLocal("p"), ttl(20), tlv(8, bytes(1, 1, 2, 0, 0, 0, 1, 0)), END);
        assertMalformed("lldp", "lldp_management_address_bad_length");
    }

    // ---- CDP: LLC/SNAP (Cisco OUI, protocol 0x2000), version, TTL, checksum, TLVs of type(2) length(2, header included) ----

    private static byte[] cdpTlv(int type, byte[] value) {
        int length = value.length + 4;
        return concat(bytes(type >> 8, type, length >> 8, length), value);
    }

    /** Address list: count, then per address protocol type, protocol length, protocol, address length, address. */
    private static byte[] addresses(byte[]... entries) {
        return concat(bytes(0, 0, 0, entries.length), concat(entries));
    }

    private static byte[] nlpidIpv4(int... ip) {
        return concat(bytes(1, 1, 0xcc, 0, 4), bytes(ip));
    }

    private void cdp(byte[]... tlvs) {
        byte[] header = bytes(2, 180, 0x0a, 0xb0); // version 2, TTL 180, checksum (not verified)
        w.ethernet(Frames.llcSnap(CDP_MULTICAST, CISCO_PORT, CISCO_OUI, CDP_PROTOCOL_ID, concat(header, concat(tlvs))));
    }

    @Test
    void cdpEveryTlvRead() {
        // tshark (QuickDraw capture, frame 13): Device ID Ns5gt, Port ID GigabitEthernet1, platform cisco
        // WS-CE500-24TT, capabilities 0x28 (switch, IGMP), native VLAN 3, address and management address 192.168.10.253
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[15] = 7;
        byte[] ipv6Entry = concat(bytes(2, 8, 0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd, 0, 16), v6);
        cdp(cdpTlv(0x0001, text("Ns5gt")),
                cdpTlv(0x0005, text("Cisco IOS Software, CE500 Software (CE500-LANBASE-M), Version 12.2(25)SEG4")),
                cdpTlv(0x0006, text("cisco WS-CE500-24TT")),
                cdpTlv(0x0002, addresses(nlpidIpv4(192, 168, 10, 253), ipv6Entry)),
                cdpTlv(0x0003, text("GigabitEthernet1")),
                cdpTlv(0x0004, bytes(0, 0, 0, 0x28)),
                cdpTlv(0x0009, new byte[0]), // VTP management domain: skipped
                cdpTlv(0x000a, bytes(0, 3)),
                cdpTlv(0x0016, addresses(nlpidIpv4(192, 168, 10, 253))));
        EventDoc e = only("cdp");
        assertEquals("advertisement", e.getString(Fields.EVENT_ACTION));
        assertEquals(CISCO_PORT, e.getString(Fields.SOURCE_MAC));
        assertEquals("192.168.10.253", e.getString(Fields.SOURCE_IP));
        assertEquals(2L, e.getLong(LinkFields.CDP_VERSION));
        assertEquals(180L, e.getLong(LinkFields.CDP_TTL));
        assertEquals("Ns5gt", e.getString(LinkFields.CDP_DEVICE_ID));
        assertEquals("GigabitEthernet1", e.getString(LinkFields.CDP_PORT_ID));
        assertEquals("cisco WS-CE500-24TT", e.getString(LinkFields.CDP_PLATFORM));
        assertEquals("Cisco IOS Software, CE500 Software (CE500-LANBASE-M), Version 12.2(25)SEG4",
                e.getString(LinkFields.CDP_SOFTWARE_VERSION));
        assertEquals(List.of("switch", "igmp"), e.get(LinkFields.CDP_CAPABILITIES));
        assertEquals(List.of("192.168.10.253", "2001:0:0:0:0:0:0:7"), e.get(LinkFields.CDP_ADDRESSES));
        assertEquals(List.of("192.168.10.253"), e.get(LinkFields.CDP_MANAGEMENT_ADDRESSES));
        assertEquals(3L, e.getLong(LinkFields.CDP_NATIVE_VLAN));
        assertNull(e.get(Fields.OT_ANOMALIES));
        assertEquals(Map.of(
                Fields.HOST_NAME, "Ns5gt",
                Fields.DEVICE_MODEL_NAME, "cisco WS-CE500-24TT",
                LinkFields.DEVICE_DESCRIPTION, "Cisco IOS Software, CE500 Software (CE500-LANBASE-M), Version 12.2(25)SEG4",
                LinkFields.DEVICE_CAPABILITIES, "switch,igmp",
                LinkFields.DEVICE_CHASSIS_ID, "Ns5gt",
                LinkFields.DEVICE_PORT_ID, "GigabitEthernet1",
                LinkFields.DEVICE_MANAGEMENT_ADDRESS, "192.168.10.253"), identity());
        assertEquals("cdp.advertisement", w.identities.get(0).source());
    }

    @Test
    void cdpWithoutManagementAddressesOffersItsAddresses() {
        cdp(cdpTlv(0x0001, text("sw2")), cdpTlv(0x0002, addresses(nlpidIpv4(10, 0, 0, 9))));
        assertEquals("10.0.0.9", identity().get(LinkFields.DEVICE_MANAGEMENT_ADDRESS));
        assertEquals("10.0.0.9", only("cdp").getString(Fields.SOURCE_IP));
    }

    @Test
    void cdpTlvShorterThanItsHeaderEndsTheMessage() {
        // tshark: "TLV with invalid length 2 (< 4)", the rest shown as data; what came before stands
        byte[] port = cdpTlv(0x0003, text("Gi0/1"));
        port[3] = 2;
        cdp(cdpTlv(0x0001, text("sw1")), port, cdpTlv(0x0006, text("never read")));
        EventDoc e = only("cdp");
        assertEquals("sw1", e.getString(LinkFields.CDP_DEVICE_ID));
        assertNull(e.get(LinkFields.CDP_PORT_ID));
        assertNull(e.get(LinkFields.CDP_PLATFORM));
        assertEquals(List.of("cdp_tlv_bad_length"), e.get(Fields.OT_ANOMALIES));
    }

    @Test
    void cdpWithoutDeviceIdIsMarked() {
        // tshark shows a message of only a Port ID without complaint; it names no device
        cdp(cdpTlv(0x0003, text("Gi0/1")));
        EventDoc e = only("cdp");
        assertEquals("Gi0/1", e.getString(LinkFields.CDP_PORT_ID));
        assertEquals(List.of("cdp_device_id_missing"), e.get(Fields.OT_ANOMALIES));
        assertNull(identity().get(LinkFields.DEVICE_CHASSIS_ID));
    }

    @Test
    void cdpTlvLongerThanTheFrameIsMalformed() {
        byte[] device = cdpTlv(0x0001, text("sw1"));
        device[3] = 60;
        cdp(device);
        assertMalformed("cdp", "cdp_tlv_truncated");
    }

    @Test
    void cdpHeaderCutShortIsMalformed() {
        w.ethernet(Frames.llcSnap(CDP_MULTICAST, CISCO_PORT, CISCO_OUI, CDP_PROTOCOL_ID, bytes(2, 180)));
        assertMalformed("cdp", "cdp_truncated");
    }

    @Test
    void cdpAddressCountLargerThanTheListStopsAtItsEnd() {
        byte[] list = addresses(nlpidIpv4(10, 0, 0, 1));
        list[3] = (byte) 200; // 200 addresses claimed, one present
        cdp(cdpTlv(0x0001, text("sw1")), cdpTlv(0x0002, list));
        assertEquals(List.of("10.0.0.1"), only("cdp").get(LinkFields.CDP_ADDRESSES));
    }

    @Test
    void otherSnapProtocolsAreNotCdp() {
        // Cisco OUI with protocol 0x2004 (DTP) and an LLC frame without SNAP (STP) go to no dissector
        w.ethernet(Frames.llcSnap(CDP_MULTICAST, CISCO_PORT, CISCO_OUI, 0x2004, bytes(1, 2, 3, 4)));
        w.ethernet(Frames.ethernet("01:80:c2:00:00:00", CISCO_PORT, 7, bytes(0x42, 0x42, 0x03, 0, 0, 0, 0)));
        assertEquals(List.of(), w.transactions());
        assertEquals(2L, w.decodeStats().otherLink);
    }

    private void assertMalformed(String protocol, String reason) {
        List<EventDoc> l = w.transactions();
        assertEquals(1, l.size(), l::toString);
        EventDoc e = l.get(0);
        assertEquals(Values.ACTION_MALFORMED, e.getString(Fields.EVENT_ACTION));
        assertEquals(protocol, e.getString(Fields.NETWORK_PROTOCOL));
        assertEquals(reason, e.getString(Fields.OT_MALFORMED_REASON));
        assertEquals(1L, w.counter(protocol + ".malformed"));
        assertEquals(List.of(), w.identities);
    }
}
