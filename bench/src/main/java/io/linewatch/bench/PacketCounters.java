package io.linewatch.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Packets and their bytes (wire bytes for the decoder, payload bytes delivered for reassembly). JMH reports these as rates next to the invocation rate (one invocation processes a whole batch, so
 * these are the figures to read).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PacketCounters {
    public long packets;
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        packets = 0;
        bytes = 0;
    }
}
