package io.linewatch.dissectors.enip;

import static io.linewatch.testkit.WireFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class EPathTest {
    @Test
    void logicalSegmentsIn8_16And32Bits() {
        byte[] b = bytes(
                0x20, 0x01,                   // class, 8-bit: 0x01
                0x25, 0x00, 0x34, 0x12,       // instance, 16-bit (pad byte): 0x1234
                0x2E, 0x00, 0x78, 0x56, 0x34, 0x12, // connection point (0x2C), 32-bit format (+2), pad: 0x12345678
                0x30, 0x07);                  // attribute, 8-bit: 7
        EPath p = EPath.parse(b, 0, b.length);
        assertNull(p.error);
        assertEquals(1, p.classId);
        assertEquals(0x1234, p.instanceId);
        assertEquals(0x12345678L, p.connectionPoint);
        assertEquals(7, p.attributeId);
    }

    @Test
    void portSegmentsSimpleAndExtendedLinkAddress() {
        byte[] b = bytes(
                0x01, 0x00,                   // port 1 (backplane), link 0 (slot 0)
                0x12, 0x08,                   // port 2 with extended link address of 8 bytes
                '1', '0', '.', '0', '.', '0', '.', '5',
                0x20, 0x02, 0x24, 0x01);      // class 2 (Message Router), instance 1
        EPath p = EPath.parse(b, 0, b.length);
        assertNull(p.error);
        assertEquals(List.of("1/0", "2/10.0.0.5"), p.ports);
        assertEquals(2, p.classId);
        assertEquals("port 1/0 port 2/10.0.0.5 class 0x02 instance 1", p.describe());
    }

    @Test
    void logixTagFromAnsiExtendedSymbolsAndElementIndexes() {
        byte[] b = bytes(
                0x91, 0x0C, 'P', 'r', 'o', 'g', 'r', 'a', 'm', ':', 'M', 'a', 'i', 'n', // ANSI symbol, 12 chars
                0x91, 0x03, 'T', 'a', 'g', 0x00,  // ANSI symbol, 3 chars + pad
                0x28, 0x02,                       // member (element) 2
                0x29, 0x00, 0x01, 0x01);          // member 16-bit: 257 (second dimension)
        EPath p = EPath.parse(b, 0, b.length);
        assertNull(p.error);
        assertEquals("Program:Main.Tag[2,257]", p.symbol);
        assertEquals(-1, p.classId);
    }

    @Test
    void symbolicSegment() {
        byte[] b = bytes(0x63, 'a', 'b', 'c'); // symbolic segment, 3 chars (even total)
        EPath p = EPath.parse(b, 0, b.length);
        assertEquals("abc", p.symbol);
    }

    @Test
    void truncatedSegmentsStopWithAReason() {
        assertEquals("logical_segment_truncated", EPath.parse(bytes(0x25, 0x00, 0x34), 0, 3).error);
        assertEquals("symbol_truncated", EPath.parse(bytes(0x91, 0x09, 'a'), 0, 3).error);
        assertEquals("port_segment_truncated", EPath.parse(bytes(0x12, 0x08, '1'), 0, 3).error);
        assertEquals("unsupported_segment_type", EPath.parse(bytes(0xE0, 0x00), 0, 2).error);
    }
}
