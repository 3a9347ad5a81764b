package io.linewatch.dissectors.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.PcapWriter;
import io.linewatch.testkit.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PROFINET DCP, LLDP and CDP captured on Linux's "any" device (Linux cooked capture v1 and v2, where the protocol
 * field carries the EtherType, 0x0004 for 802.2 LLC): the public captures converted frame by frame with the testkit's
 * PcapWriter give the same records as over Ethernet, except the destination MAC the cooked header does not carry.
 * Header layouts: libpcap sll.h ({@code LINKTYPE_LINUX_SLL} 113, {@code LINKTYPE_LINUX_SLL2} 276).
 */
class LinkCookedCaptureTest {
    private static final int ARPHRD_ETHER = 1;
    private static final int LINUX_SLL_P_802_2 = 0x0004;
    /** sll.h packet types: to us, broadcast, multicast, to another host. */
    private static final int PACKET_BROADCAST = 1;
    private static final int PACKET_MULTICAST = 2;
    private static final int PACKET_OTHERHOST = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        "profinet/iti_profinet_dcp_change_ip",
        "profinet/iti_profinet_dcp_vlan_identify_set_name",
        "lldp/iti_profinet_failed_lldp_scalance",
        "enip/quickdraw_cl5000eip_firmware_change",
    })
    void cookedCapturesGiveTheSameRecords(String name) throws Exception {
        Path ethernet = TestCaptures.path(name + ".pcap");
        CaptureRunner ethernetRun = CaptureRunner.run(ethernet, DissectorWiring.link(Dissectors.link()));
        List<Map<String, Object>> expected = comparable(ethernetRun);
        assertFalse(expected.isEmpty());
        for (int linkType : new int[] {LinkTypes.LINUX_SLL, LinkTypes.LINUX_SLL2}) {
            Path cooked = convert(ethernet, linkType);
            CaptureRunner r = CaptureRunner.run(cooked, DissectorWiring.link(Dissectors.link()));
            assertEquals(expected, comparable(r), name + " as link type " + linkType);
            assertEquals(senders(ethernetRun), senders(r), "the sender's MAC is in the cooked header");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * The layer-2 records as maps without what a cooked header cannot tell: the destination MAC (so neither the
     * requester of a response nor the id made from the MAC pair); the sender's MAC is checked apart.
     */
    private static List<Map<String, Object>> comparable(CaptureRunner r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EventDoc e : r.transactions()) {
            String protocol = e.getString(Fields.NETWORK_PROTOCOL);
            if (!List.of("profinet_dcp", "lldp", "cdp").contains(protocol)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>(e.asMap());
            m.remove("event");
            m.put("action", e.getString(Fields.EVENT_ACTION));
            for (String end : List.of("source", "destination")) {
                Map<String, Object> withoutMac = new LinkedHashMap<>(map(m.get(end)));
                withoutMac.remove("mac");
                if (withoutMac.isEmpty()) {
                    m.remove(end);
                } else {
                    m.put(end, withoutMac);
                }
            }
            out.add(m);
        }
        return out;
    }

    /** Identity facts are about the frame's sender, whose MAC the cooked header carries: the same on both. */
    private static List<String> senders(CaptureRunner r) {
        return r.identities.stream().map(f -> f.mac() + " " + f.field() + "=" + f.value()).toList();
    }

    /** Each Ethernet frame of {@code capture} rewritten behind a cooked header of {@code linkType}. */
    private Path convert(Path capture, int linkType) throws IOException, CaptureException {
        Path out = dir.resolve(capture.getFileName() + "." + linkType + ".pcap");
        try (CaptureFileReader reader = new CaptureFileReader(capture);
             PcapWriter writer = PcapWriter.create(out, PcapWriter.Resolution.NANOS, linkType)) {
            Frame f = new Frame();
            while (reader.next(f)) {
                byte[] cooked = cook(Arrays.copyOf(f.data, f.capturedLength), linkType);
                writer.frame(f.timestampNanos, cooked);
            }
        }
        return out;
    }

    private static byte[] cook(byte[] eth, int linkType) {
        int type = u16(eth, 12);
        // an 802.3 frame (length field) is 802.2 LLC: the cooked protocol says so and the LLC follows (length dropped)
        int protocol = type <= 1500 ? LINUX_SLL_P_802_2 : type;
        byte[] payload = Arrays.copyOfRange(eth, 14, type <= 1500 ? Math.min(eth.length, 14 + type) : eth.length);
        int packetType = (eth[0] & 0xff) == 0xff && (eth[1] & 0xff) == 0xff ? PACKET_BROADCAST
                : (eth[0] & 1) != 0 ? PACKET_MULTICAST : PACKET_OTHERHOST;
        byte[] header;
        if (linkType == LinkTypes.LINUX_SLL) {
            // packet type(2), ARPHRD type(2), address length(2), address(8), protocol(2)
            header = new byte[16];
            put16(header, 0, packetType);
            put16(header, 2, ARPHRD_ETHER);
            put16(header, 4, 6);
            System.arraycopy(eth, 6, header, 6, 6);
            put16(header, 14, protocol);
        } else {
            // protocol(2), reserved(2), interface index(4), ARPHRD type(2), packet type(1), address length(1), address(8)
            header = new byte[20];
            put16(header, 0, protocol);
            header[7] = 2;
            put16(header, 8, ARPHRD_ETHER);
            header[10] = (byte) packetType;
            header[11] = 6;
            System.arraycopy(eth, 6, header, 12, 6);
        }
        byte[] out = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }
}
