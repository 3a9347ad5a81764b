package io.linewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.linewatch.model.Fields;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.testkit.RandomInputs;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The baseline engine under Jazzer (issue 16): transactions of any protocol, operation, function, address range
 * and values between a few dozen hosts, identities, and capture time that jumps forward, back and far ahead,
 * learning then judging, with small bounds. Nothing throws, and the bounds hold (devices and keys never exceed
 * their caps). The suite replays the seeds and runs random inputs for two seconds; {@code JAZZER_FUZZ=1} fuzzes.
 */
class BaselineFuzzTest {
    private static final int MAX_DEVICES = 16;
    private static final int MAX_KEYS = 256;
    private static final int MAX_EVENTS = 400;

    @FuzzTest(maxDuration = "30s")
    void engineNeverThrowsAndStaysBounded(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        long learn = in.remaining() >= 1 ? (in.get() & 0xff) * BaselineConfig.SECOND : 0;
        Synthetic plant = new Synthetic(BaselineConfig.learnFor(Duration.ofNanos(Math.max(1, learn)))
                .withBounds(MAX_DEVICES, MAX_KEYS));
        BaselineEngine engine = plant.engine;
        long now = Synthetic.T0;
        Protocol[] protocols = Protocol.values();
        Operation[] operations = Operation.values();
        for (int i = 0; i < MAX_EVENTS && in.remaining() >= 8; i++) {
            int kind = in.get() & 0xff;
            int client = in.get() & 0x3f;
            int server = in.get() & 0x3f;
            int step = in.get();
            // mostly forward in small steps; sometimes back, sometimes a day ahead
            now += step >= 0 ? step * 100_000_000L : (step == -128 ? 86_400 * BaselineConfig.SECOND : step * 1_000_000_000L);
            String c = "10.0." + (client >> 4) + "." + (client & 0x0f);
            String s = "10.1." + (server >> 4) + "." + (server & 0x0f);
            int function = in.get() & 0xff;
            long start = in.get() & 0xff;
            int count = in.get() & 0x0f;
            int values = in.get() & 0x07;
            switch (kind % 6) {
                case 0, 1, 2 -> {
                    Transaction t = plant.tx(c, s, now, function, "f" + function, operations[kind % operations.length]);
                    t.objects(ObjectRef.range(kind % 2 == 0 ? "holding_registers" : "coils", start, Math.max(1, count)));
                    if (values > 0) {
                        long[] v = new long[values];
                        for (int k = 0; k < values && in.remaining() >= 2; k++) {
                            v[k] = in.getShort();
                        }
                        t.values(v, kind == 1);
                    }
                    if (kind % 7 == 3) {
                        t.outcome(Outcome.FAILURE);
                    }
                    plant.feed(t);
                }
                case 3 -> plant.identity(now, s, Fields.DEVICE_FIRMWARE_VERSION, "v" + (function % 4));
                case 4 -> engine.sighting(now, c, "02:00:00:00:00:" + String.format("%02x", client));
                default -> {
                    Transaction t = new Transaction(plant.flow(c, s), i, protocols[function % protocols.length], now)
                            .action("any").operation(operations[function % operations.length]);
                    plant.feed(t);
                }
            }
            engine.tick(now);
            assertTrue(engine.deviceCount() <= MAX_DEVICES, "devices " + engine.deviceCount());
            assertTrue(engine.keyCount() <= MAX_KEYS, "keys " + engine.keyCount());
        }
        engine.finish(now);
    }

    /** A bounded random run in the normal suite (seeded, so a failure repeats with -Dfuzz.seed). */
    @Test
    void randomInputsForTwoSeconds() {
        RandomInputs.forTwoSeconds(getClass().getSimpleName(), 4096, this::engineNeverThrowsAndStaysBounded);
    }

}
