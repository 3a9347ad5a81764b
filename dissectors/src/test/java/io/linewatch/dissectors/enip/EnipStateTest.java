package io.linewatch.dissectors.enip;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Connection ids are only unique per target: two lines built from one template reuse them. */
class EnipStateTest {
    /** A Forward_Open request body: connection ids, then the (serial, vendor, originator serial) triple. */
    private static ConnectionParams forwardOpen(long oToId, long tToId) {
        byte[] b = new byte[ConnectionParams.FORWARD_OPEN_FIXED];
        b[0] = 0x0a;                 // priority/time tick
        b[1] = 0x0e;                 // timeout ticks
        le32(b, 2, oToId);           // O->T connection id
        le32(b, 6, tToId);           // T->O connection id
        b[10] = 0x01;                // connection serial 1
        b[12] = 0x01;                // vendor id 1
        le32(b, 14, 0x1234);         // originator serial
        b[18] = 0x01;                // timeout multiplier
        // RPIs, parameters, trigger and an empty path stay zero
        ConnectionParams c = ConnectionParams.parseForwardOpen(b, 0, b.length, false);
        c.established = true;
        return c;
    }

    private static void le32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    @Test
    void sameIdsOnTwoTargetsStaySeparate() {
        EnipState state = new EnipState();
        EnipState.Connection lineA = new EnipState.Connection(forwardOpen(0x100, 0x200), "10.1.0.5", "10.1.0.10", "fo-a");
        EnipState.Connection lineB = new EnipState.Connection(forwardOpen(0x100, 0x200), "10.2.0.5", "10.2.0.10", "fo-b");
        state.open(lineA);
        state.open(lineB);
        // T->O I/O from each target, and connected messages to it, find their own Forward_Open
        assertSame(lineA, state.connection(0x200, "10.1.0.10", "239.192.1.1"));
        assertSame(lineB, state.connection(0x200, "239.192.1.2", "10.2.0.10"));
        assertSame(lineA, state.connection(0x100, "10.1.0.5", "10.1.0.10"));
        assertNull(state.connection(0x100, "10.3.0.5", "10.3.0.10"));
        // closing line B's connection (same triple, other originator) leaves line A's open
        state.close(forwardOpen(0x100, 0x200), "10.2.0.5");
        assertNull(state.connection(0x200, "10.2.0.10", "10.2.0.5"));
        assertSame(lineA, state.connection(0x200, "10.1.0.10", "10.1.0.5"));
    }
}
