package io.linewatch.inventory;

import static io.linewatch.inventory.SyntheticEvents.SECOND;
import static io.linewatch.inventory.SyntheticEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.inventory.oui.OuiRegistry;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Issue 16, defect 3: at the host cap, the least evidenced entries go; devices with identity or industrial transactions stay. */
class InventoryCapTest {
    private static final int CAP = 1_000;

    private static String spoofed(int i) {
        return "172." + (16 + (i >>> 16)) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
    }

    private static void modbus(AssetInventory inv, long ts, String client, String server) {
        inv.sighting(ts, client, null, -1);
        inv.sighting(ts, server, null, -1);
        inv.transaction(SyntheticEvents.transaction(ts, client, server, "modbus", "write_single_register", "write"));
    }

    private static Set<String> ips(AssetInventory inv) {
        return inv.assets().stream().map(d -> String.valueOf(((List<?>) d.get(Fields.HOST_IP)).get(0)))
                .collect(Collectors.toSet());
    }

    @Test
    void genuineHostsArrivingAfterAFloodAreKept() {
        AssetInventory inv = new AssetInventory(OuiRegistry.shipped(), CAP);
        for (int i = 0; i < 1_000_000; i++) {
            inv.sighting(T0 + i, spoofed(i), null, -1);
        }
        assertEquals(CAP, inv.size());
        modbus(inv, T0 + 2_000_000, "10.0.0.1", "10.0.0.2");
        modbus(inv, T0 + 2_000_001, "10.0.0.3", "10.0.0.2");
        for (int i = 0; i < 1_000_000; i++) { // and the flood goes on
            inv.sighting(T0 + 3_000_000 + i, spoofed(i), null, -1);
        }
        assertEquals(CAP, inv.size());
        assertTrue(ips(inv).containsAll(Set.of("10.0.0.1", "10.0.0.2", "10.0.0.3")), "genuine hosts evicted");
        assertTrue(inv.counters().get("inventory.hosts_evicted") > 1_000_000);
    }

    @Test
    void identifiedDevicesStayAndARefusedHostIsCountedOnce() {
        AssetInventory inv = new AssetInventory(OuiRegistry.shipped(), 3);
        inv.accept(new IdentityFact(T0, "10.0.0.2", null, Fields.DEVICE_MODEL_NAME, "CPU 315", "s7comm.szl", "e1"));
        modbus(inv, T0 + SECOND, "10.0.0.1", "10.0.0.5");
        // full of evidenced devices: a newcomer seen many times is refused, and counted once
        for (int i = 0; i < 10; i++) {
            inv.sighting(T0 + 2 * SECOND + i, "10.9.9.9", null, -1);
        }
        assertEquals(Set.of("10.0.0.1", "10.0.0.2", "10.0.0.5"), ips(inv));
        assertEquals(1L, inv.counters().get("inventory.hosts_dropped"));
        List<EventDoc> assets = inv.assets();
        assertEquals(3, assets.size());
    }
}
