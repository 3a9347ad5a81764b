package io.linewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.baseline.Entries.Variable;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The process-variables table in blocks of neighbouring addresses: each value lands on its own address's variable. */
class VariablesTest {
    private static final long S = Synthetic.S;

    /** Register {@code a} holds {@code a * 10} (a constant each), except where {@code changed} says. */
    private static long[] registers(long start, int count, long changedAt, long changedTo) {
        return LongStream.range(start, start + count).map(a -> a == changedAt ? changedTo : a * 10).toArray();
    }

    @Test
    void valuesAcrossBlockBoundariesAreLearnedAndJudgedPerAddress() {
        Synthetic plant = new Synthetic(BaselineConfig.learnFor(Duration.ofMinutes(10)));
        long t = Synthetic.T0;
        for (int i = 0; i < 120; i++, t += S) { // 125 registers from 5: blocks 0 to 8, partly covered at both ends
            plant.feed(plant.read("10.0.0.10", "10.0.0.1", t, 5, 125, registers(5, 125, -1, 0)));
        }
        BaselineEngine engine = plant.engine;
        assertEquals(125, engine.variables.size());
        assertEquals(125, engine.devicesByIp.get("10.0.0.1").variables);
        t += 12 * BaselineConfig.MINUTE; // past learning, and quiet long enough for the server to leave it
        // after learning: a read starting mid-block with the learned values, then changes at a block's first and last address
        plant.feed(plant.read("10.0.0.10", "10.0.0.1", t, 60, 10, registers(60, 10, -1, 0)));
        assertEquals(List.of(), plant.of(ObservationType.NEW_VALUE)); // (the silence before it is reported)
        plant.feed(plant.read("10.0.0.10", "10.0.0.1", t + S, 5, 125, registers(5, 125, 64, 1)));
        plant.feed(plant.read("10.0.0.10", "10.0.0.1", t + 2 * S, 70, 20, registers(70, 20, 79, 2)));
        List<Observation> values = plant.of(ObservationType.NEW_VALUE);
        assertEquals(List.of("value:10.0.0.1/modbus/1/holding_registers/-1/64", "value:10.0.0.1/modbus/1/holding_registers/-1/79"),
                values.stream().map(Observation::key).toList());
        assertEquals(List.of("1", "2"), values.stream().map(Observation::seen).toList());
    }

    @Test
    void removingTheLastVariableOfABlockRemovesTheBlock() {
        Variables table = new Variables();
        Variable a = new Variable(1, 0, 1, 2, 7, Variables.BLOCK - 1, 0);
        Variable b = new Variable(1, 0, 1, 2, 7, Variables.BLOCK, 0);
        Variable other = new Variable(1, 0, 1, 2, 8, Variables.BLOCK, 0);
        assertSame(table.put(a), table.block(Variables.objectKey(1, 0, 1, 2, 7), 0));
        table.put(b);
        table.put(other);
        assertEquals(3, table.size());
        assertSame(b, table.get(1, 0, 1, 2, 7, Variables.BLOCK));
        assertSame(other, table.get(1, 0, 1, 2, 8, Variables.BLOCK));
        assertNull(table.get(1, 0, 1, 2, 7, Variables.BLOCK + 1));
        assertEquals(1, table.removeIf(v -> v == a));
        assertNull(table.block(Variables.objectKey(1, 0, 1, 2, 7), 0));
        assertTrue(table.remove(1, 0, 1, 2, 7, Variables.BLOCK));
        assertFalse(table.remove(1, 0, 1, 2, 7, Variables.BLOCK));
        assertNull(table.block(Variables.objectKey(1, 0, 1, 2, 7), Variables.BLOCK));
        assertEquals(1, table.size());
    }
}
