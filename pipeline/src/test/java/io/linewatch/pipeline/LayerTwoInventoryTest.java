package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.schema.LinkFields;
import io.linewatch.model.schema.ProfinetFields;
import io.linewatch.testkit.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer 2 into the inventory through the real pipeline (one thread and worker threads): a PROFINET station name from
 * a public DCP capture, and a switch with the port a device hangs off from CDP and LLDP frames written here (no
 * public CDP capture is at hand; the bytes follow Wireshark packet-cdp.c / IEEE 802.1AB and tshark decodes them the
 * same, see docs/PROTOCOLS.md).
 */
class LayerTwoInventoryTest {
    @TempDir
    Path dir;

    /** tshark: Ident OK from 08:00:06:93:cf:32, NameOfStation "X208-BORD", DeviceVendorValue "INC", VendorID 0x002a, DeviceID 0x0a01, IO-Device, IP 192.168.0.6. */
    @Test
    void profinetStationNameAndIdentityFromDcp() throws Exception {
        for (int threads : new int[] {1, 2}) {
            Path out = dir.resolve("dcp" + threads);
            Analyze.run(out, threads, Analyze.capture("profinet/iti_profinet_dcp_change_ip.pcap"));
            EventDoc d = byIp(assets(out), "192.168.0.6");
            assertEquals("X208-BORD", d.getString(Fields.DEVICE_STATION_NAME));
            assertEquals("INC", d.getString(Fields.DEVICE_MODEL_NAME));
            assertEquals("0x002a", d.getString(ProfinetFields.ASSET_VENDOR_ID));
            assertEquals("0x0a01", d.getString(ProfinetFields.ASSET_DEVICE_ID));
            assertEquals("io_device", d.getString(ProfinetFields.ASSET_ROLE));
            assertEquals("io_adapter", d.getString(Fields.ASSET_ROLE));
            assertEquals(List.of("08:00:06:93:cf:32"), d.get(Fields.HOST_MAC));
            String alerts = Files.readString(out.resolve("alerts.ndjson"));
            assertTrue(alerts.contains("LW-ENG-012"), alerts); // the Set IP that follows
        }
    }

    @Test
    void switchAndThePortADeviceHangsOff() throws Exception {
        Path capture = dir.resolve("cdp_lldp.pcap");
        try (PcapWriter w = PcapWriter.create(capture, PcapWriter.Resolution.MICROS)) {
            w.frame(1_700_000_000_000_000_000L, cdpFrame());
            w.frame(1_700_000_001_000_000_000L, lldpFrame());
        }
        for (int threads : new int[] {1, 2}) {
            Path out = dir.resolve("link" + threads);
            Analyze.run(out, threads, capture);
            List<EventDoc> assets = assets(out);
            EventDoc sw = byIp(assets, "10.0.0.2");
            assertEquals("switch", sw.getString(Fields.ASSET_ROLE));
            assertEquals("sw-cell-1", sw.getString(Fields.HOST_NAME));
            assertEquals("cisco WS-C2960-24TT-L", sw.getString(Fields.DEVICE_MODEL_NAME));
            assertEquals("10.0.0.2", sw.getString(LinkFields.DEVICE_MANAGEMENT_ADDRESS));
            assertEquals("switch,igmp", sw.getString(LinkFields.DEVICE_CAPABILITIES));
            // the PLC advertises no address: an asset known by its MAC, attached to the switch port at the other end
            EventDoc plc = byId(assets, "00:1b:1b:aa:bb:cc");
            assertEquals("plc-line-3", plc.getString(Fields.HOST_NAME));
            assertEquals(sw.getString(Fields.ASSET_ID), plc.getString(LinkFields.ATTACHMENT_SWITCH_ID));
            assertEquals("sw-cell-1", plc.getString(LinkFields.ATTACHMENT_SWITCH_NAME));
            assertEquals("GigabitEthernet0/5", plc.getString(LinkFields.ATTACHMENT_PORT_ID));
            assertEquals("cdp", plc.getString(LinkFields.ATTACHMENT_PROTOCOL));
            assertEquals(null, sw.get(LinkFields.ATTACHMENT_SWITCH_ID)); // a switch does not hang off an end device
        }
    }

    /** CDP v2 from 00:1e:bd:11:22:33 to 01:00:0c:cc:cc:cc: 802.3 length, LLC/SNAP, then TLVs (packet-cdp.c). */
    static byte[] cdpFrame() {
        ByteArrayOutputStream cdp = new ByteArrayOutputStream();
        cdp.writeBytes(new byte[] {(byte) 0xaa, (byte) 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00}); // LLC/SNAP Cisco 0x2000
        cdp.writeBytes(new byte[] {0x02, (byte) 180, 0x00, 0x00}); // version 2, hold time 180 s, checksum
        tlv(cdp, 0x0001, text("sw-cell-1"));                       // Device ID
        tlv(cdp, 0x0002, new byte[] {0, 0, 0, 1, 1, 1, (byte) 0xcc, 0, 4, 10, 0, 0, 2}); // Addresses: 1, NLPID IP 10.0.0.2
        tlv(cdp, 0x0003, text("GigabitEthernet0/5"));              // Port ID
        tlv(cdp, 0x0004, new byte[] {0, 0, 0, 0x28});              // Capabilities: switch (0x08) + IGMP (0x20)
        tlv(cdp, 0x0005, text("Cisco IOS Software, C2960 Software, Version 15.0(2)SE"));
        tlv(cdp, 0x0006, text("cisco WS-C2960-24TT-L"));           // Platform
        tlv(cdp, 0x000a, new byte[] {0, 1});                       // Native VLAN 1
        byte[] payload = cdp.toByteArray();
        return ethernet(mac(0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc), mac(0x00, 0x1e, 0xbd, 0x11, 0x22, 0x33), payload.length, payload);
    }

    /** LLDP from the PLC 00:1b:1b:aa:bb:cc to 01:80:c2:00:00:0e (IEEE 802.1AB §8.5). */
    static byte[] lldpFrame() {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        lldpTlv(l, 1, concat(new byte[] {7}, text("plc-line-3")));   // Chassis ID, locally assigned
        lldpTlv(l, 2, concat(new byte[] {7}, text("port-001")));     // Port ID, locally assigned
        lldpTlv(l, 3, new byte[] {0, 20});                           // TTL 20 s
        lldpTlv(l, 5, text("plc-line-3"));                           // System name
        lldpTlv(l, 6, text("Siemens, SIMATIC S7, CPU 1516-3 PN/DP"));  // System description
        lldpTlv(l, 7, new byte[] {0, (byte) 0x80, 0, (byte) 0x80});  // Capabilities: station only
        lldpTlv(l, 0, new byte[0]);                                  // End
        return ethernet(mac(0x01, 0x80, 0xc2, 0, 0, 0x0e), mac(0x00, 0x1b, 0x1b, 0xaa, 0xbb, 0xcc), 0x88cc, l.toByteArray());
    }

    private static void tlv(ByteArrayOutputStream out, int type, byte[] value) {
        int len = value.length + 4;
        out.writeBytes(new byte[] {(byte) (type >> 8), (byte) type, (byte) (len >> 8), (byte) len});
        out.writeBytes(value);
    }

    private static void lldpTlv(ByteArrayOutputStream out, int type, byte[] value) {
        int header = (type << 9) | value.length;
        out.writeBytes(new byte[] {(byte) (header >> 8), (byte) header});
        out.writeBytes(value);
    }

    private static byte[] ethernet(byte[] dst, byte[] src, int typeOrLength, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(dst);
        f.writeBytes(src);
        f.writeBytes(new byte[] {(byte) (typeOrLength >> 8), (byte) typeOrLength});
        f.writeBytes(payload);
        while (f.size() < 60) {
            f.write(0); // Ethernet minimum frame: padding the 802.3 length leaves out
        }
        return f.toByteArray();
    }

    private static byte[] mac(int... b) {
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) b[i];
        }
        return m;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static List<EventDoc> assets(Path out) throws Exception {
        Object parsed = Json.read(Files.readString(out.resolve("assets.json")));
        List<Object> list = parsed instanceof List<?> l ? (List<Object>) l : (List<Object>) ((Map<String, Object>) parsed).get("assets");
        return list.stream().map(o -> EventDoc.of((Map<String, Object>) o)).toList();
    }

    private static EventDoc byIp(List<EventDoc> assets, String ip) {
        return assets.stream().filter(d -> d.get(Fields.HOST_IP) instanceof List<?> l && l.contains(ip)).findFirst()
                .orElseThrow(() -> new AssertionError("no asset for " + ip + ": " + assets));
    }

    private static EventDoc byId(List<EventDoc> assets, String id) {
        return assets.stream().filter(d -> id.equals(d.getString(Fields.ASSET_ID))).findFirst()
                .orElseThrow(() -> new AssertionError("no asset " + id + ": " + assets));
    }
}
