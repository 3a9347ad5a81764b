package io.linewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Variables.Block first = table.add(1, 0, 1, 2, 7, Variables.BLOCK - 1, 0);
        assertSame(first, table.block(Variables.objectKey(1, 0, 1, 2, 7), 0));
        table.add(1, 0, 1, 2, 7, Variables.BLOCK, 0);
        table.add(1, 0, 1, 2, 8, Variables.BLOCK, 0);
        assertEquals(3, table.size());
        assertEquals(8, table.get(1, 0, 1, 2, 8, Variables.BLOCK).block().number);
        assertEquals(Variables.BLOCK, table.get(1, 0, 1, 2, 7, Variables.BLOCK).address());
        assertNull(table.get(1, 0, 1, 2, 7, Variables.BLOCK + 1));
        assertEquals(1, table.removeIf(v -> v.address() == Variables.BLOCK - 1));
        assertNull(table.block(Variables.objectKey(1, 0, 1, 2, 7), 0));
        assertTrue(table.remove(1, 0, 1, 2, 7, Variables.BLOCK));
        assertFalse(table.remove(1, 0, 1, 2, 7, Variables.BLOCK));
        assertNull(table.block(Variables.objectKey(1, 0, 1, 2, 7), Variables.BLOCK));
        assertEquals(1, table.size());
    }

    /** A block's variables share one array: each keeps its own state while the block grows, widens and reuses room. */
    @Test
    void eachVariableOfABlockKeepsItsOwnStateInTheSharedArray() {
        Variables table = new Variables();
        Variables.Block b = null;
        for (int slot = Variables.BLOCK - 1; slot >= 0; slot--) { // every slot, stored in reverse order
            b = table.add(1, 0, 1, 2, 7, slot, 100 + slot);
            b.learn(b.find(slot), slot);
        }
        int wide = b.find(5);
        for (long v = 0; v < Variables.MAX_DISTINCT + 1; v++) { // widens the block's room twice, then "many"
            b.learn(wide, 1000 + v);
        }
        assertTrue(table.remove(1, 0, 1, 2, 7, 9));
        Variables.Block again = table.add(1, 0, 1, 2, 7, 9, 42); // takes the freed index, cleared
        assertSame(b, again);
        assertEquals(0, again.samples(again.find(9)));
        assertEquals(42, again.last(again.find(9)));
        assertEquals(Variables.BLOCK, table.size());
        for (int slot = 0; slot < Variables.BLOCK; slot++) {
            int i = b.find(slot);
            if (slot == 9) {
                continue;
            }
            assertEquals(100 + slot, b.last(i));
            if (slot == 5) {
                assertTrue(b.many(i));
                assertEquals(Variables.MAX_DISTINCT, b.distinctCount(i));
                assertEquals(1006, b.distinct(i, Variables.MAX_DISTINCT - 1));
                assertEquals("continuous", b.kind(i));
            } else {
                assertFalse(b.many(i));
                assertEquals(1, b.distinctCount(i));
                assertEquals(slot, b.distinct(i, 0));
                assertEquals("constant", b.kind(i));
                assertTrue(b.knows(i, slot));
                assertFalse(b.knows(i, slot + 1));
            }
        }
        List<Long> walked = new java.util.ArrayList<>();
        table.forEach(v -> walked.add(v.address()));
        assertEquals(LongStream.range(0, Variables.BLOCK).boxed().toList(), walked); // address order, not storage order
    }
}
