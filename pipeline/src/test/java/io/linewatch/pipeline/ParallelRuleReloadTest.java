package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.index.journal.Journal;
import io.linewatch.rules.RuleEngine;
import io.linewatch.rules.RuleSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --threads N} picks up rule files dropped into the user folder while it runs, and survives a broken one. */
class ParallelRuleReloadTest {
    private static final String SITE_RULE = """
            package site;
            import io.linewatch.rules.facts.Transaction;
            global io.linewatch.rules.Alerts alerts;

            rule "SITE-900 Modbus polling seen"
                @id("SITE-900") @severity(20) @techniques("T0801")
            when
                $t : Transaction(protocol == "modbus")
            then
                alerts.raise(kcontext, $t, "polled");
            end
            """;

    @TempDir
    Path tmp;

    @Test
    void aRuleFileDroppedWhileRunningTakesEffectAndABrokenOneIsReported() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("rules"));
        Path out = tmp.resolve("out");
        RuleEngine.Pack pack = RuleEngine.compile(folder, List.of(), RuleSettings.DEFAULTS);
        Path capture = Analyze.capture("modbus/iti_plant141_polling_fc1-2-4-15-16.pcap");
        long total = 0;
        try (CaptureFileReader r = new CaptureFileReader(capture)) {
            Frame f = new Frame();
            while (r.next(f)) {
                total++;
            }
        }
        try (Journal journal = new Journal(out, true); CaptureFileReader reader = new CaptureFileReader(capture)) {
            ParallelPipeline pipeline = new ParallelPipeline(journal, pack, null, 2, false);
            Files.writeString(folder.resolve("site.drl"), SITE_RULE);
            Thread.sleep(1_100); // the folder is looked at once a second
            Frame f = new Frame();
            long fed = 0;
            while (fed < total / 2 && reader.next(f)) {
                pipeline.process(f);
                fed++;
            }
            waitForReload(pipeline, "rules.reloads");
            Files.writeString(folder.resolve("broken.drl"), "package site;\nrule \"broken\" when then nonsense(;\nend\n");
            Thread.sleep(1_100);
            while (reader.next(f)) {
                pipeline.process(f);
            }
            pipeline.finish();
            assertEquals(1L, pipeline.ruleCounters().get("rules.reloads"));
            assertEquals(1L, pipeline.ruleCounters().get("rules.reload_failures"));
            List<String> errors = pipeline.snapshot().health().errors();
            assertTrue(errors.stream().anyMatch(e -> e.contains("broken.drl line") && e.contains("keep running")), errors.toString());
        }
        List<String> alerts = Files.readAllLines(out.resolve("alerts.ndjson"));
        assertTrue(alerts.stream().anyMatch(l -> "SITE-900".equals(io.linewatch.model.Json.readDoc(l).getString("rule.id"))), "the dropped rule fired");
    }

    /** The merger looks at the folder between rounds: feeds go on until it did (bounded). */
    private static void waitForReload(ParallelPipeline p, String counter) throws InterruptedException {
        for (int i = 0; i < 100 && p.ruleCounters().get(counter) == null; i++) {
            p.flushIdle();
            Thread.sleep(50);
        }
    }
}
