package io.linewatch.dissectors.modbus;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.linewatch.testkit.WireFeeder;
import io.linewatch.dissectors.testing.DissectorWiring;
import java.util.List;

/**
 * Arbitrary bytes, cut into segments in both directions with losses in between, never make an
 * exception escape the dissector. In the normal suite Jazzer replays the seeds in
 * {@code src/test/resources/.../ModbusFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class ModbusFuzzTest {
    private static final int MAX_SEGMENTS = 64;

    @FuzzTest(maxDuration = "10s")
    void dissectorNeverThrows(FuzzedDataProvider data) {
        WireFeeder.Tcp c = new WireFeeder(DissectorWiring.of(List.of(new ModbusFactory()))).tcp("10.0.0.1", 40000, "10.0.0.2", 502);
        if (data.consumeBoolean()) {
            c.handshake();
        }
        for (int i = 0; i < MAX_SEGMENTS && data.remainingBytes() > 0; i++) {
            int kind = data.consumeInt(0, 4);
            byte[] segment = data.consumeBytes(data.consumeInt(1, 300));
            switch (kind) {
                case 0, 1 -> c.toServer(segment);
                case 2 -> c.toClient(segment);
                case 3 -> c.lostToServer(segment.length);
                default -> c.lostToClient(segment.length);
            }
        }
        c.close();
    }

    @FuzzTest(maxDuration = "10s")
    void decoderNeverThrows(FuzzedDataProvider data) {
        boolean request = data.consumeBoolean();
        byte[] adu = data.consumeRemainingAsBytes();
        if (adu.length >= ModbusDecoder.HEADER_WITH_FUNCTION) {
            ModbusMessage context = ModbusDecoder.decode(true, adu, 0, adu.length, 0L, null);
            ModbusDecoder.decode(request, adu, 0, adu.length, 1L, context);
        }
    }
}
