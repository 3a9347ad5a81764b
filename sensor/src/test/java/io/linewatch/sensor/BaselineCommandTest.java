package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.baseline.BaselineEngine;
import io.linewatch.baseline.BaselineFile;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import io.linewatch.model.schema.MaintenanceFields;
import io.linewatch.model.transaction.Documents;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code linewatch baseline show | diff | approve | unlearn} over a saved baseline, with the audit log. */
class BaselineCommandTest {
    private static final long S = 1_000_000_000L;

    record Flow(String id, String transport, String clientIp, String serverIp, int clientPort, int serverPort,
                String clientMac, String serverMac, int vlan, int innerVlan) implements Endpoints {
    }

    @TempDir
    Path dir;

    private final List<Observation> seen = new ArrayList<>();

    private BaselineEngine learned() {
        BaselineEngine e = new BaselineEngine(BaselineConfig.learnFor(Duration.ofMinutes(1)), seen::add);
        Flow hmi = new Flow("hmi", "tcp", "10.0.0.10", "10.0.0.1", 40000, 502, null, null, -1, -1);
        for (int i = 0; i < 200; i++) {
            e.transaction(new Transaction(hmi, i, Protocol.MODBUS, 1_700_000_000L * S + i * S).action("read_holding_registers")
                    .operation(Operation.READ).function(3).unit(1).objects(ObjectRef.range("holding_registers", 0, 10)));
        }
        Flow laptop = new Flow("laptop", "tcp", "10.0.0.99", "10.0.0.1", 40001, 502, null, null, -1, -1);
        e.transaction(new Transaction(laptop, 0, Protocol.MODBUS, 1_700_000_000L * S + 300 * S).action("write_single_register")
                .operation(Operation.WRITE).function(6).unit(1).objects(ObjectRef.range("holding_registers", 5, 1)));
        e.finish(1_700_000_000L * S + 300 * S);
        return e;
    }

    @Test
    void showApproveUnlearnAndDiffWithAnAuditLog() throws Exception {
        BaselineEngine e = learned();
        Path a = dir.resolve("a");
        Files.createDirectories(a);
        BaselineFile.write(e, a.resolve("baseline.json"));
        StringBuilder events = new StringBuilder();
        for (Observation o : seen) {
            events.append(Json.write(Documents.of(o))).append('\n');
        }
        Files.writeString(a.resolve("events.ndjson"), events);
        Path b = dir.resolve("b");
        Files.createDirectories(b);
        Files.copy(a.resolve("baseline.json"), b.resolve("baseline.json"));
        Files.copy(a.resolve("events.ndjson"), b.resolve("events.ndjson"));

        assertEquals(0, Main.run("baseline", "show", a.toString()));
        assertEquals(0, Main.run("baseline", "diff", a.toString(), b.toString()));

        Observation write = seen.stream().filter(o -> o.type() == ObservationType.UNAUTHORIZED_WRITE).findFirst().orElseThrow();
        assertEquals(0, Main.run("baseline", "approve", b.toString(), "--observation", write.id(),
                "--reason", "new engineering laptop, change 4711", "--by", "alice"));
        assertEquals(0, Main.run("baseline", "approve", b.toString(), "--key", "talker:10.0.0.99>10.0.0.1", "--reason", "same"));
        assertEquals(BaselineCommand.DIFFERENT, Main.run("baseline", "diff", a.toString(), b.toString()));
        assertEquals(0, Main.run("baseline", "unlearn", b.toString(), "--key", "talker:10.0.0.99>10.0.0.1", "--reason", "oops"));
        assertEquals(2, Main.run("baseline", "approve", b.toString(), "--key", "talker:10.0.0.99>10.0.0.1"), "--reason is required");
        assertEquals(1, Main.run("baseline", "unlearn", b.toString(), "--key", "nonsense:1", "--reason", "x"));

        List<String> audit = Files.readAllLines(b.resolve("baseline-audit.ndjson"));
        assertEquals(3, audit.size());
        assertTrue(audit.get(0).contains("\"who\":\"alice\"") && audit.get(0).contains("change 4711")
                && audit.get(0).contains(write.id()), audit.get(0));
        assertTrue(audit.get(2).contains("\"action\":\"unlearn\""), audit.get(2));

        // the approved write is no longer reported by an engine continuing from b
        List<Observation> after = new ArrayList<>();
        BaselineEngine cont = BaselineFile.read(b.resolve("baseline.json"), BaselineConfig.learnWholeRun(), after::add);
        Flow laptop = new Flow("laptop", "tcp", "10.0.0.99", "10.0.0.1", 40001, 502, null, null, -1, -1);
        cont.transaction(new Transaction(laptop, 1, Protocol.MODBUS, 1_700_000_000L * S + 400 * S).action("write_single_register")
                .operation(Operation.WRITE).function(6).unit(1).objects(ObjectRef.range("holding_registers", 5, 1)));
        assertEquals(List.of(ObservationType.NEW_TALKER), after.stream().map(Observation::type).toList(),
                "the write approved, the talker unlearned again");
    }

    /** Issue 14: the departures a maintenance window's summary lists are learned in one command, each audited. */
    @Test
    void approveWindowLearnsEveryDepartureItsSummaryLists() throws Exception {
        BaselineEngine e = learned();
        Path d = dir.resolve("w");
        Files.createDirectories(d);
        BaselineFile.write(e, d.resolve("baseline.json"));
        Observation write = seen.stream().filter(o -> o.type() == ObservationType.UNAUTHORIZED_WRITE).findFirst().orElseThrow();
        EventDoc summary = new EventDoc()
                .put(Fields.EVENT_ACTION, MaintenanceFields.ACTION_WINDOW_SUMMARY)
                .put(MaintenanceFields.WINDOW_ID, "patch-2024-05-04")
                .put(MaintenanceFields.BASELINE_CHANGES, List.of(
                        java.util.Map.of("type", "new_talker", "key", "talker:10.0.0.99>10.0.0.1"),
                        java.util.Map.of("type", "unauthorized_write", "key", write.key(), "seen", write.seen())));
        EventDoc other = new EventDoc().put(Fields.EVENT_ACTION, MaintenanceFields.ACTION_WINDOW_SUMMARY)
                .put(MaintenanceFields.WINDOW_ID, "another-window").put(MaintenanceFields.BASELINE_CHANGES, List.of());
        Files.writeString(d.resolve("events.ndjson"), Json.write(other) + "\n" + Json.write(summary) + "\n");

        assertEquals(1, Main.run("baseline", "approve", d.toString(), "--window", "no-such-window", "--reason", "x"));
        assertEquals(0, Main.run("baseline", "approve", d.toString(), "--window", "another-window", "--reason", "x"));
        assertEquals(0, Main.run("baseline", "approve", d.toString(), "--window", "patch-2024-05-04",
                "--reason", "planned laptop change", "--by", "bob"));
        List<String> audit = Files.readAllLines(d.resolve("baseline-audit.ndjson"));
        assertEquals(2, audit.size(), audit.toString());
        assertTrue(audit.stream().allMatch(l -> l.contains("maintenance window patch-2024-05-04") && l.contains("\"who\":\"bob\"")),
                audit.toString());

        List<Observation> after = new ArrayList<>();
        BaselineEngine cont = BaselineFile.read(d.resolve("baseline.json"), BaselineConfig.learnWholeRun(), after::add);
        Flow laptop = new Flow("laptop", "tcp", "10.0.0.99", "10.0.0.1", 40001, 502, null, null, -1, -1);
        cont.transaction(new Transaction(laptop, 1, Protocol.MODBUS, 1_700_000_000L * S + 400 * S).action("write_single_register")
                .operation(Operation.WRITE).function(6).unit(1).objects(ObjectRef.range("holding_registers", 5, 1)));
        assertEquals(List.of(), after, "the window's talker and write are learned");
    }
}
