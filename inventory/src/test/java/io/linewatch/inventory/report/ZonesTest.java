package io.linewatch.inventory.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZonesTest {
    private static Zones zones(Object tree) throws ReportException {
        return Zones.fromTree(tree, "zones.yaml");
    }

    @Test
    void longestPrefixThenVlan() throws Exception {
        Zones z = zones(Map.of("zones", List.of(
                Map.of("name", "Plant", "cidrs", List.of("10.0.0.0/8"), "level", 3),
                Map.of("name", "Line 3", "cidrs", List.of("10.3.1.0/24", "fd00:3::/64"), "vlans", List.of(31), "level", 1),
                Map.of("name", "DMZ", "vlans", List.of("99"), "level", "3.5"))));
        assertEquals("Line 3", z.zoneOf("10.3.1.7", Set.of()).name());
        assertEquals("Plant", z.zoneOf("10.3.2.7", Set.of(31)).name(), "an address match wins over a VLAN");
        assertEquals("Line 3", z.zoneOf("fd00:3::17", Set.of()).name());
        assertEquals("DMZ", z.zoneOf("192.168.1.1", Set.of(99)).name());
        assertEquals("3.5", z.zoneOf("192.168.1.1", Set.of(99)).levelText());
        assertEquals("1", z.zoneOf("10.3.1.7", Set.of()).levelText());
        assertNull(z.zoneOf("192.168.1.1", Set.of(5)));
        assertNull(z.zoneOf("not-an-address", Set.of()));
    }

    @Test
    void mistakesAreNamed() {
        assertMessage(List.of(Map.of("name", "A", "cidrs", List.of("10.0.0.0/33"))), "zone 'A': '10.0.0.0/33' has a prefix outside 0-32");
        assertMessage(List.of(Map.of("name", "A", "cidrs", List.of("plc.example"))), "is not an address or CIDR block");
        assertMessage(List.of(Map.of("name", "A")), "lists neither cidrs nor vlans");
        assertMessage(List.of(Map.of("name", "A", "vlans", List.of(5000))), "outside 0-4095");
        assertMessage(List.of(Map.of("name", "A", "vlans", List.of(1), "level", 7)), "outside the Purdue levels");
        assertMessage(List.of(Map.of("name", "A", "vlans", List.of(1), "colour", "red")), "unknown key 'colour'");
        assertMessage(List.of(Map.of("name", "A", "vlans", List.of(1)), Map.of("name", "a", "vlans", List.of(2))), "named twice");
        assertMessage(Map.of("zone", List.of()), "unknown key 'zone'");
        assertMessage("text", "expected a list of zones");
    }

    private static void assertMessage(Object tree, String part) {
        ReportException e = assertThrows(ReportException.class, () -> zones(tree));
        assertTrue(e.getMessage().startsWith("zones.yaml: ") && e.getMessage().contains(part), e.getMessage());
    }
}
