package io.linewatch.inventory.advisories;

import static io.linewatch.inventory.advisories.VersionRange.Verdict.AFFECTED;
import static io.linewatch.inventory.advisories.VersionRange.Verdict.ALL_VERSIONS;
import static io.linewatch.inventory.advisories.VersionRange.Verdict.NOT_AFFECTED;
import static io.linewatch.inventory.advisories.VersionRange.Verdict.UNPARSED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VersionRangeTest {
    @Test
    void cisaFreeFormRanges() {
        assertEquals(AFFECTED, VersionRange.evaluate("<= 10.10", true, "10.10"));
        assertEquals(AFFECTED, VersionRange.evaluate("<= 10.10", true, "4.03"));   // numeric, not text, order
        assertEquals(NOT_AFFECTED, VersionRange.evaluate("<= 10.10", true, "10.11"));
        // "V3.X.17": any minor, patch below 17
        assertEquals(AFFECTED, VersionRange.evaluate("< V3.X.17", true, "V3.2.8"));
        assertEquals(AFFECTED, VersionRange.evaluate("< V3.X.17", true, "3.3.16"));
        assertEquals(NOT_AFFECTED, VersionRange.evaluate("< V3.X.17", true, "V3.3.17"));
        assertEquals(AFFECTED, VersionRange.evaluate("< V3.X.17", true, "V2.6.9"));
        assertEquals(NOT_AFFECTED, VersionRange.evaluate("< V3.X.17", true, "V4.0.0"));
        assertEquals(AFFECTED, VersionRange.evaluate(">= 2.0 < 3.0", true, "2.5"));
        assertEquals(NOT_AFFECTED, VersionRange.evaluate(">= 2.0 < 3.0", true, "3.0"));
    }

    @Test
    void versSyntax() {
        assertEquals(ALL_VERSIONS, VersionRange.evaluate("vers:all/*", false, "1.0"));
        assertEquals(AFFECTED, VersionRange.evaluate("vers:generic/>=1.0|<2.0", true, "1.9.9"));
        assertEquals(NOT_AFFECTED, VersionRange.evaluate("vers:generic/>=1.0|<2.0", true, "2.0"));
        // two fixed branches: "prior to V33.017, V34.014" style
        assertEquals(AFFECTED, VersionRange.evaluate("vers:generic/<33.017|>=34.0|<34.014", true, "34.011"));
        assertEquals(NOT_AFFECTED, VersionRange.evaluate("vers:generic/<33.017|>=34.0|<34.014", true, "33.020"));
        assertEquals(AFFECTED, VersionRange.evaluate("vers:generic/1.2.3|1.2.5", true, "1.2.5"));
        assertEquals(NOT_AFFECTED, VersionRange.evaluate("vers:generic/>=1.0|!=1.5", true, "1.5"));
    }

    @Test
    void exactVersionsAndNonsense() {
        assertEquals(AFFECTED, VersionRange.evaluate("V2.1", false, "2.1.0"));
        assertEquals(NOT_AFFECTED, VersionRange.evaluate("V2.1", false, "2.2"));
        assertEquals(UNPARSED, VersionRange.evaluate("vers:generic", true, "1"));
        assertEquals(UNPARSED, VersionRange.evaluate("2.1", true, "2.1")); // a range needs an operator
        assertEquals(UNPARSED, VersionRange.evaluate("<", true, "2.1"));
    }
}
