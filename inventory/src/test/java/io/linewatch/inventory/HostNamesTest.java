package io.linewatch.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linewatch.inventory.oui.OuiRegistry;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names from name services: precedence, the segment rule, DHCP's lease binding, and no role from a name. */
class HostNamesTest {
    private static final String PLC = "10.0.0.10";
    private static final String PLC_MAC = "00:1b:1b:00:00:10";

    private static IdentityFact name(long ts, String ip, String value, String source) {
        return new IdentityFact(ts, ip, null, Fields.HOST_NAME, value, source, null);
    }

    private static EventDoc asset(AssetInventory inv, String ip) {
        return inv.assets().stream().filter(d -> List.of(ip).equals(d.get(Fields.HOST_IP))).findFirst().orElseThrow();
    }

    @Test
    void aWeakerWitnessNeverReplacesAStrongerName() {
        AssetInventory inv = new AssetInventory(OuiRegistry.shipped());
        inv.sighting(1, PLC, PLC_MAC, -1);
        inv.accept(new IdentityFact(2, PLC, PLC_MAC, Fields.HOST_NAME, "PLC_1", "s7comm.szl_0x001c", "e1"));
        inv.accept(name(3, PLC, "dhcp-name", "dhcp"));
        inv.accept(name(4, PLC, "NETBIOS-NAME", "netbios"));
        inv.accept(name(5, PLC, "plc1.plant.example", "dns"));
        assertEquals("PLC_1", asset(inv, PLC).get(Fields.HOST_NAME));
        assertEquals(3L, inv.counters().get("inventory.names_outranked"));

        // DHCP over NetBIOS over DNS, whatever the order they arrive in
        inv.sighting(1, "10.0.0.20", "00:0c:29:00:00:20", -1);
        inv.accept(name(2, "10.0.0.20", "ws20.plant.example", "dns"));
        inv.accept(name(3, "10.0.0.20", "WS20", "netbios"));
        inv.accept(name(4, "10.0.0.20", "eng-ws20", "dhcp"));
        inv.accept(name(5, "10.0.0.20", "other.plant.example", "dns"));
        EventDoc ws = asset(inv, "10.0.0.20");
        assertEquals("eng-ws20", ws.get(Fields.HOST_NAME));
        assertEquals("dhcp", ((java.util.Map<?, ?>) ws.get(Fields.ASSET_IDENTITY_SOURCE)).get(Fields.HOST_NAME));
    }

    @Test
    void dnsNamesOnlyHostsSeenOnThisSegment() {
        AssetInventory inv = new AssetInventory(OuiRegistry.shipped());
        String router = "00:00:5e:00:01:01";
        // two addresses behind the router share its MAC: neither is on this segment
        inv.sighting(1, "192.0.2.10", router, -1);
        inv.sighting(1, "192.0.2.11", router, -1);
        inv.accept(name(2, "192.0.2.10", "far.example", "dns"));
        inv.accept(name(2, "198.51.100.1", "never-seen.example", "dns"));
        assertNull(asset(inv, "192.0.2.10").get(Fields.HOST_NAME));
        assertEquals(1L, inv.counters().get("inventory.names_off_segment"));
        assertEquals(1L, inv.counters().get("inventory.names_for_unseen_hosts"));
        assertEquals(2, inv.size(), "a DNS answer creates no asset");
    }

    @Test
    void aDhcpNameWaitsForTheLeaseOfItsMac() {
        AssetInventory inv = new AssetInventory(OuiRegistry.shipped());
        String mac = "90:b1:1c:99:49:29";
        inv.sighting(1, "128.2.6.97", mac, -1); // the OFFER's address: not a lease
        inv.accept(new IdentityFact(2, null, mac, Fields.HOST_NAME, "btest.is.cool", "dhcp", null));
        assertNull(asset(inv, "128.2.6.97").get(Fields.HOST_NAME));
        assertEquals(1L, inv.counters().get("inventory.names_unbound"));
        inv.accept(new IdentityFact(3, "128.2.6.189", mac, IdentityFact.ADDRESS_BINDING, "128.2.6.189", "dhcp", null));
        assertEquals("btest.is.cool", asset(inv, "128.2.6.189").get(Fields.HOST_NAME));
        assertFalse(inv.counters().containsKey("inventory.names_unbound"));
    }

    @Test
    void aNameIsNoEvidenceOfARole() {
        AssetInventory inv = new AssetInventory(OuiRegistry.shipped());
        inv.sighting(1, "10.0.0.30", "00:0c:29:00:00:30", -1);
        inv.accept(name(2, "10.0.0.30", "HMI-30", "netbios"));
        inv.accept(new IdentityFact(2, "10.0.0.30", null, Fields.DEVICE_DHCP_VENDOR_CLASS, "MSFT 5.0", "dhcp", null));
        EventDoc d = asset(inv, "10.0.0.30");
        assertEquals("unknown", d.get(Fields.ASSET_ROLE));
        assertEquals(List.of(), d.get(AssetFields.ASSET_ROLE_EVIDENCE));
    }
}
