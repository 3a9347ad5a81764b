package io.linewatch.dissectors.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.TestCaptures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostNameDissectorTest {
    private static CaptureRunner run(String capture) {
        return CaptureRunner.run(TestCaptures.path("names/" + capture), DissectorWiring.of(HostNameFactory.factories()));
    }

    @Test
    void dhcpNamesTheClientByItsMacAndTheAckLeasesItsAddress() {
        // tshark -T fields -e dhcp.option.dhcp -e dhcp.hw.mac_addr -e dhcp.ip.your -e dhcp.option.hostname:
        // requests (1, 3, 3, 8) carry host name btest.is.cool; the ACK (5) leases 128.2.6.189; the OFFER (2) is no lease
        CaptureRunner r = run("zeek_dhcp_lease_hostname.pcap");
        List<IdentityFact> names = r.identities.stream().filter(f -> f.field().equals(Fields.HOST_NAME)).toList();
        assertEquals(4, names.size());
        assertTrue(names.stream().allMatch(f -> f.ip() == null && "90:b1:1c:99:49:29".equals(f.mac())
                && "btest.is.cool".equals(f.value()) && "dhcp".equals(f.source()) && f.eventId() == null));
        List<IdentityFact> leases = r.identities.stream().filter(f -> f.field().equals(IdentityFact.ADDRESS_BINDING)).toList();
        assertEquals(1, leases.size());
        assertEquals("128.2.6.189", leases.get(0).ip());
        assertEquals("90:b1:1c:99:49:29", leases.get(0).mac());
        assertEquals(4L, r.counters().get("dhcp.identity_facts"));
        // identity, not transactions: only flow records are written
        assertTrue(r.events.stream().allMatch(e -> "linewatch.flow".equals(e.getString(Fields.EVENT_DATASET))));
    }

    @Test
    void mdnsKeepsOnlyWhatAHostSaysAboutItself() {
        // tshark: 10.0.2.7 answers A 10.0.2.7 and PTR 7.2.0.10.in-addr.arpa -> johanna-QEMU-Virtual-Machine.local
        // (twice each); the IPv6 answers are AAAA records (not read)
        CaptureRunner r = run("zeek_mdns_self_announcement.pcap");
        assertTrue(r.identities.size() >= 1);
        assertTrue(r.identities.stream().allMatch(f -> f.ip().equals("10.0.2.7") && f.source().equals("mdns")
                && f.value().equals("johanna-QEMU-Virtual-Machine.local") && f.field().equals(Fields.HOST_NAME)));
    }

    @Test
    void netbiosRegistrationNamesItsSender() {
        byte[] packet = nbnsRegistration("HMI-01", 0x00, 0x0000, "10.0.0.5");
        long[] notSelf = new long[1];
        assertEquals(List.of(new NameFact("10.0.0.5", null, Fields.HOST_NAME, "HMI-01")),
                NbnsDecoder.names(packet, 0, packet.length, "10.0.0.5", notSelf));
        // a WINS server's record about another address is not taken
        assertEquals(List.of(), NbnsDecoder.names(packet, 0, packet.length, "10.0.0.1", notSelf));
        assertEquals(1, notSelf[0]);
        // group names (the workgroup, flag G) and service suffixes (0x1D master browser) are not machine names
        byte[] group = nbnsRegistration("WORKGROUP", 0x00, 0x8000, "10.0.0.5");
        assertEquals(List.of(), NbnsDecoder.names(group, 0, group.length, "10.0.0.5", notSelf));
        byte[] browser = nbnsRegistration("HMI-01", 0x1D, 0x0000, "10.0.0.5");
        assertEquals(List.of(), NbnsDecoder.names(browser, 0, browser.length, "10.0.0.5", notSelf));
    }

    @Test
    void dnsPtrAnswerNamesTheAddress() {
        byte[] answer = dnsPtrAnswer("9.0.0.10.in-addr.arpa", "historian.plant.local");
        assertEquals(List.of(new NameFact("10.0.0.9", null, Fields.HOST_NAME, "historian.plant.local")),
                DnsDecoder.names(answer, 0, answer.length, "10.0.0.53", false, new long[1]));
        // the same as a query binds nothing
        answer[2] &= 0x7F;
        assertEquals(List.of(), DnsDecoder.names(answer, 0, answer.length, "10.0.0.53", false, new long[1]));
    }

    @Test
    void badBytesAreDecodeErrorsNeverLoops() {
        byte[] loop = {0, 1, (byte) 0x81, (byte) 0x80, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
        assertThrows(DecodeException.class, () -> DnsDecoder.names(loop, 0, loop.length, "1.2.3.4", false, new long[1]));
        byte[] shortHeader = {0, 1, 2};
        assertThrows(DecodeException.class, () -> NbnsDecoder.names(shortHeader, 0, 3, "1.2.3.4", new long[1]));
        byte[] notDhcp = new byte[300];
        notDhcp[0] = 7;
        assertThrows(DecodeException.class, () -> DhcpDecoder.facts(notDhcp, 0, notDhcp.length));
    }

    /** A name registration request (opcode 5, RFC 1002 4.2.2): question plus the NB record in the additional section. */
    static byte[] nbnsRegistration(String name, int suffix, int nbFlags, String ip) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, 0x1234);
        u16(b, 0x2910); // opcode 5 registration, recursion desired, broadcast
        u16(b, 1);
        u16(b, 0);
        u16(b, 0);
        u16(b, 1);
        b.write(32);
        byte[] padded = (name + " ".repeat(15 - name.length())).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 16; i++) {
            int c = i < 15 ? padded[i] : suffix;
            b.write('A' + ((c >> 4) & 0xF));
            b.write('A' + (c & 0xF));
        }
        b.write(0);
        u16(b, 0x20);
        u16(b, 1);
        u16(b, 0xC00C); // the additional record's name points at the question's
        u16(b, 0x20);
        u16(b, 1);
        u16(b, 0);
        u16(b, 300_000 & 0xFFFF);
        u16(b, 6);
        u16(b, nbFlags);
        for (String octet : ip.split("\\.")) {
            b.write(Integer.parseInt(octet));
        }
        return b.toByteArray();
    }

    static byte[] dnsPtrAnswer(String owner, String target) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, 0x4242);
        u16(b, 0x8180); // response, RD, RA, no error
        u16(b, 1);
        u16(b, 1);
        u16(b, 0);
        u16(b, 0);
        name(b, owner);
        u16(b, 12);
        u16(b, 1);
        u16(b, 0xC00C);
        u16(b, 12);
        u16(b, 1);
        u16(b, 0);
        u16(b, 3600);
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        name(rdata, target);
        u16(b, rdata.size());
        b.writeBytes(rdata.toByteArray());
        return b.toByteArray();
    }

    private static void name(ByteArrayOutputStream b, String name) {
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        b.write(0);
    }

    private static void u16(ByteArrayOutputStream b, int v) {
        b.write(v >> 8 & 0xFF);
        b.write(v & 0xFF);
    }
}
