package io.linewatch.pipeline;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.testkit.Golden;
import io.linewatch.testkit.TestCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events of every capture under {@code testdata/pcaps} (found, not listed: a new capture fails here until it
 * has a golden file), run through the real single-threaded pipeline as {@code analyze} runs it (all dissectors,
 * inventory, rules, journal), against {@code src/test/resources/golden/events/<folder>/<capture>.ndjson}: the lines
 * of {@code events.ndjson}, flow records included, compared as JSON trees (key order ignored).
 *
 * <p>Long captures: when a capture gives more than {@value #MAX_GOLDEN_EVENTS} documents, its most repetitive
 * actions are left out of the golden file, the most frequent {@code event.action} first (ties by name), until at
 * most {@value #MAX_GOLDEN_EVENTS} documents remain; what was left out is still checked, as counts, in
 * {@code <capture>.actions.ndjson} beside it (one line per {@code event.dataset} and {@code event.action} with its
 * number of documents, over all documents, plus one line listing the actions left out).
 *
 * <p>The alerts of each capture are checked the same way, against {@code golden/alerts/<folder>/<capture>.ndjson}: the
 * latest version of each alert (an open alert is written again as it repeats, with the same id), in the order the
 * alerts were raised; an empty file says the capture raises none. Every alert that names an evidence pcap must have
 * it, holding at least one packet.
 *
 * <p>Create or update with {@code -Dgolden.update=true} (e.g. {@code mvn -pl pipeline -am test
 * -Dtest=CaptureEventsGoldenTest -Dgolden.update=true -Dsurefire.failIfNoSpecifiedTests=false}), then review
 * the new documents by hand against {@code tshark -r CAPTURE -Y <protocol>} before committing (CONTRIBUTING.md).
 * The per-protocol golden tests of the dissectors module stay: they pin each dissector alone.
 */
class CaptureEventsGoldenTest {
    static final int MAX_GOLDEN_EVENTS = 300;
    private static final Path GOLDEN = Path.of("src/test/resources/golden/events");
    private static final Path GOLDEN_ALERTS = Path.of("src/test/resources/golden/alerts");

    @TempDir
    static Path out;

    @TestFactory
    Stream<DynamicTest> everyCaptureMatchesItsGoldenEvents() {
        return TestCaptures.all().stream().map(capture -> DynamicTest.dynamicTest(capture, () -> check(capture)));
    }

    private static void checkAlerts(Path dir, String base) throws Exception {
        Map<String, String> latest = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve(Journal.Stream.ALERTS.fileName))) {
            var doc = Json.readDoc(line);
            latest.put(doc.id(), line);
            Object pcap = doc.get(Fields.EVIDENCE_PCAP);
            if (pcap != null) {
                Path file = dir.resolve(String.valueOf(pcap));
                if (!Files.exists(file) || Files.size(file) <= 24 + 16) {
                    throw new AssertionError(base + ": alert " + doc.id() + " names " + pcap + " but it holds no packet");
                }
            }
        }
        Golden.assertLinesMatch(GOLDEN_ALERTS.resolve(base + ".ndjson"), new ArrayList<>(latest.values()));
    }

    private static void check(String capture) throws Exception {
        Path dir = out.resolve(capture.replace('/', '_'));
        try (Journal journal = new Journal(dir, true); PacketSource source = new CaptureFileReader(TestCaptures.path(capture))) {
            String error = new Run(source, new Pipeline(journal, Analyze.rules(), null), (n, f) -> { }, 0).execute();
            if (error != null) {
                throw new AssertionError(capture + ": " + error);
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve(Journal.Stream.EVENTS.fileName));
        String base = capture.replaceAll("\\.pcap(ng)?$", "");
        checkAlerts(dir, base);
        if (lines.size() <= MAX_GOLDEN_EVENTS) {
            Golden.assertLinesMatch(GOLDEN.resolve(base + ".ndjson"), lines);
            return;
        }
        Map<String, Long> byAction = new TreeMap<>();
        Map<String, Long> byDatasetAction = new TreeMap<>();
        List<String> actions = new ArrayList<>(lines.size());
        for (String line : lines) {
            var doc = Json.readDoc(line);
            String action = String.valueOf(doc.getString(Fields.EVENT_ACTION));
            actions.add(action);
            byAction.merge(action, 1L, Long::sum);
            byDatasetAction.merge(doc.getString(Fields.EVENT_DATASET) + "\t" + action, 1L, Long::sum);
        }
        List<String> mostFrequentFirst = new ArrayList<>(byAction.keySet());
        mostFrequentFirst.sort(Comparator.comparing((String a) -> -byAction.get(a)).thenComparing(a -> a));
        Set<String> dropped = new HashSet<>();
        long kept = lines.size();
        for (String a : mostFrequentFirst) {
            if (kept <= MAX_GOLDEN_EVENTS) {
                break;
            }
            dropped.add(a);
            kept -= byAction.get(a);
        }
        List<String> filtered = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!dropped.contains(actions.get(i))) {
                filtered.add(lines.get(i));
            }
        }
        Golden.assertLinesMatch(GOLDEN.resolve(base + ".ndjson"), filtered);

        List<String> counts = new ArrayList<>();
        Map<String, Object> left = new LinkedHashMap<>();
        left.put("left_out_of_golden_file", new ArrayList<>(new TreeMap<>(byAction).keySet().stream()
                .filter(dropped::contains).toList()));
        counts.add(Json.writeValue(left));
        byDatasetAction.forEach((key, n) -> {
            String[] k = key.split("\t", 2);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", k[0]);
            m.put("action", k[1]);
            m.put("documents", n);
            counts.add(Json.writeValue(m));
        });
        Golden.assertLinesMatch(GOLDEN.resolve(base + ".actions.ndjson"), counts);
    }
}
