package io.linewatch.console;

import io.linewatch.model.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An output directory of a made-up plant, for measuring the map at scale: {@code devices} devices in 45 subnets (the
 * first 5 with 100 devices each, over the map's collapse threshold), one PLC per subnet polled by every other device
 * of its subnet, HMIs writing to it, a cross-subnet link per subnet and one engineering workstation programming
 * every PLC. The last device of each subnet is its switch, and every other device hangs off a port of it
 * ({@code asset.attachment.*}, as the inventory writes it from LLDP/CDP): the map's physical layer at its largest.
 * Documents have the shapes the sensor writes (assets.json, events.ndjson).
 */
final class SyntheticPlant {
    static final int SUBNETS = 45;

    private SyntheticPlant() {
    }

    static String ip(int subnet, int device) {
        return "10." + subnet + ".0." + (device + 1);
    }

    static String mac(int subnet, int device) {
        return String.format("02:00:00:00:%02x:%02x", subnet, device);
    }

    static int size(int subnet, int devices) {
        int big = Math.min(5, SUBNETS);
        if (subnet < big) {
            return 100;
        }
        int rest = devices - big * 100;
        int others = SUBNETS - big;
        return rest / others + (subnet - big < rest % others ? 1 : 0);
    }

    @SuppressWarnings("unchecked")
    static Path write(Path dir, int devices) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, Object>> assets = new ArrayList<>();
        long t = Instant.parse("2024-03-01T08:00:00Z").toEpochMilli();
        int seq = 0;
        try (Writer events = Files.newBufferedWriter(dir.resolve("events.ndjson"), StandardCharsets.UTF_8)) {
            for (int g = 0; g < SUBNETS; g++) {
                int n = size(g, devices);
                for (int k = 0; k < n; k++) {
                    String role = k == 0 ? "plc" : k <= 2 ? "hmi" : k == n - 1 ? "switch" : k % 2 == 0 ? "io_adapter" : "it_host";
                    if (g == 0 && k == 1) {
                        role = "engineering_workstation";
                    }
                    Map<String, Object> a = asset(ip(g, k), mac(g, k), role, g < 3 ? String.valueOf(100 + g) : null);
                    if (k < n - 1) {
                        ((Map<String, Object>) a.get("asset")).put("attachment", Map.of("switch_id", mac(g, n - 1),
                                "switch_name", "sw-" + g, "port_id", "Gi1/0/" + (k + 1), "protocol", "lldp",
                                "basis", "both ends of one link heard"));
                    }
                    assets.add(a);
                    if (k > 0) {
                        events.write(event(seq++, t + seq * 100L, ip(g, k), ip(g, 0), "read_holding_registers", "read") + "\n");
                    }
                    if (role.equals("hmi")) {
                        events.write(event(seq++, t + seq * 100L, ip(g, k), ip(g, 0), "write_single_register", "write") + "\n");
                    }
                }
                events.write(event(seq++, t + seq * 100L, ip(g, 1), ip((g + 1) % SUBNETS, 0), "read_coils", "read") + "\n");
                events.write(event(seq++, t + seq * 100L, ip(0, 1), ip(g, 0), "program_download", "program") + "\n");
            }
        }
        Files.writeString(dir.resolve("assets.json"), Json.writeValue(assets), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("alerts.ndjson"), "", StandardCharsets.UTF_8);
        return dir;
    }

    private static Map<String, Object> asset(String ip, String mac, String role, String vlan) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("asset", new LinkedHashMap<>(Map.of("id", mac, "role", role, "first_seen", "2024-03-01T08:00:00.000000Z",
                "last_seen", "2024-03-01T09:00:00.000000Z")));
        a.put("host", Map.of("ip", List.of(ip), "mac", List.of(mac)));
        if (vlan != null) {
            a.put("network", Map.of("vlan", Map.of("id", List.of(vlan))));
        }
        a.put("device", Map.of("manufacturer", role.equals("plc") ? "Schneider Electric" : "Generic"));
        return a;
    }

    private static String event(int seq, long millis, String src, String dst, String action, String operation) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("@timestamp", Instant.ofEpochMilli(millis).toString());
        e.put("event", Map.of("id", "synthetic-" + seq, "kind", "event", "dataset", "linewatch.modbus", "action", action,
                "outcome", "success"));
        e.put("source", Map.of("ip", src));
        e.put("destination", Map.of("ip", dst, "port", 502));
        e.put("network", Map.of("transport", "tcp", "protocol", "modbus"));
        e.put("ot", Map.of("seen", "both", "operation", operation));
        return Json.writeValue(e);
    }
}
