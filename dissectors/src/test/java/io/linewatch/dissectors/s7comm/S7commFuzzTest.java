package io.linewatch.dissectors.s7comm;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.linewatch.testkit.WireFeeder;
import io.linewatch.dissectors.testing.DissectorWiring;
import java.util.List;

/**
 * Arbitrary bytes, cut into segments in both directions with losses in between, never make an
 * exception escape the dissector (a thrown exception fails the test). In the normal suite Jazzer
 * replays the seeds in {@code src/test/resources/.../S7commFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class S7commFuzzTest {
    private static final int MAX_SEGMENTS = 64;

    @FuzzTest(maxDuration = "10s")
    void dissectorNeverThrows(FuzzedDataProvider data) {
        WireFeeder.Tcp h = new WireFeeder(DissectorWiring.of(List.of(new S7commFactory()))).tcp("10.0.0.1", 49152, "10.0.0.2", 102);
        if (data.consumeBoolean()) {
            h.handshake();
        }
        for (int i = 0; i < MAX_SEGMENTS && data.remainingBytes() > 0; i++) {
            int kind = data.consumeInt(0, 5);
            byte[] segment = data.consumeBytes(data.consumeInt(1, 600));
            switch (kind) {
                case 0, 1 -> h.toServer(segment);
                case 2, 3 -> h.toClient(segment);
                case 4 -> h.lostToServer(segment.length);
                default -> h.lostToClient(segment.length);
            }
        }
        h.end();
    }

    /** Bad bytes give a message carrying the reason, never an exception. */
    @FuzzTest(maxDuration = "10s")
    void decodersNeverThrow(FuzzedDataProvider data) {
        byte[] pdu = data.consumeRemainingAsBytes();
        S7commDecoder.decode(pdu, 0, pdu.length);
        S7commPlusDecoder.decode(pdu, 0, pdu.length);
    }
}
