package io.linewatch.inventory.oui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OuiRegistryTest {
    private final OuiRegistry shipped = OuiRegistry.shipped();

    @Test
    void shippedRegistryNamesIndustrialVendors() {
        assertTrue(shipped.size() > 30_000, "MA-L alone has more than 30k assignments: " + shipped.size());
        assertEquals("Siemens AG", shipped.organisation("00:0e:8c:01:02:03"));
        assertEquals("Rockwell Automation", shipped.organisation("00-00-BC-11-22-33"));
        assertEquals("Cisco Systems, Inc", shipped.organisation("00:19:07:24:3c:ca"));
    }

    @Test
    void longestAssignedPrefixWins() throws Exception {
        String tsv = "001BC5\tIEEE Registration Authority\n001BC50\tSmall Vendor A\n001BC5009\tTiny Vendor B\n";
        OuiRegistry r = OuiRegistry.read(new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)));
        assertEquals("Tiny Vendor B", r.organisation("00:1b:c5:00:91:23")); // 36-bit MA-S
        assertEquals("Small Vendor A", r.organisation("00:1b:c5:01:00:00")); // 28-bit MA-M
        assertEquals("IEEE Registration Authority", r.organisation("00:1b:c5:f0:00:00")); // 24-bit MA-L
    }

    @Test
    void locallyAdministeredMalformedAndUnknownNameNoVendor() {
        assertNull(shipped.organisation("02:00:00:00:00:01"), "U/L bit set: randomised or virtual");
        assertNull(shipped.organisation("00:0e:8c"));
        assertNull(shipped.organisation("zz:0e:8c:01:02:03"));
        assertNull(shipped.organisation(null));
    }
}
