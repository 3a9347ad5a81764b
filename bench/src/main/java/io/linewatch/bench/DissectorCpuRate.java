package io.linewatch.bench;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.source.Frame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * {@link DissectorBench#dissect} and the decoder's loop of {@link DecoderBench}, rated per CPU second of the thread
 * that runs them instead of per wall second: on a shared machine whose load is many times its cores, JMH's wall-time
 * rates say more about the other processes than about the code; CPU time moves much less (it still rises with the
 * load: caches and the cores' second threads are shared). Same inputs, same per-invocation work as the JMH benchmarks.
 *
 * <pre>java -cp bench/target/classes:bench/target/lib/* io.linewatch.bench.DissectorCpuRate [SECONDS] [PROTOCOL,...]</pre>
 * SECONDS of thread CPU time per figure after three times as long of warm-up (under load the compiler threads get
 * little CPU, so a short warm-up measures interpreted code; default 5); the protocols default to
 * s7comm,enip,cip_io,modbus. Prints one line per figure.
 */
public final class DissectorCpuRate {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Warm-up CPU time, in measured budgets. */
    private static final int WARM_UP = 3;

    private DissectorCpuRate() {
    }

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        String[] protocols = (args.length > 1 ? args[1] : "s7comm,enip,cip_io,modbus").split(",");
        long budget = seconds * 1_000_000_000L;
        System.out.printf(Locale.ROOT, "%-8s %14s %10s%n", "what", "per CPU s", "CPU s");
        decoder(budget);
        for (String protocol : protocols) {
            dissector(protocol, budget);
        }
        decoder(budget);
    }

    /** The decoder over the OT mix's frames, as {@link DecoderBench#decode}: packets per CPU second. */
    private static void decoder(long budget) {
        List<Frame> all = BenchInputs.frames(BenchInputs.captures(BenchInputs.OT_MIX));
        Frame[] frames = all.toArray(new Frame[0]);
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket packet = new DecodedPacket();
        long sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            long packets = 0;
            long cpu = 0;
            while (cpu < (pass == 0 ? WARM_UP * budget : budget)) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (Frame f : frames) {
                    sink += decoder.decode(f, packet) ? packet.payloadLength : 0;
                }
                cpu += THREADS.getCurrentThreadCpuTime() - t0;
                packets += frames.length;
            }
            if (pass == 1) {
                print("decoder", packets, cpu, sink);
            }
        }
    }

    /** One dissector as {@link DissectorBench#dissect}: PDUs per CPU second (the fresh factory made outside). */
    private static void dissector(String protocol, long budget) {
        DissectorBench bench = new DissectorBench();
        bench.protocol = protocol;
        bench.record();
        PduCounters counters = new PduCounters();
        long sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            counters.reset();
            long cpu = 0;
            while (cpu < (pass == 0 ? WARM_UP * budget : budget)) {
                bench.freshFactory();
                long t0 = THREADS.getCurrentThreadCpuTime();
                sink += bench.dissect(counters);
                cpu += THREADS.getCurrentThreadCpuTime() - t0;
            }
            if (pass == 1) {
                print(protocol, counters.pdus, cpu, sink);
            }
        }
    }

    private static void print(String what, long units, long cpuNanos, long sink) {
        System.out.printf(Locale.ROOT, "%-8s %,14.0f %10.1f%s%n", what, units * 1e9 / cpuNanos, cpuNanos / 1e9,
                sink == 42 ? " " : "");
    }
}
