package io.linewatch.dissectors.enip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.testkit.WireFeeder;
import io.linewatch.dissectors.testing.DissectorWiring;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes as TCP 44818 segments (both directions), UDP 44818 datagrams and UDP 2222 I/O: no
 * exception may escape, and the registry's safety net (dissector_errors) must stay unused: bad bytes become
 * malformed records or anomalies in the decoders. In the
 * normal suite this runs in regression mode (the seeds under src/test/resources); with JAZZER_FUZZ=1
 * it fuzzes.
 */
class EnipFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void arbitraryBytesNeverThrow(FuzzedDataProvider data) {
        WireFeeder w = new WireFeeder(DissectorWiring.of(EnipFactory.factories()));
        WireFeeder.Tcp c = w.tcp("10.0.0.1", 50000, "10.0.0.2", 44818).handshake(1_000);
        long ts = 2_000;
        while (data.remainingBytes() > 0) {
            int kind = data.consumeInt(0, 4);
            byte[] chunk = data.consumeBytes(data.consumeInt(0, 600));
            ts += data.consumeInt(0, 40_000_000);
            switch (kind) {
                case 0 -> c.toServer(ts, chunk);
                case 1 -> c.toClient(ts, chunk);
                case 2 -> w.udp(ts, "10.0.0.1", 50001, "255.255.255.255", 44818, chunk);
                case 3 -> w.udp(ts, "10.0.0.2", 44818, "10.0.0.1", 50001, chunk);
                default -> w.udp(ts, "10.0.0.2", 2222, "10.0.0.1", 2222, chunk);
            }
        }
        w.finish();
        assertEquals(0L, w.counter("enip.decoder_errors"));
        assertEquals(0L, w.counter("enip.dissector_errors"));
        assertEquals(0L, w.counter("cip_io.dissector_errors"));
    }
}
