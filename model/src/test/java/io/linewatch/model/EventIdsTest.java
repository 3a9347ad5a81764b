package io.linewatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    /** Digests printed by Guava 33.4's {@code Hashing.murmur3_128().hashBytes(...)}: every tail length class. */
    @Test
    void matchesKnownMurmur3Vectors() {
        assertDigest("00000000000000000000000000000000", "");
        assertDigest("897859f6655555855a890e51483ab5e6", "a");
        assertDigest("029bbd41b3a7d8cb191dae486a901e5b", "hello");
        assertDigest("a7d14acf946de04bda08a7635c5bc387", "0123456789abcdef");
        assertDigest("1d904a6c0275d399f39cf8ea56e2694e", "0123456789abcdefXYZ");
        assertDigest("c958536167c58bca449ccdd57101577f", "tcp 10.0.0.1:502 10.0.0.2:40000\u001f17\u001f");
        assertDigest("add1d4c97ef8b07d42afe32b8ea03329", "héllo wörld, a longer text of more than thirty-two bytes");
    }

    private static void assertDigest(String expected, String text) {
        assertEquals(expected, EventIds.digestHex(text.getBytes(StandardCharsets.UTF_8)), text);
    }

    @Test
    void partsAreSeparatedAndTheFastPathAgreesWithTheGeneralOne() {
        assertEquals("c958536167c58bca449ccdd57101577f", EventIds.of("tcp 10.0.0.1:502 10.0.0.2:40000", 17L));
        assertEquals(EventIds.of(new Object[] {"tcp 10.0.0.1:502 10.0.0.2:40000", 17L}),
                EventIds.of("tcp 10.0.0.1:502 10.0.0.2:40000", 17L));
        assertEquals(EventIds.of(new Object[] {"flöw", -3L}), EventIds.of("flöw", -3L));
        assertNotEquals(EventIds.of("ab", "c"), EventIds.of("a", "bc"));
        StringBuilder longId = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            longId.append("segment").append(i);
        }
        assertEquals(EventIds.of(new Object[] {longId.toString(), Long.MAX_VALUE}), EventIds.of(longId.toString(), Long.MAX_VALUE));
    }
}
