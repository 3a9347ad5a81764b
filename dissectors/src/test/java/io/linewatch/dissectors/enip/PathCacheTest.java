package io.linewatch.dissectors.enip;

import static io.linewatch.testkit.WireFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PathCacheTest {
    @Test
    void theSameBytesAnywhereGiveTheSamePathAndObjects() {
        PathCache cache = new PathCache();
        EPath first = cache.parse(bytes(0x20, 0x02, 0x24, 0x01, 0x30, 0x07), 0, 6);
        EPath again = cache.parse(bytes(0xFF, 0xFF, 0x20, 0x02, 0x24, 0x01, 0x30, 0x07), 2, 6);
        assertSame(first, again);
        assertSame(first.objects(), again.objects());
        assertEquals(7, again.attributeId);
    }

    @Test
    void aChangedPathIsNeverServedFromTheCache() {
        PathCache cache = new PathCache();
        byte[] b = bytes(0x20, 0x02, 0x24, 0x01, 0x30, 0x07);
        EPath before = cache.parse(b, 0, b.length);
        b[5] = 0x08; // the same buffer, another attribute
        EPath changed = cache.parse(b, 0, b.length);
        assertNotSame(before, changed);
        assertEquals(8, changed.attributeId);
        assertEquals(7, before.attributeId);
        // a shorter path that is a prefix of a cached one is another path
        assertEquals(-1, cache.parse(b, 0, 4).attributeId);
    }

    @Test
    void morePathsThanSlotsEachDecodeToTheirOwnBytes() {
        PathCache cache = new PathCache();
        int n = 4 * PathCache.SLOTS;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                byte[] b = bytes(0x21, 0x00, i & 0xff, i >> 8, 0x24, 0x01); // 16-bit class i, instance 1
                assertEquals(i, cache.parse(b, 0, b.length).classId);
            }
        }
    }

    @Test
    void aPathLongerThanTheKeyBoundIsParsedEveryTime() {
        byte[] b = new byte[2 + PathCache.MAX_KEY_BYTES];
        b[0] = (byte) 0x91; // ANSI extended symbol of the rest's length
        b[1] = (byte) PathCache.MAX_KEY_BYTES;
        Arrays.fill(b, 2, b.length, (byte) 'x');
        PathCache cache = new PathCache();
        EPath first = cache.parse(b, 0, b.length);
        assertNotSame(first, cache.parse(b, 0, b.length));
        assertEquals("x".repeat(PathCache.MAX_KEY_BYTES), first.symbol);
    }
}
