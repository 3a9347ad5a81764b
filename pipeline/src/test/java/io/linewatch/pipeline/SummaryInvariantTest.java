package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.Values;
import io.linewatch.model.schema.SummaryFields;
import io.linewatch.testkit.TestCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant of {@code --transactions notable}: every transaction is counted in exactly one document, its own
 * or a summary's {@code linewatch.summary.count}. Over every test capture, with the default interval and with a
 * 1 s interval (many interval ends), on one thread and on two, the own transaction documents plus the summaries'
 * counts equal the number of transaction documents {@code --transactions all} writes, capture by capture; every
 * id is unique; every {@code all} document that must stay whatever its key did (control, failures, ...) is there,
 * and every write, program and firmware action keeps at least one document (its repeats may fold); every
 * transaction an alert cites is a document (its own, or the summary that counts it).
 */
class SummaryInvariantTest {
    @TempDir
    Path out;

    /** Transactions in a journal: own documents, summaries, their counts, and the ids seen. */
    private record Tally(long own, long summaries, long counted, Set<String> ownIds, Set<String> notableIds,
            Set<String> actions) {
        long total() {
            return own + counted;
        }
    }

    @Test
    void everyTransactionIsCountedExactlyOnce() throws Exception {
        long all = 0;
        long summarised = 0;
        long summaryDocs = 0;
        long folded = 0;
        int n = 0;
        for (String capture : TestCaptures.all()) {
            Tally everything = run(capture, TransactionOutput.ALL, 1);
            for (TransactionOutput mode : List.of(TransactionOutput.NOTABLE, TransactionOutput.notable(1_000_000_000L))) {
                for (int threads : new int[] {1, 2}) {
                    Tally notable = run(capture, mode, threads);
                    String what = capture + " (interval " + mode.intervalNanos() / 1_000_000 + " ms, " + threads
                            + " threads)";
                    assertEquals(everything.own(), notable.total(), what + ": own documents + summary counts");
                    // what must stay is still there, under the same id (ids are (flow, sequence): mode-independent)
                    assertTrue(notable.ownIds().containsAll(everything.notableIds()), what + ": a notable transaction was folded");
                    assertTrue(everything.ownIds().containsAll(notable.ownIds()), what + ": an own document not in all mode");
                    assertEquals(everything.actions(), notable.actions(), what + ": every action keeps a document");
                    if (threads == 1 && mode == TransactionOutput.NOTABLE) {
                        summarised += notable.total();
                        summaryDocs += notable.summaries();
                        folded += notable.counted();
                    }
                }
            }
            all += everything.own();
            n++;
        }
        assertEquals(all, summarised, "summed over every capture");
        assertTrue(n >= 20 && folded > all / 2, "the captures are mostly polling: " + folded + " of " + all
                + " folded into " + summaryDocs + " summaries");
    }

    @Test
    void summariesAreDeterministic() throws Exception {
        String capture = "modbus/iti_plant141_polling_fc1-2-4-15-16.pcap";
        run(capture, TransactionOutput.notable(1_000_000_000L), 1);
        byte[] first = Files.readAllBytes(out.resolve("run").resolve(Journal.Stream.EVENTS.fileName));
        run(capture, TransactionOutput.notable(1_000_000_000L), 1);
        byte[] second = Files.readAllBytes(out.resolve("run").resolve(Journal.Stream.EVENTS.fileName));
        assertTrue(java.util.Arrays.equals(first, second), "same input, same summaries, same ids");
    }

    private Tally run(String capture, TransactionOutput mode, int threads) throws Exception {
        Path dir = out.resolve("run");
        if (Files.exists(dir)) {
            // deepest first: the run leaves sub-folders (evidence/) as well as files
            try (var files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(f);
                }
            }
        }
        try (Journal journal = new Journal(dir, true); PacketSource source = new CaptureFileReader(TestCaptures.path(capture))) {
            PacketPipeline p = threads > 1 ? new ParallelPipeline(journal, Analyze.rules(), null, threads, false, mode)
                    : new Pipeline(journal, Analyze.rules(), null, mode);
            String error = new Run(source, p, (x, y) -> { }, 0).execute();
            if (error != null) {
                throw new AssertionError(capture + ": " + error);
            }
        }
        long own = 0;
        long summaries = 0;
        long counted = 0;
        Set<String> ids = new HashSet<>();
        Set<String> ownIds = new HashSet<>();
        Set<String> notableIds = new HashSet<>();
        Set<String> actions = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve(Journal.Stream.EVENTS.fileName))) {
            EventDoc d = Json.readDoc(line);
            String id = d.getString(Fields.EVENT_ID);
            assertTrue(ids.add(id), capture + ": id " + id + " twice");
            String dataset = d.getString(Fields.EVENT_DATASET);
            if (Values.DATASET_FLOW.equals(dataset)) {
                continue;
            }
            if (SummaryFields.DATASET.equals(dataset)) {
                summaries++;
                long c = ((Number) d.get(SummaryFields.COUNT)).longValue();
                assertTrue(c > 0, capture + ": a summary of nothing");
                counted += c;
                continue;
            }
            own++;
            ownIds.add(id);
            if (mustStay(d)) {
                notableIds.add(id);
            }
            String action = actionSeen(d);
            if (action != null) {
                actions.add(action);
            }
        }
        for (String line : Files.readAllLines(dir.resolve(Journal.Stream.ALERTS.fileName))) {
            EventDoc alert = Json.readDoc(line);
            if (alert.get(Fields.EVIDENCE_EVENT_IDS) instanceof List<?> evidence) {
                for (Object id : evidence) {
                    assertTrue(ids.contains(String.valueOf(id)), capture + ": alert " + alert.id() + " cites " + id
                            + ", not a document of the output");
                }
            }
        }
        return new Tally(own, summaries, counted, ownIds, notableIds, actions);
    }

    /** Read from the document alone: what {@link Summaries#always} keeps whatever its key did before. */
    private static boolean mustStay(EventDoc d) {
        String op = d.getString(Fields.OT_OPERATION);
        return op == null || Values.OUTCOME_FAILURE.equals(d.getString(Fields.EVENT_OUTCOME))
                || Values.SEEN_MALFORMED.equals(d.getString(Fields.OT_SEEN)) || d.get(Fields.OT_ANOMALIES) != null
                || Set.of(Values.OP_CONTROL, Values.OP_DISCOVERY).contains(op);
    }

    /**
     * An action (write, program, firmware) may fold when it repeats the one before it on its key, but never all of
     * them: each (dataset, action, source, destination) of these operations keeps at least one document.
     */
    private static String actionSeen(EventDoc d) {
        String op = d.getString(Fields.OT_OPERATION);
        if (op == null || !Set.of(Values.OP_WRITE, Values.OP_PROGRAM, Values.OP_FIRMWARE).contains(op)) {
            return null;
        }
        return d.getString(Fields.EVENT_DATASET) + " " + d.getString(Fields.EVENT_ACTION) + " "
                + d.getString(Fields.SOURCE_IP) + " " + d.getString(Fields.DESTINATION_IP);
    }
}
