package io.linewatch.inventory.advisories;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.linewatch.inventory.export.InventoryFile;
import io.linewatch.inventory.export.InventoryFormatException;
import io.linewatch.model.EventDoc;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Advisory folders and inventory files come from users and other tools: whatever their bytes, reading them
 * ends in a result or the documented checked exception, never another exception. Runs its seed corpus as a
 * regression test in the normal suite; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class CsafParserFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void advisoryParsingNeverThrowsUnchecked(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            CsafAdvisory a = CsafParser.parse(text, "fuzz.json");
            AdvisoryLibrary lib = new AdvisoryLibrary(List.of(a), List.of());
            EventDoc asset = new EventDoc();
            asset.put("asset.id", "x");
            asset.put("device.manufacturer", a.products().get(0).vendor() == null ? "v" : a.products().get(0).vendor());
            asset.put("device.model.name", a.products().get(0).productName() == null ? "m1" : a.products().get(0).productName());
            asset.put("device.firmware.version", text.length() > 8 ? text.substring(0, 8) : text);
            lib.matches(asset);
        } catch (AdvisoryException expected) {
            // the documented outcome for bad input
        }
    }

    @FuzzTest(maxDuration = "5s")
    void inventoryParsingNeverThrowsUnchecked(byte[] data) {
        try {
            InventoryFile.parse(new String(data, StandardCharsets.UTF_8), "fuzz.json");
        } catch (InventoryFormatException expected) {
            // the documented outcome for bad input
        }
    }
}
