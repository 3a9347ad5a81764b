package io.linewatch.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RoleClassifier#isCyclic} compares the spread squared; its answer must be the standard deviation's. */
class CyclicDecisionTest {
    private static boolean byStandardDeviation(Behaviour.Cycle c) {
        return c.intervals >= RoleClassifier.CYCLE_MIN_INTERVALS && c.mean >= RoleClassifier.CYCLE_MIN_PERIOD_S
                && c.mean <= RoleClassifier.CYCLE_MAX_PERIOD_S
                && c.stddev() <= RoleClassifier.CYCLE_MAX_JITTER * c.mean;
    }

    @Test
    void agreesWithTheStandardDeviationAfterEveryRequest() {
        Random random = new Random(12);
        int cyclic = 0;
        int notCyclic = 0;
        for (int run = 0; run < 2_000; run++) {
            Behaviour.Cycle c = new Behaviour.Cycle("10.0.0.1", "modbus", "read_holding_registers");
            long period = 1 + random.nextInt(5_000_000) * 1_000L;
            double jitter = random.nextDouble() * 1.2; // around the 0.5 bound, on both sides
            long ts = 0;
            for (int i = 0; i < 40; i++) {
                ts += Math.max(0, (long) (period * (1 + jitter * (random.nextDouble() - 0.5) * 2)));
                c.at(ts);
                assertEquals(byStandardDeviation(c), RoleClassifier.isCyclic(c), () -> "mean " + c.mean + " m2 " + c.m2);
                if (byStandardDeviation(c)) {
                    cyclic++;
                } else if (c.intervals >= RoleClassifier.CYCLE_MIN_INTERVALS) {
                    notCyclic++;
                }
            }
        }
        assertTrue(cyclic > 1_000 && notCyclic > 1_000, cyclic + " cyclic, " + notCyclic + " not");
    }

    @Test
    void agreesOnTheBoundItself() {
        for (int n = RoleClassifier.CYCLE_MIN_INTERVALS; n < 200; n++) {
            for (double mean : new double[] {0.01, 0.1, 0.3, 1, 7.7, 3600}) {
                double bound = RoleClassifier.CYCLE_MAX_JITTER * mean;
                double m2 = bound * bound * (n - 1);
                for (double m : new double[] {m2, Math.nextUp(m2), Math.nextDown(m2), m2 * (1 + 1e-12), m2 * (1 - 1e-12)}) {
                    Behaviour.Cycle c = new Behaviour.Cycle("s", "p", "a");
                    c.intervals = n;
                    c.mean = mean;
                    c.m2 = m;
                    assertEquals(byStandardDeviation(c), RoleClassifier.isCyclic(c), () -> c.intervals + " " + c.mean + " " + c.m2);
                }
            }
        }
    }
}
