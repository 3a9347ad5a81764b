package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.MergedSource;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.schema.SummaryFields;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.rules.AssetDirectory;
import io.linewatch.rules.RuleEngine;
import io.linewatch.rules.RuleSettings;
import io.linewatch.rules.TransactionSampling;
import io.linewatch.rules.maintenance.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules' own thread: fed in the merger's order, with the inventory's answers of the moment of the hand-off, never
 * dropping a fact, and failing the run (not hanging it) when the rules fail.
 */
class RulesHandOffTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path tmp;

    private static final SummariesTest.Ends HMI_TO_PLC = new SummariesTest.Ends("tcp 10.0.0.1:40000 10.0.0.2:502", "10.0.0.1", "10.0.0.2");

    /** The inventory as the merger sees it: roles that change as records are merged. */
    private static final class Inventory implements AssetDirectory {
        final Map<String, String> roles = new HashMap<>();
        int roleQuestions;

        @Override
        public String role(String ip) {
            roleQuestions++;
            return roles.getOrDefault(ip, "unknown");
        }

        @Override
        public List<EventDoc> assets() {
            return List.of();
        }
    }

    /** Rules shown every transaction that write down what they were given, on which thread, and the roles they were told. */
    private static class Recorder implements RulesHandOff.Rules {
        final List<String> seen = new ArrayList<>();
        final AssetDirectory answers;

        Recorder(AssetDirectory answers) {
            this.answers = answers;
        }

        @Override
        public TransactionSampling.Shown shown(Transaction t) {
            return TransactionSampling.Shown.ALWAYS;
        }

        @Override
        public void transaction(Transaction t, TransactionSampling.Shown shown) {
            transaction(t);
        }

        @Override
        public void transaction(Transaction t) {
            seen.add(Thread.currentThread().getName() + " " + t.sequence() + " " + answers.role(t.endpoints().clientIp())
                    + " -> " + answers.role(t.endpoints().serverIp()));
        }

        @Override
        public void observation(Observation o) {
        }

        @Override
        public void flowEnded(FlowRecord f) {
        }

        @Override
        public void folded(String transactionId, String firstId) {
            seen.add("folded " + transactionId + " " + firstId);
        }

        @Override
        public void tick(long nanos) {
            seen.add("tick " + nanos);
        }

        @Override
        public void maintain() {
        }

        @Override
        public void finish() {
            seen.add("finish");
        }
    }

    private static Transaction read(long sequence) {
        return new Transaction(HMI_TO_PLC, sequence, Protocol.MODBUS, sequence * S).action("read_holding_registers");
    }

    private RulesHandOff handOff(Inventory inventory) {
        return new RulesHandOff(inventory, new ParallelEvidence(tmp, 1));
    }

    @Test
    void theRulesOnTheirOwnThreadWriteWhatTheyWriteOnTheMergingThread() throws Exception {
        Path[] captures = Analyze.alerting();
        // a maintenance window keeps the rules on the merging thread; this one is far from the captures' time
        RuleEngine.Pack onMerger = RuleEngine.compile(null, List.of(new WindowSpec("far", ZonedDateTime.of(2199, 1, 1,
                0, 0, 0, 0, ZoneOffset.UTC), 3600 * S, null, List.of(), Set.of(), List.of())), RuleSettings.DEFAULTS);
        Path merger = tmp.resolve("merger");
        Path own = tmp.resolve("own");
        run(merger, onMerger, captures);
        ParallelPipeline p = run(own, Analyze.rules(), captures);
        assertTrue(p.waits().containsKey("merger waiting for the rules"), "the rules had a thread of their own");
        assertTrue(Files.readAllLines(own.resolve("alerts.ndjson")).size() >= 5);
        assertTrue(citesASummary(own), "an alert cites a folded action by the summary that counts it");
        for (String file : List.of("events.ndjson", "alerts.ndjson", "assets.json")) {
            assertEquals(Files.readString(merger.resolve(file)), Files.readString(own.resolve(file)), file);
        }
        try (Stream<Path> files = Files.list(merger.resolve("evidence"))) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(own.resolve("evidence").resolve(f.getFileName())),
                        f.getFileName().toString());
            }
        }
    }

    private static boolean citesASummary(Path out) throws Exception {
        Set<String> summaries = new HashSet<>();
        for (String line : Files.readAllLines(out.resolve("events.ndjson"))) {
            EventDoc d = Json.readDoc(line);
            if (SummaryFields.DATASET.equals(d.getString(Fields.EVENT_DATASET))) {
                summaries.add(d.id());
            }
        }
        for (String line : Files.readAllLines(out.resolve("alerts.ndjson"))) {
            if (Json.readDoc(line).get(Fields.EVIDENCE_EVENT_IDS) instanceof List<?> ids
                    && ids.stream().anyMatch(summaries::contains)) {
                return true;
            }
        }
        return false;
    }

    /** {@code analyze --threads 2} with the default (summarised) output. */
    private static ParallelPipeline run(Path out, RuleEngine.Pack pack, Path... captures) throws Exception {
        List<PacketSource> sources = new ArrayList<>();
        for (Path c : captures) {
            sources.add(new CaptureFileReader(c));
        }
        try (Journal journal = new Journal(out, true); PacketSource source = new MergedSource(sources)) {
            ParallelPipeline p = new ParallelPipeline(journal, pack, null, 2, false, TransactionOutput.NOTABLE);
            String error = new Run(source, p, (packets, fraction) -> { }, 0).execute();
            assertEquals(null, error);
            return p;
        }
    }

    @Test
    void theRulesSeeTheRecordsInOrderWithTheRolesOfTheHandOff() {
        Inventory inventory = new Inventory();
        RulesHandOff handOff = handOff(inventory);
        Recorder rules = new Recorder(handOff.answers());
        handOff.start(rules);
        handOff.transaction(read(1)); // the PLC not yet known as one
        inventory.roles.put("10.0.0.2", "plc");
        handOff.folded("t-2", "t-1");
        handOff.transaction(read(2));
        inventory.roles.put("10.0.0.1", "hmi");
        handOff.tick(3 * S);
        handOff.merged(2);
        inventory.roles.put("10.0.0.2", "it_host"); // after the hand-off: the rules must not see it
        handOff.finish();
        assertEquals(List.of(
                "linewatch-rules 1 unknown -> unknown",
                "folded t-2 t-1",
                "linewatch-rules 2 unknown -> plc",
                "tick " + 3 * S,
                "finish"), rules.seen);
    }

    @Test
    void onlyTheTransactionsTheRulesAreShownAreHandedOnAndHaveTheirRolesAsked() {
        Inventory inventory = new Inventory();
        RulesHandOff handOff = handOff(inventory);
        TransactionSampling sampling = new TransactionSampling();
        List<String> shown = new ArrayList<>();
        Recorder rules = new Recorder(handOff.answers()) {
            @Override
            public TransactionSampling.Shown shown(Transaction t) {
                assertEquals("main", Thread.currentThread().getName(), "decided on the merging thread");
                return sampling.shown(t);
            }

            @Override
            public void transaction(Transaction t, TransactionSampling.Shown answer) {
                shown.add(t.sequence() + " " + answer);
                super.transaction(t, answer);
            }
        };
        handOff.start(rules);
        for (long second : new long[] {1, 2, 59, 61, 62}) { // one read key: its first in each minute is shown
            handOff.transaction(new Transaction(HMI_TO_PLC, second, Protocol.MODBUS, second * S).action("read_holding_registers"));
        }
        handOff.finish();
        assertEquals(List.of("1 SAMPLED", "61 SAMPLED"), shown);
        assertEquals(List.of("linewatch-rules 1 unknown -> unknown", "linewatch-rules 61 unknown -> unknown", "finish"),
                rules.seen);
        assertEquals(4, inventory.roleQuestions, "both parties' roles of the two transactions shown, no others");
    }

    @Test
    void aFullQueueHoldsTheMergerBackAndDropsNothing() throws Exception {
        RulesHandOff handOff = handOff(new Inventory());
        CountDownLatch release = new CountDownLatch(1);
        Recorder rules = new Recorder(handOff.answers()) {
            @Override
            public void transaction(Transaction t) {
                try {
                    release.await(); // the rules are slow: every batch fills up behind them
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                super.transaction(t);
            }
        };
        handOff.start(rules);
        int total = (RulesHandOff.BATCHES + 2) * RulesHandOff.BATCH_ITEMS;
        Thread merger = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                handOff.transaction(read(i));
            }
            handOff.finish();
        });
        merger.start();
        while (merger.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait(); // until the merger waits for a free batch
        }
        assertTrue(rules.seen.isEmpty());
        release.countDown();
        merger.join();
        assertEquals(total + 1, rules.seen.size());
        for (int i = 0; i < total; i++) {
            assertEquals("linewatch-rules " + i + " unknown -> unknown", rules.seen.get(i));
        }
    }

    @Test
    void aFailureOfTheRulesFailsTheMergerWithItsCause() {
        RulesHandOff handOff = handOff(new Inventory());
        IllegalStateException boom = new IllegalStateException("a rule's consequence failed");
        handOff.start(new Recorder(handOff.answers()) {
            @Override
            public void transaction(Transaction t) {
                throw boom;
            }
        });
        handOff.transaction(read(1));
        // the rules thread drains what follows: the merger goes on handing on until it learns of the failure
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 100 * RulesHandOff.BATCHES; i++) {
                handOff.merged(i);
            }
            handOff.finish();
        });
        assertSame(boom, thrown.getCause());
        assertTrue(thrown.getMessage().contains("the rules failed"), thrown.getMessage());
    }

    @Test
    void aQuestionTheHandOffDidNotAnswerFailsTheRun() {
        RulesHandOff handOff = handOff(new Inventory());
        handOff.start(new Recorder(handOff.answers()) {
            @Override
            public void transaction(Transaction t) {
                answers.role("10.9.9.9"); // neither party of the transaction
            }
        });
        handOff.transaction(read(1));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, handOff::finish);
        assertTrue(thrown.getCause().getMessage().contains("the role of 10.9.9.9, which the hand-off did not answer"),
                thrown.getCause().getMessage());
    }
}
