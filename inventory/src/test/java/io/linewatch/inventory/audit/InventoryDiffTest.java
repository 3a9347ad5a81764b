package io.linewatch.inventory.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryDiffTest {
    private static EventDoc asset(String id, String ip, String role, String firmware) {
        EventDoc d = new EventDoc();
        d.put(Fields.ASSET_ID, id);
        d.put(Fields.HOST_IP, List.of(ip));
        d.put(Fields.ASSET_ROLE, role);
        d.put(Fields.DEVICE_FIRMWARE_VERSION, firmware);
        d.put(Fields.ASSET_PROTOCOLS, List.of(Map.of("protocol", "modbus", "as", "server")));
        return d;
    }

    @Test
    void newGoneAndChangedDevicesWithFieldChanges() {
        List<EventDoc> before = List.of(
                asset("00:0e:8c:00:00:01", "10.0.0.1", "plc", "V3.2.8"),
                asset("00:0e:8c:00:00:02", "10.0.0.2", "plc", "V1.0"),
                asset("00:0e:8c:00:00:03", "10.0.0.3", "hmi", null));
        List<EventDoc> after = List.of(
                asset("00:0e:8c:00:00:01", "10.0.0.1", "plc", "V3.3.17"),     // firmware updated
                asset("00:0e:8c:00:00:03", "10.0.0.3", "hmi", null),          // unchanged
                asset("00:0e:8c:00:00:09", "10.0.0.9", "it_host", null));     // a printer appeared
        InventoryDiff.Result r = InventoryDiff.compare(before, after);
        assertEquals(List.of("00:0e:8c:00:00:09"), r.added().stream().map(d -> d.getString(Fields.ASSET_ID)).toList());
        assertEquals(List.of("00:0e:8c:00:00:02"), r.removed().stream().map(d -> d.getString(Fields.ASSET_ID)).toList());
        assertEquals(1, r.changed().size());
        InventoryDiff.Changed c = r.changed().get(0);
        assertEquals("00:0e:8c:00:00:01", c.assetId());
        assertEquals(List.of(new InventoryDiff.FieldChange(Fields.DEVICE_FIRMWARE_VERSION, "V3.2.8", "V3.3.17")), c.changes());
        String report = InventoryDiff.report(r);
        assertTrue(report.startsWith("1 new, 1 gone, 1 changed\n"), report);
        assertTrue(report.contains("    device.firmware.version: V3.2.8 -> V3.3.17\n"), report);
        assertTrue(report.contains("+ 00:0e:8c:00:00:09 (10.0.0.9) asset.role=it_host"), report);
    }

    @Test
    void deviceWhoseIdMovedFromIpToMacIsPairedByIp() {
        List<EventDoc> before = List.of(asset("10.0.0.5", "10.0.0.5", "unknown", null));
        List<EventDoc> after = List.of(asset("00:0e:8c:00:00:05", "10.0.0.5", "plc", null));
        InventoryDiff.Result r = InventoryDiff.compare(before, after);
        assertTrue(r.added().isEmpty() && r.removed().isEmpty());
        List<InventoryDiff.FieldChange> ch = r.changed().get(0).changes();
        assertEquals(new InventoryDiff.FieldChange(Fields.ASSET_ID, "10.0.0.5", "00:0e:8c:00:00:05"), ch.get(0));
        assertEquals(new InventoryDiff.FieldChange(Fields.ASSET_ROLE, "unknown", "plc"), ch.get(1));
    }

    @Test
    void identicalInventoriesDoNotDiffer() {
        List<EventDoc> a = List.of(asset("x", "10.0.0.1", "plc", "1"));
        assertTrue(InventoryDiff.compare(a, a).isEmpty());
        assertEquals("0 new, 0 gone, 0 changed\n", InventoryDiff.report(InventoryDiff.compare(a, a)));
    }
}
