package io.linewatch.rules.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.schema.MaintenanceFields;
import io.linewatch.model.schema.Schema;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.rules.AssetDirectory;
import io.linewatch.rules.EvidenceRecorder;
import io.linewatch.rules.RuleEngine;
import io.linewatch.rules.RuleSettings;
import io.linewatch.rules.RulesException;
import io.linewatch.rules.facts.MaintenanceWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance windows: iCalendar with recurrence, expected changes instead of alerts, briefings and summaries. */
class MaintenanceTest {
    static final long H = 3_600_000_000_000L;
    static final long S = 1_000_000_000L;

    @TempDir
    Path tmp;

    private static final String ICS = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Plant planning//EN\r
            BEGIN:VTIMEZONE\r
            TZID:Europe/Berlin\r
            END:VTIMEZONE\r
            BEGIN:VEVENT\r
            UID:line3@plant\r
            SUMMARY:Line 3 PLC update\\, monthly\r
            DTSTART;TZID=Europe/Berlin:20240302T060000\r
            DTEND;TZID=Europe/Berlin:20240302T100000\r
            RRULE:FREQ=MONTHLY;BYDAY=1SA;COUNT=6\r
            X-LINEWATCH-ASSETS:10.0.0.0/28\r
            X-LINEWATCH-OPERATIONS:program,control\r
            X-LINEWATCH-ACTORS:10.0.0.5\r
            DESCRIPTION:a long description that is folded over\r
              two lines\r
            BEGIN:VALARM\r
            TRIGGER:-PT15M\r
            END:VALARM\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            SUMMARY:Weekly backup\r
            DTSTART:20240506T220000Z\r
            DURATION:PT2H\r
            RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20240601T000000Z\r
            END:VEVENT\r
            END:VCALENDAR\r
            """;

    @Test
    void iCalendarEventsWithTimeZonesAndRecurrenceBecomeWindows() throws Exception {
        Path f = tmp.resolve("plan.ics");
        Files.writeString(f, ICS);
        List<WindowSpec> specs = MaintenanceWindows.load(f);
        assertEquals(2, specs.size());
        WindowSpec line3 = specs.get(0);
        assertEquals("Line 3 PLC update, monthly", line3.name());
        assertEquals(List.of("10.0.0.0/28"), line3.targets());
        List<MaintenanceWindow> all = line3.occurrences(0, Long.MAX_VALUE / 2);
        // first Saturdays, 06:00 Berlin: CET (+1) in March, CEST (+2) from April on; COUNT=6
        List<String> starts = all.stream().map(w -> Timestamps.iso(w.startNanos())).toList();
        assertEquals(List.of("2024-03-02T05:00:00.000000Z", "2024-04-06T04:00:00.000000Z", "2024-05-04T04:00:00.000000Z",
                "2024-06-01T04:00:00.000000Z", "2024-07-06T04:00:00.000000Z", "2024-08-03T04:00:00.000000Z"), starts);
        assertEquals(4 * H, all.get(0).endNanos() - all.get(0).startNanos());

        List<String> backups = specs.get(1).occurrences(0, Long.MAX_VALUE / 2).stream()
                .map(w -> Timestamps.iso(w.startNanos()).substring(0, 10)).toList();
        // every other week, Monday and Wednesday, from 6 May until 1 June
        assertEquals(List.of("2024-05-06", "2024-05-08", "2024-05-20", "2024-05-22"), backups);
    }

    @Test
    void recurrenceCountsUntilAndMonthEnds() {
        ZonedDateTime jan31 = ZonedDateTime.of(2024, 1, 31, 6, 0, 0, 0, ZoneId.of("UTC"));
        List<ZonedDateTime> s = Recurrence.parse("FREQ=MONTHLY;COUNT=3", ZoneId.of("UTC")).starts(jan31, jan31.plusYears(1));
        assertEquals(List.of(jan31, jan31.withMonth(3), jan31.withMonth(5)), s); // no 31 February or April
        List<ZonedDateTime> last = Recurrence.parse("FREQ=MONTHLY;BYDAY=-1SU;COUNT=2", ZoneId.of("UTC"))
                .starts(ZonedDateTime.of(2024, 3, 31, 6, 0, 0, 0, ZoneId.of("UTC")), jan31.plusYears(1));
        assertEquals(31, last.get(0).getDayOfMonth());
        assertEquals(28, last.get(1).getDayOfMonth()); // last Sunday of April 2024
        List<ZonedDateTime> daily = Recurrence.parse("FREQ=DAILY;INTERVAL=3;UNTIL=20240210", ZoneId.of("UTC"))
                .starts(ZonedDateTime.of(2024, 2, 1, 0, 0, 0, 0, ZoneId.of("UTC")), jan31.plusYears(1));
        assertEquals(List.of(1, 4, 7, 10), daily.stream().map(ZonedDateTime::getDayOfMonth).toList());
    }

    @Test
    void badCalendarsAreOneLineWithFileAndLine() throws Exception {
        Path f = tmp.resolve("bad.ics");
        Files.writeString(f, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20240101T000000Z\nDTEND:20240101T010000Z\n"
                + "RRULE:FREQ=YEARLY\nEND:VEVENT\nEND:VCALENDAR\n");
        RulesException e = assertThrows(RulesException.class, () -> MaintenanceWindows.load(f));
        assertTrue(e.getMessage().contains("bad.ics line 6: RRULE FREQ=YEARLY is not supported"), e.getMessage());
        Files.writeString(f, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART;TZID=Mars/Olympus:20240101T000000\n"
                + "DTEND:20240101T010000Z\nEND:VEVENT\nEND:VCALENDAR\n");
        e = assertThrows(RulesException.class, () -> MaintenanceWindows.load(f));
        assertTrue(e.getMessage().contains("bad.ics line 4: DTSTART time zone 'Mars/Olympus' is not known"), e.getMessage());
        Path j = tmp.resolve("w.json");
        Files.writeString(j, "[{\"name\": \"x\", \"start\": \"2024-05-04T06:00:00Z\", \"end\": \"2024-05-04T07:00:00Z\","
                + " \"operations\": [\"reprogram\"]}]");
        e = assertThrows(RulesException.class, () -> MaintenanceWindows.load(j));
        assertTrue(e.getMessage().contains("w.json: window 1: operation 'reprogram' is not one of"), e.getMessage());
    }

    record Ends(String clientIp, String serverIp) implements Endpoints {
        public String id() {
            return clientIp + ">" + serverIp;
        }

        public String transport() {
            return "tcp";
        }

        public int clientPort() {
            return 49152;
        }

        public int serverPort() {
            return 102;
        }

        public String clientMac() {
            return null;
        }

        public String serverMac() {
            return null;
        }

        public int vlan() {
            return -1;
        }

        public int innerVlan() {
            return -1;
        }
    }

    private long seq;

    private Transaction tx(long ts, String client, String server, String action, Operation op) {
        return new Transaction(new Ends(client, server), ++seq, Protocol.S7COMM, ts).action(action).operation(op)
                .outcome(Outcome.SUCCESS);
    }

    @Test
    void declaredChangesInsideAWindowAreExpectedAndTheWindowIsBriefedAndSummarised() {
        long start = Timestamps.parse("2024-05-04T06:00:00Z");
        List<WindowSpec> windows = MaintenanceWindows.fromList(List.of(Map.of("name", "Line 3", "start", "2024-05-04T06:00:00Z",
                "end", "2024-05-04T10:00:00Z", "assets", List.of("10.0.0.0/28"), "operations", List.of("program", "control"),
                "actors", List.of("10.0.0.5"))), "test");
        List<EventDoc> alerts = new ArrayList<>();
        List<EventDoc> events = new ArrayList<>();
        EventDoc plc = new EventDoc();
        plc.put(Fields.ASSET_ID, "00:1b:1b:23:eb:3b");
        plc.put(Fields.HOST_IP, List.of("10.0.0.10"));
        plc.put(Fields.ASSET_ROLE, "plc");
        plc.put(Fields.DEVICE_MANUFACTURER, "Siemens");
        plc.put(Fields.DEVICE_MODEL_NAME, "CPU 315-2 PN/DP");
        plc.put(Fields.DEVICE_FIRMWARE_VERSION, "3.2.6");
        Map<String, Object> adv = new LinkedHashMap<>();
        adv.put("id", "ICSA-24-001-01");
        plc.put("linewatch.advisories", List.of(adv));
        EventDoc laptop = new EventDoc();
        laptop.put(Fields.HOST_IP, List.of("10.9.0.1"));
        AssetDirectory dir = new AssetDirectory() {
            public String role(String ip) {
                return "unknown";
            }

            public List<EventDoc> assets() {
                return List.of(plc, laptop);
            }
        };
        RuleEngine.Outputs out = new RuleEngine.Outputs(alerts::add, events::add, dir, EvidenceRecorder.NONE, m -> { });
        try (RuleEngine r = RuleEngine.compile(null, windows, RuleSettings.DEFAULTS).newSession(out)) {
            // a download two days before: remembered for the briefing, alerted (no window)
            r.accept(tx(start - 48 * H, "10.0.0.5", "10.0.0.10", "program_download", Operation.PROGRAM));
            assertEquals(1, alerts.size());
            r.accept(tx(start - 20 * H, "10.0.0.5", "10.0.0.10", "read_szl", Operation.DIAGNOSTIC)); // briefing due (24 h lead)
            // inside: declared and allowed, repeated
            r.accept(tx(start + H, "10.0.0.5", "10.0.0.10", "plc_stop", Operation.CONTROL));
            r.accept(tx(start + H + S, "10.0.0.5", "10.0.0.10", "plc_stop", Operation.CONTROL));
            r.accept(tx(start + H + 2 * S, "10.0.0.5", "10.0.0.10", "program_download", Operation.PROGRAM));
            // inside, but: an actor not allowed; an asset out of scope; an undeclared operation
            r.accept(tx(start + 2 * H, "10.0.0.7", "10.0.0.10", "plc_stop", Operation.CONTROL));
            r.accept(tx(start + 2 * H, "10.0.0.5", "10.0.0.99", "plc_stop", Operation.CONTROL));
            r.accept(tx(start + 2 * H, "10.0.0.5", "10.0.0.10", "block_delete", Operation.PROGRAM));
            r.accept(tx(start + 2 * H + S, "10.0.0.5", "10.0.0.10", "firmware_update", Operation.FIRMWARE));
            r.accept(tx(start + 5 * H, "10.0.0.5", "10.0.0.10", "read_szl", Operation.DIAGNOSTIC)); // after: summary
        }
        List<String> alerted = alerts.stream().map(a -> a.getString(Fields.RULE_ID) + " " + a.getString(Fields.SOURCE_IP)
                + ">" + a.getString(Fields.DESTINATION_IP)).distinct().toList();
        // block_delete is a program operation (declared): expected
        assertEquals(List.of("LW-ENG-005 10.0.0.5>10.0.0.10", "LW-ENG-001 10.0.0.7>10.0.0.10", "LW-ENG-001 10.0.0.5>10.0.0.99",
                "LW-ENG-008 10.0.0.5>10.0.0.10"), alerted);
        EventDoc notAllowed = alerts.get(1);
        assertEquals("Line 3", notAllowed.getString(Fields.MAINTENANCE_WINDOW));
        assertTrue(notAllowed.getString(Fields.MESSAGE).endsWith("during maintenance window 'Line 3' (not declared for this"
                + " change, asset or station)"), notAllowed.getString(Fields.MESSAGE));

        List<String> actions = events.stream().map(e -> e.getString(Fields.EVENT_ACTION)).toList();
        assertEquals(List.of("briefing", "expected_change", "expected_change", "expected_change", "window_summary"), actions);
        for (EventDoc e : events) {
            assertEquals(MaintenanceFields.DATASET, e.getString(Fields.EVENT_DATASET));
            assertEquals(List.of(), Schema.problems(e.asMap()), e.asMap().toString());
        }
        EventDoc briefing = events.get(0);
        assertEquals(Timestamps.iso(start - 20 * H), briefing.getString(Fields.TIMESTAMP));
        List<?> assets = (List<?>) briefing.get(MaintenanceFields.ASSETS);
        assertEquals(1, assets.size());
        Map<?, ?> a = (Map<?, ?>) assets.get(0);
        assertEquals("3.2.6", a.get("firmware"));
        assertEquals(List.of("ICSA-24-001-01"), a.get("advisories"));
        assertEquals(List.of("10.0.0.5"), a.get("programmed_by"));
        assertTrue(String.valueOf(a.get("recent_changes")).contains("10.0.0.5 program_download"), a.toString());
        assertEquals(1, ((List<?>) briefing.get(MaintenanceFields.OPEN_ALERTS)).size());

        EventDoc stop = events.get(1);
        assertEquals("LW-ENG-001", stop.getString(Fields.RULE_ID));
        assertEquals("10.0.0.5", stop.getString(Fields.SOURCE_IP));
        assertEquals("control", stop.getString(MaintenanceFields.OPERATION));

        EventDoc summary = events.get(4);
        List<?> changes = (List<?>) summary.get(MaintenanceFields.CHANGES);
        assertEquals(5, changes.size(), changes.toString()); // stop (x2), download, delete expected; stop by .7 alerted
        Map<?, ?> first = (Map<?, ?>) changes.get(0);
        assertEquals(2L, first.get("count"));
        assertEquals(true, first.get("expected"));
        assertTrue(summary.getString(Fields.MESSAGE).contains("(3 expected, 1 alerted)") || summary.getString(Fields.MESSAGE)
                .contains("expected"), summary.getString(Fields.MESSAGE));
    }
    private static io.linewatch.model.transaction.Observation departure(io.linewatch.model.transaction.ObservationType type,
            String key, long ts, long count, String actor, String target, String seen) {
        return new io.linewatch.model.transaction.Observation("obs-" + key + ts, type, key, ts, ts, count, actor, null, -1,
                target, null, 102, Protocol.S7COMM, "learned", seen, "departure " + key + ".", List.of("tx-" + ts));
    }

    /** The summary after a window says what the baseline and the inventory saw change on the assets in scope. */
    @Test
    void theWindowSummaryListsTheBaselineDeparturesAndIdentityChangesOfTheAssetsInScope() {
        long start = Timestamps.parse("2024-05-04T06:00:00Z");
        List<WindowSpec> windows = MaintenanceWindows.fromList(List.of(Map.of("name", "Line 3", "start", "2024-05-04T06:00:00Z",
                "end", "2024-05-04T10:00:00Z", "assets", List.of("10.0.0.0/28"), "actors", List.of("10.0.0.5"))), "test");
        List<EventDoc> events = new ArrayList<>();
        EventDoc plc = new EventDoc();
        plc.put(Fields.HOST_IP, List.of("10.0.0.10"));
        plc.put(Fields.ASSET_ROLE, "plc");
        Map<String, Object> inside = new LinkedHashMap<>();
        inside.put("field", "device.firmware.version");
        inside.put("old_value", "3.2.6");
        inside.put("new_value", "3.3.1");
        inside.put("changed_at", Timestamps.iso(start + 2 * H));
        Map<String, Object> before = new LinkedHashMap<>(inside);
        before.put("changed_at", Timestamps.iso(start - 30 * H)); // the day before: not the window's
        plc.put("asset.identity_history", List.of(before, inside));
        EventDoc outOfScope = new EventDoc();
        outOfScope.put(Fields.HOST_IP, List.of("10.0.0.99"));
        outOfScope.put("asset.identity_history", List.of(inside));
        AssetDirectory dir = new AssetDirectory() {
            public String role(String ip) {
                return "unknown";
            }

            public List<EventDoc> assets() {
                return List.of(plc, outOfScope);
            }
        };
        var NEW_TALKER = io.linewatch.model.transaction.ObservationType.NEW_TALKER;
        var FIRMWARE = io.linewatch.model.transaction.ObservationType.FIRMWARE_CHANGE;
        RuleEngine.Outputs out = new RuleEngine.Outputs(a -> { }, events::add, dir, EvidenceRecorder.NONE, m -> { });
        try (RuleEngine r = RuleEngine.compile(null, windows, RuleSettings.DEFAULTS).newSession(out)) {
            r.accept(departure(NEW_TALKER, "talker:10.0.0.7>10.0.0.10", start - H, 1, "10.0.0.7", "10.0.0.10", "s7comm"));
            r.accept(departure(NEW_TALKER, "talker:10.0.0.5>10.0.0.10", start + H, 1, "10.0.0.5", "10.0.0.10", "s7comm"));
            // the same departure handed on again when it closes, grown
            r.accept(departure(NEW_TALKER, "talker:10.0.0.5>10.0.0.10", start + H, 9, "10.0.0.5", "10.0.0.10", "s7comm"));
            r.accept(departure(FIRMWARE, "identity:10.0.0.10/firmware=3.3.1", start + 2 * H, 1, null, "10.0.0.10", "3.3.1"));
            r.accept(departure(NEW_TALKER, "talker:10.0.0.5>10.0.0.99", start + H, 1, "10.0.0.5", "10.0.0.99", "s7comm"));
            r.accept(tx(start + 5 * H, "10.0.0.5", "10.0.0.10", "read_szl", Operation.DIAGNOSTIC)); // after: summary
        }
        EventDoc summary = events.stream().filter(e -> "window_summary".equals(e.getString(Fields.EVENT_ACTION)))
                .findFirst().orElseThrow();
        assertEquals(List.of(), Schema.problems(summary.asMap()), summary.asMap().toString());
        List<?> departures = (List<?>) summary.get(MaintenanceFields.BASELINE_CHANGES);
        assertEquals(2, departures.size(), departures.toString()); // before the window and out of scope are not listed
        Map<?, ?> talker = (Map<?, ?>) departures.get(0);
        assertEquals("new_talker", talker.get("type"));
        assertEquals("talker:10.0.0.5>10.0.0.10", talker.get("key"));
        assertEquals("10.0.0.5", talker.get("actor"));
        assertEquals(9L, talker.get("count"));
        Map<?, ?> firmware = (Map<?, ?>) departures.get(1);
        assertEquals("firmware_change", firmware.get("type"));
        assertEquals("10.0.0.10", firmware.get("target"));
        List<?> identity = (List<?>) summary.get(MaintenanceFields.IDENTITY_CHANGES);
        assertEquals(List.of(Map.of("ip", "10.0.0.10", "field", "device.firmware.version", "old_value", "3.2.6",
                "new_value", "3.3.1", "changed_at", Timestamps.iso(start + 2 * H))), identity);
        assertTrue(summary.getString(Fields.MESSAGE).endsWith("2 departures from the baseline, 1 identity changes"),
                summary.getString(Fields.MESSAGE));
    }
}
