package io.linewatch.inventory;

import static io.linewatch.inventory.SyntheticEvents.SECOND;
import static io.linewatch.inventory.SyntheticEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Json;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 16, defect 2: what {@link AssetInventory#assets()} writes, {@link AssetInventory#restore} reads back. */
class InventoryRestoreTest {
    private static final String PLC = "10.0.0.2";
    private static final String PLC_MAC = "00:1b:1b:01:02:03";
    private static final String HMI = "10.0.0.1";

    private static AssetInventory populated() {
        AssetInventory inv = new AssetInventory();
        inv.sighting(T0, PLC, PLC_MAC, 7);
        inv.sighting(T0, HMI, "00:0e:8c:04:05:06", 7);
        for (int i = 0; i < 20; i++) {
            inv.transaction(SyntheticEvents.transaction(T0 + i * SECOND, HMI, PLC, "modbus", "read_holding_registers", "read"));
        }
        inv.flowEnded(SyntheticEvents.flow(T0, T0 + 30 * SECOND, HMI, PLC, "tcp", 502, 44, 20));
        inv.flowEnded(SyntheticEvents.flow(T0, T0 + 30 * SECOND, HMI, "10.0.0.9", "tcp", 80, 10, 5));
        inv.accept(new IdentityFact(T0 + SECOND, PLC, PLC_MAC, Fields.DEVICE_FIRMWARE_VERSION, "V3.2.8", "s7comm.szl_0x0011", "ev1"));
        inv.accept(new IdentityFact(T0 + 9 * SECOND, PLC, PLC_MAC, Fields.DEVICE_FIRMWARE_VERSION, "V3.3.17", "s7comm.szl_0x0011", "ev2"));
        inv.accept(new IdentityFact(T0 + 2 * SECOND, PLC, PLC_MAC, Fields.DEVICE_MODEL_NAME, "CPU 315-2 PN/DP", "s7comm.szl_0x001c", "ev3"));
        inv.sighting(T0 + 40 * SECOND, PLC, PLC_MAC, 7);
        return inv;
    }

    /** Through JSON text, as assets.json holds it. */
    private static List<EventDoc> throughJson(List<EventDoc> docs) {
        StringWriter w = new StringWriter();
        Json.writePretty(w, docs.stream().map(EventDoc::asMap).toList());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> read = (List<Map<String, Object>>) Json.read(w.toString());
        return read.stream().map(EventDoc::of).toList();
    }

    private static String text(List<EventDoc> docs) {
        return Json.writeValue(docs.stream().map(EventDoc::asMap).toList());
    }

    @Test
    void assetsRoundTripThroughRestore() {
        List<EventDoc> before = populated().assets();
        AssetInventory restored = new AssetInventory();
        assertEquals(before.size(), restored.restore(throughJson(before)));
        assertEquals(text(before), text(restored.assets()));
        assertTrue(text(before).contains("identity_history"), text(before));
    }

    @Test
    void aRestoredInventoryGoesOnLearning() {
        List<EventDoc> before = populated().assets();
        AssetInventory restored = new AssetInventory();
        restored.restore(throughJson(before));
        restored.sighting(T0 + 3600 * SECOND, PLC, PLC_MAC, 7);
        restored.accept(new IdentityFact(T0 + 3600 * SECOND, PLC, PLC_MAC, Fields.DEVICE_FIRMWARE_VERSION, "V3.3.18",
                "s7comm.szl_0x0011", "ev9"));
        EventDoc plc = restored.assets().stream().filter(d -> d.getString(Fields.ASSET_ID).equals(PLC_MAC)).findFirst()
                .orElseThrow();
        assertEquals("V3.3.18", plc.getString(Fields.DEVICE_FIRMWARE_VERSION));
        assertEquals(before.stream().filter(d -> d.getString(Fields.ASSET_ID).equals(PLC_MAC)).findFirst().orElseThrow()
                .getString(Fields.ASSET_FIRST_SEEN), plc.getString(Fields.ASSET_FIRST_SEEN), "first seen kept");
        assertEquals(2, ((List<?>) plc.get(AssetFields.ASSET_IDENTITY_HISTORY)).size());
        assertEquals("plc", plc.getString(Fields.ASSET_ROLE), "the role learned before the restart stands");
    }
}
