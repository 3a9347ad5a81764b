package io.linewatch.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Protocol data units, the transactions they form, and the payload bytes they came in. JMH reports these as rates next to the invocation rate (one invocation processes a whole batch, so
 * these are the figures to read).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PduCounters {
    public long pdus;
    public long transactions;
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        pdus = 0;
        transactions = 0;
        bytes = 0;
    }
}
