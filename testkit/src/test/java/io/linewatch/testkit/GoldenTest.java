package io.linewatch.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoldenTest {
    @Test
    void keyOrderDoesNotMatterArrayOrderDoes() {
        assertNull(Golden.diff(List.of("{\"a\":1,\"b\":{\"c\":[1,2],\"d\":\"x\"}}"),
                List.of("{\"b\":{\"d\":\"x\",\"c\":[1,2]},\"a\":1}")));
        String d = Golden.diff(List.of("{\"a\":1,\"b\":{\"c\":[1,2]}}"), List.of("{\"a\":1,\"b\":{\"c\":[2,1]}}"));
        assertTrue(d.startsWith("line 1: b.c[0] is 2, expected 1\n"), d);
    }

    @Test
    void reportShowsTheFirstDifferingLinesAndCounts() {
        String d = Golden.diff(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"),
                List.of("{\"n\":1}", "{\"n\":2,\"extra\":true}"));
        assertEquals("""
                line 2: extra unexpected (true)
                  - {"n":2}
                  + {"n":2,"extra":true}
                line 3:
                  - {"n":3}
                  + (no line)
                expected 3 lines, got 2""", d);
    }

    @Test
    void missingFieldsAndChangedValuesAreNamed() {
        assertEquals("event.action missing (expected \"read\")",
                Golden.firstDifference(java.util.Map.of("event", java.util.Map.of("action", "read")),
                        java.util.Map.of("event", java.util.Map.of()), ""));
    }
}
