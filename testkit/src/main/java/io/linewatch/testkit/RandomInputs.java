package io.linewatch.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Consumer;

/**
 * The bounded random run a Jazzer target also gets in the normal suite (beside replaying its seeds): random byte
 * arrays for two seconds, seeded so that a failure repeats with {@code -Dfuzz.seed=N}. The capture module keeps
 * its own copy: testkit depends on capture.
 */
public final class RandomInputs {
    private static final long RUN_NANOS = 2_000_000_000L;

    private RandomInputs() {
    }

    /** Feeds {@code target} random inputs shorter than {@code maxLength} for two seconds; a failure names its seed. */
    public static void forTwoSeconds(String name, int maxLength, Consumer<byte[]> target) {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        long deadline = System.nanoTime() + RUN_NANOS;
        int runs = 0;
        while (System.nanoTime() < deadline) {
            byte[] input = new byte[random.nextInt(maxLength)];
            random.nextBytes(input);
            try {
                target.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ", run " + runs + ": " + e, e);
            }
            runs++;
        }
        assertTrue(runs > 0, "runs " + runs);
        System.out.printf("%s: %d random inputs in 2 s (seed %d)%n", name, runs, seed);
    }
}
