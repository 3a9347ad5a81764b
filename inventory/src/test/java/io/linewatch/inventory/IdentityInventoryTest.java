package io.linewatch.inventory;

import static io.linewatch.inventory.SyntheticEvents.SECOND;
import static io.linewatch.inventory.SyntheticEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Identity facts: current values with source and last confirmation, changes kept as history, OUI fallback. */
class IdentityInventoryTest {
    private static final String PLC_IP = "134.217.61.211";
    private static final String PLC_MAC = "00:0e:8c:aa:bb:cc"; // 00:0E:8C is assigned to Siemens AG
    private final AssetInventory inv = new AssetInventory();

    private static IdentityFact fact(long ts, String field, String value, String source, String eventId) {
        return new IdentityFact(ts, PLC_IP, PLC_MAC, field, value, source, eventId);
    }

    private EventDoc only() {
        List<EventDoc> assets = inv.assets();
        assertEquals(1, assets.size());
        return assets.get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void firmwareChangeIsKeptAsHistoryWithBothSourcesAndTime() {
        inv.sighting(T0, PLC_IP, PLC_MAC, -1);
        inv.accept(fact(T0, Fields.DEVICE_FIRMWARE_VERSION, "V3.2.8", "s7comm.szl_0x0011", "ev1"));
        inv.accept(fact(T0 + 10 * SECOND, Fields.DEVICE_FIRMWARE_VERSION, "V3.2.8", "s7comm.szl_0x0011", "ev2"));
        inv.accept(fact(T0 + 60 * SECOND, Fields.DEVICE_FIRMWARE_VERSION, "V3.3.17", "s7comm.szl_0x0011", "ev3"));
        EventDoc d = only();
        assertEquals("V3.3.17", d.getString(Fields.DEVICE_FIRMWARE_VERSION));
        List<Map<String, Object>> history = (List<Map<String, Object>>) d.get(AssetFields.ASSET_IDENTITY_HISTORY);
        assertEquals(1, history.size());
        Map<String, Object> change = history.get(0);
        assertEquals(Fields.DEVICE_FIRMWARE_VERSION, change.get("field"));
        assertEquals("V3.2.8", change.get("old_value"));
        assertEquals("V3.3.17", change.get("new_value"));
        assertEquals("2020-09-13T12:27:40.000000Z", change.get("changed_at"));
        assertEquals("s7comm.szl_0x0011", change.get("old_source"));
        assertEquals("s7comm.szl_0x0011", change.get("source"));
        assertEquals("ev3", change.get("event_id"));
    }

    private static IdentityFact behind(String route, String field, String value) {
        return new IdentityFact(T0, "192.168.10.120", null, field, value, "cip.identity.get_attributes_all", "ev", route);
    }

    /**
     * A controller in slot 0 of the module's chassis, and one two modules further (slot 2, out of its port 2 to
     * 10.0.0.5, slot 0 there): each keyed by the module it was reached through and the whole route, its own slot kept.
     */
    @Test
    void devicesBehindAModuleAreKeyedByTheModuleAndTheirRoute() {
        inv.accept(behind("1/0", Fields.DEVICE_MODEL_IDENTIFIER, "1756-L61/B"));
        inv.accept(behind("1/2,2/10.0.0.5,1/0", Fields.DEVICE_MODEL_IDENTIFIER, "1756-L73/B"));
        inv.accept(behind("1/2,2/5", Fields.DEVICE_MODEL_IDENTIFIER, "1756-CNB/D"));
        Map<String, EventDoc> byId = new java.util.TreeMap<>();
        inv.assets().forEach(d -> byId.put(d.getString(Fields.ASSET_ID), d));
        assertEquals(List.of("192.168.10.120/backplane/0", "192.168.10.120/backplane/2/port/2/10.0.0.5/backplane/0",
                "192.168.10.120/backplane/2/port/2/5"), List.copyOf(byId.keySet()));
        EventDoc far = byId.get("192.168.10.120/backplane/2/port/2/10.0.0.5/backplane/0");
        assertEquals("192.168.10.120", far.getString(Fields.ASSET_PARENT_IP));
        assertEquals("1/2,2/10.0.0.5,1/0", far.getString(Fields.ASSET_PARENT_ROUTE));
        assertEquals(0L, far.getLong(Fields.DEVICE_BACKPLANE_SLOT));
        assertNull(far.get(Fields.HOST_IP), "10.0.0.5 may be on another network: not taken for a host seen here");
        assertNull(byId.get("192.168.10.120/backplane/2/port/2/5").get(Fields.DEVICE_BACKPLANE_SLOT), "a node, not a slot");
        assertEquals(0L, byId.get("192.168.10.120/backplane/0").getLong(Fields.DEVICE_BACKPLANE_SLOT));
        // restored from assets.json under the same keys
        AssetInventory restored = new AssetInventory();
        restored.restore(inv.assets());
        assertEquals(byId.keySet(), new java.util.TreeSet<>(restored.assets().stream().map(d -> d.getString(Fields.ASSET_ID)).toList()));
    }

    /**
     * A device that serves CIP looks like a PLC until it reports what it is: "Communications Adapter" (a 1756-ENBT)
     * decides communication_module, and role(), which the rules ask, says so at once.
     */
    @Test
    void aCommunicationsAdapterIsACommunicationModuleFromTheMomentItSaysSo() {
        String enbt = "192.168.10.120";
        inv.sighting(T0, enbt, "00:00:bc:3e:eb:e4", -1);
        inv.sighting(T0, "192.168.10.105", "00:1d:09:99:b2:2c", -1);
        for (int i = 0; i < 3; i++) {
            inv.transaction(SyntheticEvents.transaction(T0 + i * SECOND, "192.168.10.105", enbt, "cip", "service_0x4d", "firmware"));
        }
        assertEquals(AssetRole.PLC, inv.role(enbt));
        inv.accept(new IdentityFact(T0 + 5 * SECOND, enbt, null, Fields.DEVICE_TYPE, "Communications Adapter",
                "enip.list_identity", "ev"));
        assertEquals(AssetRole.COMMUNICATION_MODULE, inv.role(enbt));
        EventDoc d = inv.assets().stream().filter(a -> List.of(enbt).equals(a.get(Fields.HOST_IP))).findFirst().orElseThrow();
        assertEquals("communication_module", d.getString(Fields.ASSET_ROLE));
        assertEquals("Communications Adapter", d.getString(Fields.DEVICE_TYPE));
        // what it received is on record: the firmware transfer
        String evidence = String.valueOf(d.get(AssetFields.ASSET_ROLE_EVIDENCE));
        org.junit.jupiter.api.Assertions.assertTrue(
                evidence.contains("receives firmware operations (service_0x4d x3) from 192.168.10.105"), evidence);
        assertEquals("Communication module", AssetRole.label("communication_module"));
    }

    /**
     * A PROFINET device first known by its MAC (DCP: IO device) folds into its address's host when the address is
     * seen with that MAC: role(), asked before and cached per behaviour version, then says io_adapter at once.
     */
    @Test
    void aLayer2RoleFoldedIntoAnAddressHostIsTheRoleTheRulesAreGiven() {
        String ip = "192.168.0.20";
        String mac = "00:0e:8c:12:34:56";
        inv.sighting(T0, ip, null, -1);
        assertEquals(AssetRole.UNKNOWN, inv.role(ip));
        inv.accept(new IdentityFact(T0 + SECOND, null, mac, io.linewatch.model.schema.ProfinetFields.ASSET_ROLE,
                "io_device", "profinet_dcp.identify", "ev"));
        inv.sighting(T0 + 2 * SECOND, ip, mac, -1);
        assertEquals(AssetRole.IO_ADAPTER, inv.role(ip));
        assertEquals("io_adapter", only().getString(Fields.ASSET_ROLE));
    }

    @Test
    @SuppressWarnings("unchecked")
    void confirmationUpdatesLastConfirmedAndSourceWithoutHistory() {
        inv.sighting(T0, PLC_IP, PLC_MAC, -1);
        inv.accept(fact(T0, Fields.DEVICE_MODEL_NAME, "1756-ENBT/A", "enip.list_identity", "ev1"));
        // same value, padded differently, confirmed later by another exchange
        inv.accept(fact(T0 + 5 * SECOND, Fields.DEVICE_MODEL_NAME, " 1756-ENBT/A  ", "cip.identity.get_attributes_all", "ev2"));
        EventDoc d = only();
        assertNull(d.get(AssetFields.ASSET_IDENTITY_HISTORY));
        List<Map<String, Object>> identity = (List<Map<String, Object>>) d.get(AssetFields.ASSET_IDENTITY);
        assertEquals(1, identity.size());
        Map<String, Object> r = identity.get(0);
        assertEquals("1756-ENBT/A", r.get("value"));
        assertEquals("cip.identity.get_attributes_all", r.get("source"));
        assertEquals("ev2", r.get("event_id"));
        assertEquals("2020-09-13T12:26:40.000000Z", r.get("first_seen"));
        assertEquals("2020-09-13T12:26:45.000000Z", r.get("last_confirmed"));
        assertEquals("cip.identity.get_attributes_all", ((Map<?, ?>) d.get(Fields.ASSET_IDENTITY_SOURCE)).get(Fields.DEVICE_MODEL_NAME));
    }

    @Test
    @SuppressWarnings("unchecked")
    void olderReportArrivingLateDoesNotReplaceTheCurrentValue() {
        inv.sighting(T0, PLC_IP, PLC_MAC, -1);
        inv.accept(fact(T0 + 100 * SECOND, Fields.DEVICE_FIRMWARE_VERSION, "4.03", "enip.list_identity", "new"));
        inv.accept(fact(T0, Fields.DEVICE_FIRMWARE_VERSION, "3.01", "enip.list_identity", "old"));
        EventDoc d = only();
        assertEquals("4.03", d.getString(Fields.DEVICE_FIRMWARE_VERSION));
        Map<String, Object> change = ((List<Map<String, Object>>) d.get(AssetFields.ASSET_IDENTITY_HISTORY)).get(0);
        assertEquals("3.01", change.get("old_value"));
        assertEquals("4.03", change.get("new_value"));
    }

    @Test
    void manufacturerFromOuiOnlyWhenNoProtocolSaidIt() {
        inv.sighting(T0, PLC_IP, PLC_MAC, -1);
        EventDoc d = only();
        assertEquals("Siemens AG", d.getString(Fields.DEVICE_MANUFACTURER));
        assertEquals(AssetFields.SOURCE_IEEE_OUI, ((Map<?, ?>) d.get(Fields.ASSET_IDENTITY_SOURCE)).get(Fields.DEVICE_MANUFACTURER));
        inv.accept(fact(T0 + SECOND, Fields.DEVICE_MANUFACTURER, "Rockwell Automation/Allen-Bradley", "enip.list_identity", "e"));
        d = only();
        assertEquals("Rockwell Automation/Allen-Bradley", d.getString(Fields.DEVICE_MANUFACTURER));
        assertEquals("enip.list_identity", ((Map<?, ?>) d.get(Fields.ASSET_IDENTITY_SOURCE)).get(Fields.DEVICE_MANUFACTURER));
    }

    @Test
    void routerMacSharedByManyIpsNamesNoVendorAndNoAsset() {
        inv.sighting(T0, "10.0.0.1", PLC_MAC, 5);
        inv.sighting(T0, "10.0.0.2", PLC_MAC, 5);
        for (EventDoc d : inv.assets()) {
            assertEquals(((List<?>) d.get(Fields.HOST_IP)).get(0), d.getString(Fields.ASSET_ID)); // IP-keyed
            assertNull(d.get(Fields.DEVICE_MANUFACTURER));
            assertEquals(List.of(5), d.get(Fields.NETWORK_VLAN_ID));
        }
    }

    @Test
    void incompleteFactsAreCountedNotStored() {
        inv.accept(new IdentityFact(T0, null, null, Fields.DEVICE_MODEL_NAME, "x", "s", "e"));
        inv.accept(new IdentityFact(T0, PLC_IP, null, Fields.DEVICE_MODEL_NAME, "  ", "s", "e"));
        assertEquals(2L, inv.counters().get("inventory.identity_facts_incomplete"));
        assertEquals(0, inv.size());
    }

    @Test
    void identityHistoryIsCappedKeepingTheNewest() {
        inv.sighting(T0, PLC_IP, PLC_MAC, -1);
        for (int i = 0; i <= AssetInventory.MAX_HISTORY + 5; i++) {
            inv.accept(fact(T0 + i * SECOND, Fields.DEVICE_SERIAL_NUMBER, "S" + i, "modbus.read_device_identification", "e" + i));
        }
        List<?> history = (List<?>) only().get(AssetFields.ASSET_IDENTITY_HISTORY);
        assertEquals(AssetInventory.MAX_HISTORY, history.size());
        assertEquals("S" + (AssetInventory.MAX_HISTORY + 5), ((Map<?, ?>) history.get(history.size() - 1)).get("new_value"));
        assertEquals(5L, inv.counters().get("inventory.identity_history_dropped")); // MAX+6 reports: MAX+5 changes
    }
}
