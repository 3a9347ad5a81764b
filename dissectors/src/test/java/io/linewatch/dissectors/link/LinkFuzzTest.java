package io.linewatch.dissectors.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.testkit.WireFeeder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layer-2 dissectors (PROFINET DCP, LLDP, CDP) on random and mutated frames: the registry's safety net
 * ({@code <protocol>.dissector_errors}) stays unused, so bad bytes become malformed records in the decoders, and every
 * malformed record is counted. The Jazzer test replays the seeds under {@code src/test/resources/.../LinkFuzzTestInputs}
 * (real frames of the public captures, as whole Ethernet frames) in the normal suite and fuzzes with
 * {@code JAZZER_FUZZ=1}; the mutation test runs a fixed-seed mutator over the same frames every time.
 */
class LinkFuzzTest {
    private static final Path SEEDS = Path.of("src/test/resources/io/linewatch/dissectors/link/LinkFuzzTestInputs/arbitraryFramesNeverThrow");
    private static final String[] PROTOCOLS = {"profinet_dcp", "lldp", "cdp"};
    private static final int MUTANTS_PER_SEED = 1500;

    @FuzzTest(maxDuration = "10s")
    void arbitraryFramesNeverThrow(FuzzedDataProvider data) {
        WireFeeder w = new WireFeeder(DissectorWiring.link(Dissectors.link()));
        byte[] frame = data.consumeRemainingAsBytes();
        w.ethernet(frame);
        w.frame(LinkTypes.LINUX_SLL, frame); // the same bytes read as a cooked capture
        assertSafe(w);
    }

    @Test
    void mutatedCaptureFramesNeverThrow() throws IOException {
        List<byte[]> seeds = seeds();
        assertTrue(seeds.size() >= 10, "the seed frames are there");
        Random random = new Random(17); // fixed: the same mutants on every run
        WireFeeder w = new WireFeeder(DissectorWiring.link(Dissectors.link()));
        long frames = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                w.ethernet(mutate(seed, random));
                frames++;
            }
        }
        assertSafe(w);
        long records = w.transactions().size();
        assertTrue(records > frames / 2, "most mutants still reach a dissector: " + records + " of " + frames);
        long malformed = w.transactions().stream().filter(e -> Values.ACTION_MALFORMED.equals(e.getString(Fields.EVENT_ACTION))).count();
        assertTrue(malformed > 0, "some mutants are malformed");
    }

    /** One to four of: a byte changed, a length field's high byte set, the frame cut, bytes inserted (from byte 14 on). */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && b.length > 16; i++) {
            int at = 14 + random.nextInt(b.length - 14);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] = (byte) (b[at] | 0x80 | random.nextInt(128));
                case 2 -> b = java.util.Arrays.copyOf(b, at);
                default -> {
                    byte[] longer = new byte[b.length + 1 + random.nextInt(8)];
                    System.arraycopy(b, 0, longer, 0, at);
                    System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
                    for (int j = at; j < longer.length - (b.length - at); j++) {
                        longer[j] = (byte) random.nextInt(256);
                    }
                    b = longer;
                }
            }
        }
        return b;
    }

    private static void assertSafe(WireFeeder w) {
        for (String protocol : PROTOCOLS) {
            assertEquals(0L, w.counter(protocol + ".dissector_errors"), protocol + ": an exception reached the registry");
            long malformed = 0;
            for (EventDoc e : w.transactions()) {
                if (protocol.equals(e.getString(Fields.NETWORK_PROTOCOL)) && Values.ACTION_MALFORMED.equals(e.getString(Fields.EVENT_ACTION))) {
                    malformed++;
                }
            }
            assertEquals(malformed, w.counter(protocol + ".malformed"), protocol + ": every malformed record is counted");
        }
    }

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(SEEDS)) {
            for (Path p : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    out.add(in.readAllBytes());
                }
            }
        }
        return out;
    }
}
