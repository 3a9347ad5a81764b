package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.Values;
import io.linewatch.rules.RuleEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quiet wire still ends idle flows: live capture ticks the pipeline by the clock between packets. */
class PipelineIdleTest {
    @TempDir
    Path tmp;

    @Test
    void idleFlowsEndByTheClockWithoutAnotherPacket() throws Exception {
        Path capture = Analyze.capture("enip/cisa_set_attribute_single_vlan.pcapng"); // one packet, one flow
        try (Journal journal = new Journal(tmp, true); CaptureFileReader reader = new CaptureFileReader(capture)) {
            Pipeline pipeline = new Pipeline(journal, RuleEngine.compile(null, List.of()), null);
            Frame f = new Frame();
            while (reader.next(f)) {
                pipeline.process(f);
            }
            long last = pipeline.lastTimestamp();
            pipeline.idle(last + 60_000_000_000L);  // a minute later: still within the idle timeout
            journal.sync();
            assertEquals(0, flowRecords());
            pipeline.idle(last + 121_000_000_000L); // past it
            journal.sync();
            assertEquals(1, flowRecords());
            pipeline.finish();
            assertEquals(1, flowRecords(), "ended once");
        }
    }

    private long flowRecords() throws Exception {
        return Files.readAllLines(tmp.resolve("events.ndjson")).stream().map(Json::readDoc)
                .filter(d -> Values.DATASET_FLOW.equals(d.getString(Fields.EVENT_DATASET))).count();
    }
}
