package io.linewatch.inventory;

import static io.linewatch.inventory.SyntheticEvents.SECOND;
import static io.linewatch.inventory.SyntheticEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linewatch.inventory.oui.OuiRegistry;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inventory resolves what a (source, destination, protocol) touches once and keeps it: what it writes must be
 * what a look-up per transaction gives, also when hosts appear after the channel was first used and when an entry
 * is capped out (counted on every transaction, as before).
 */
class InventoryChannelTest {
    private static final String CLIENT = "10.0.0.1";
    private static final String SERVER = "10.0.0.2";

    private static void read(AssetInventory inv, long ts, String client, String server) {
        inv.transaction(SyntheticEvents.transaction(ts, client, server, "modbus", "read_holding_registers", "read"));
    }

    private static EventDoc asset(AssetInventory inv, String ip) {
        return inv.assets().stream().filter(d -> ((List<?>) d.get(Fields.HOST_IP)).contains(ip)).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> peer(EventDoc host, String ip) {
        for (Map<String, Object> p : (List<Map<String, Object>>) host.get(AssetFields.ASSET_PEERS)) {
            if (ip.equals(p.get(AssetFields.PEER_IP))) {
                return p;
            }
        }
        return null;
    }

    @Test
    void hostsSeenAfterTheChannelWasFirstUsedAreCounted() {
        AssetInventory inv = new AssetInventory();
        read(inv, T0, CLIENT, SERVER); // no host yet: nothing to count
        assertNull(asset(inv, CLIENT));
        inv.sighting(T0 + 1, CLIENT, null, -1);
        inv.sighting(T0 + 1, SERVER, null, -1);
        for (int i = 0; i < 3; i++) {
            read(inv, T0 + (i + 1) * SECOND, CLIENT, SERVER);
        }
        Map<String, Object> clientSide = peer(asset(inv, CLIENT), SERVER);
        Map<String, Object> serverSide = peer(asset(inv, SERVER), CLIENT);
        assertEquals(3L, ((Number) clientSide.get(AssetFields.PEER_TRANSACTIONS)).longValue());
        assertEquals(3L, ((Number) serverSide.get(AssetFields.PEER_TRANSACTIONS)).longValue());
        assertEquals(List.of("read_holding_registers"), clientSide.get(AssetFields.PEER_FUNCTIONS));
    }

    @Test
    void aPeerCappedOutIsCountedOnEveryTransaction() {
        AssetInventory inv = new AssetInventory(OuiRegistry.shipped(), 1_000);
        inv.sighting(T0, CLIENT, null, -1);
        for (int i = 0; i <= AssetInventory.MAX_PEERS; i++) {
            String server = "10.1." + (i >>> 8) + "." + (i & 0xff);
            inv.sighting(T0, server, null, -1);
            read(inv, T0 + i, CLIENT, server);
        }
        assertEquals(1L, inv.counters().get("inventory.peers_dropped"));
        String last = "10.1." + (AssetInventory.MAX_PEERS >>> 8) + "." + (AssetInventory.MAX_PEERS & 0xff);
        read(inv, T0 + SECOND, CLIENT, last);
        read(inv, T0 + 2 * SECOND, CLIENT, last);
        assertEquals(3L, inv.counters().get("inventory.peers_dropped"));
        // the server side keeps its one peer, counted through the cached entry
        assertEquals(3L, ((Number) peer(asset(inv, last), CLIENT).get(AssetFields.PEER_TRANSACTIONS)).longValue());
    }
}
