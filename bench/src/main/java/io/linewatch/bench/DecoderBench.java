package io.linewatch.bench;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.source.Frame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** {@link PacketDecoder} over every frame of the OT-mix test captures, held in memory (read: packets/s). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecoderBench {
    private Frame[] frames;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();

    @Setup
    public void load() {
        List<Frame> all = BenchInputs.frames(BenchInputs.captures(BenchInputs.OT_MIX));
        frames = all.toArray(new Frame[0]);
        for (Frame f : frames) {
            wireBytes += f.originalLength;
        }
    }

    private long wireBytes;

    @Benchmark
    public void decode(PacketCounters counters, Blackhole bh) {
        for (Frame f : frames) {
            bh.consume(decoder.decode(f, packet));
            bh.consume(packet.payloadLength);
        }
        counters.packets += frames.length;
        counters.bytes += wireBytes;
    }
}
