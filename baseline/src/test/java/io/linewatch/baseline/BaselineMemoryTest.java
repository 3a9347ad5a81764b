package io.linewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * 5,000 devices and 1,000,000 learned keys in a 1 GiB heap (run by its own surefire execution with
 * {@code -Xmx1g}; see baseline/pom.xml), then monitoring over them.
 */
class BaselineMemoryTest {
    @Test
    void fiveThousandDevicesAndAMillionKeysFitInOneGigabyte() {
        assertTrue(Runtime.getRuntime().maxMemory() <= 1100L * 1024 * 1024, "run with -Xmx1g");
        long[] observations = {0};
        BaselineEngine engine = new BaselineEngine(BaselineConfig.learnFor(Duration.ofHours(1)), o -> observations[0]++);
        // 1,000 clients x 4,000 servers; each pair polls distinct registers with distinct functions
        Synthetic.Flow[] flows = new Synthetic.Flow[5000];
        for (int i = 0; i < flows.length; i++) {
            int c = i / 5 % 1000;
            int sv = i % 4000;
            String client = "10.1." + (c / 250) + "." + (c % 250);
            String server = "10.2." + (sv / 250) + "." + (sv % 250);
            flows[i] = new Synthetic.Flow("tcp " + i, "tcp", client, server, 40000, 502, null, null, -1, -1);
        }
        long t = Synthetic.T0;
        long seq = 0;
        long started = System.nanoTime();
        int n = 0;
        while (engine.keyCount() < 1_000_000) {
            Synthetic.Flow f = flows[n % flows.length];
            int round = n / flows.length;
            Transaction tx = new Transaction(f, seq++, Protocol.MODBUS, t).action("read_holding_registers")
                    .operation(Operation.READ).function(round % 20).unit(1 + round / 20).outcome(Outcome.SUCCESS)
                    .objects(ObjectRef.range("holding_registers", round * 10, 1)).values(new long[] {round}, false);
            engine.tick(t);
            engine.transaction(tx);
            t += 100_000; // 10,000 transactions per second of capture time
            n++;
        }
        long learnNanos = System.nanoTime() - started;
        assertEquals(5000, engine.deviceCount());
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long used = rt.totalMemory() - rt.freeMemory();
        System.out.printf("baseline memory: %d devices, %d keys (%d transactions) learned in %d ms; heap used %d MiB of %d MiB%n",
                engine.deviceCount(), engine.keyCount(), n, learnNanos / 1_000_000, used >> 20, rt.maxMemory() >> 20);
        // monitoring over the learned keys: the same traffic again after learning, nothing reported but silences
        t = Math.max(t, engine.learnEnd()) + 1;
        started = System.nanoTime();
        for (int i = 0; i < 200_000; i++) {
            Synthetic.Flow f = flows[i % flows.length];
            int round = i / flows.length;
            Transaction tx = new Transaction(f, seq++, Protocol.MODBUS, t).action("read_holding_registers")
                    .operation(Operation.READ).function(round % 20).unit(1 + round / 20).outcome(Outcome.SUCCESS)
                    .objects(ObjectRef.range("holding_registers", round * 10, 1));
            engine.transaction(tx);
            t += 100_000;
        }
        System.out.printf("baseline monitoring: 200000 transactions in %d ms, %d observations%n",
                (System.nanoTime() - started) / 1_000_000, observations[0]);
        assertEquals(0, engine.counters().keysDropped);
        assertTrue(used < 1024L * 1024 * 1024);
    }
}
