package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Json;
import io.linewatch.testkit.TestCaptures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory over every capture in testdata/pcaps, through the real pipeline (as {@code analyze} runs it):
 * assets.json must match its golden file (regenerate with {@code -Dgolden.update=true} after a dissector is
 * merged, then review the diff), and each identity the traffic exposes (hand-checked against tshark, in
 * identity/expected.tsv) must be in the inventory once its protocol's dissector is registered.
 */
class InventoryCaptureTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/assets");
    private static final Map<String, List<EventDoc>> RUNS = new TreeMap<>();

    @TempDir
    static Path out;

    /** Runs the pipeline over one capture (once per test run) and returns its asset documents. */
    static List<EventDoc> assets(String capture) throws Exception {
        return assets(capture, out);
    }

    /** The same, writing the run under {@code base} (a test class's own temporary folder). */
    static synchronized List<EventDoc> assets(String capture, Path base) throws Exception {
        List<EventDoc> cached = RUNS.get(capture);
        if (cached != null) {
            return cached;
        }
        Path dir = base.resolve(capture.replace('/', '_'));
        try (Journal journal = new Journal(dir, true); PacketSource source = new CaptureFileReader(TestCaptures.path(capture))) {
            Pipeline pipeline = new Pipeline(journal, io.linewatch.rules.RuleEngine.compile(null, List.of()), null);
            Frame frame = new Frame();
            while (source.next(frame)) {
                pipeline.process(frame);
            }
            pipeline.finish();
        }
        List<EventDoc> docs = new ArrayList<>();
        for (Object o : (List<?>) Json.read(Files.readString(dir.resolve(Journal.ASSETS_FILE)))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            docs.add(EventDoc.of(m));
        }
        RUNS.put(capture, docs);
        return docs;
    }

    @TestFactory
    List<DynamicTest> assetsMatchGoldenFiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String capture : TestCaptures.all()) {
            tests.add(DynamicTest.dynamicTest(capture, () -> {
                List<EventDoc> docs = assets(capture);
                StringBuilder actual = new StringBuilder();
                for (EventDoc d : docs) {
                    actual.append(Json.write(d)).append('\n');
                }
                Path golden = GOLDEN.resolve(capture.replaceAll("\\.pcap(ng)?$", ".ndjson"));
                if (Boolean.getBoolean("golden.update")) {
                    Files.createDirectories(golden.getParent());
                    Files.writeString(golden, actual, StandardCharsets.UTF_8);
                    return;
                }
                assertTrue(Files.exists(golden), "golden file " + golden + " missing; create it with -Dgolden.update=true and review it");
                assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual.toString(),
                        "assets of " + capture + " differ from " + golden + " (regenerate with -Dgolden.update=true and review)");
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> identitiesTheTrafficExposesAreInTheInventory() throws IOException {
        Set<String> registered = Dissectors.all().stream().map(f -> f.protocol().wireName).collect(Collectors.toSet());
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/identity/expected.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String capture = f[0], protocol = f[1], ip = f[2], field = f[3], match = f[4], values = f[5];
            tests.add(DynamicTest.dynamicTest(capture + " " + ip + " " + field, () -> {
                Assumptions.assumeTrue(registered.contains(protocol), "no " + protocol + " dissector registered yet");
                EventDoc asset = null;
                for (EventDoc d : assets(capture)) {
                    if (d.get("host.ip") instanceof List<?> ips && ips.contains(ip)) {
                        asset = d;
                    }
                }
                assertNotNull(asset, "no asset for " + ip + " in " + capture);
                String actual = asset.getString(field);
                assertNotNull(actual, field + " of " + ip + " missing in " + capture);
                boolean ok = false;
                for (String v : values.split(" \\| ")) {
                    ok |= match.equals("contains") ? norm(actual).contains(norm(v)) : norm(actual).equals(norm(v));
                }
                assertTrue(ok, field + " of " + ip + " is '" + actual + "', expected " + match + " '" + values + "'");
            }));
        }
        return tests;
    }

    private static String norm(String s) {
        return String.join(" ", s.strip().split("\\s+")).toLowerCase(Locale.ROOT);
    }
}
