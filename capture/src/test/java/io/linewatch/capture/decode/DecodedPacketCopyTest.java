package io.linewatch.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class DecodedPacketCopyTest {
    /** Every instance field, including any added later, must survive the hand-off to a worker thread. */
    @Test
    void copyFromCopiesEveryFieldAndPointsAtTheNewBuffer() throws Exception {
        DecodedPacket original = new DecodedPacket();
        original.buf = new byte[] {1, 2, 3};
        original.kind = DecodedPacket.Kind.ARP;
        int distinct = 1000;
        for (Field f : DecodedPacket.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            if (f.getType() == int.class) {
                f.setInt(original, distinct++);
            } else if (f.getType() == long.class) {
                f.setLong(original, distinct++);
            }
        }
        byte[] copyBuffer = original.buf.clone();
        DecodedPacket copy = new DecodedPacket();
        copy.copyFrom(original, copyBuffer);
        for (Field f : DecodedPacket.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            if (f.getName().equals("buf")) {
                assertSame(copyBuffer, copy.buf);
            } else {
                assertEquals(f.get(original), f.get(copy), f.getName());
            }
        }
    }
}
