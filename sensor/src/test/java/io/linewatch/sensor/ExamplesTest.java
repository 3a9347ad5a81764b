package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.index.es.EsSettings;
import io.linewatch.index.outputs.AlertOutput;
import io.linewatch.model.Json;
import io.linewatch.model.Timestamps;
import io.linewatch.rules.facts.MaintenanceWindow;
import io.linewatch.rules.maintenance.MaintenanceWindows;
import io.linewatch.rules.maintenance.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every file in examples/ is loaded the way a user would load it, so none of them can rot. */
class ExamplesTest {
    static final Path EXAMPLES = TestData.root().resolve("examples");

    @TempDir
    Path tmp;

    @Test
    void configurationFileIsValidAsShippedAndWithEverySettingUncommented() throws Exception {
        Path shipped = EXAMPLES.resolve("linewatch.yml");
        SensorConfig asShipped = SensorConfig.load(shipped);
        assertTrue(asShipped.outputs.isEmpty() && asShipped.elasticsearch.isEmpty(), "installed inactive");

        // "# " lines are settings: uncomment them all ("## " lines are prose and stay comments)
        String all = Files.readAllLines(shipped).stream().map(l -> l.startsWith("# ") ? l.substring(2) : l)
                .collect(Collectors.joining("\n", "", "\n"));
        Path config = Files.writeString(tmp.resolve("linewatch.yml"), all);
        Files.writeString(tmp.resolve("es-api-key"), "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==\n");
        SensorConfig c = SensorConfig.load(config);
        assertEquals("plant1-span3", c.sensorName);
        assertEquals(3, c.outputs.size());

        ElasticsearchOptions es = new ElasticsearchOptions();
        es.config = config;
        EsSettings settings = es.resolve(Map.of());
        assertNotNull(settings);
        assertEquals("https://es1.plant.example:9200", settings.destination());

        List<AlertOutput> outputs = new OutputOptions().open(c, es.sensorName(c));
        try {
            assertEquals(List.of("syslog tls://siem.plant.example:6514 cef", "syslog udp://10.10.0.5:514 json",
                    "webhook https://soar.plant.example/hooks/linewatch"), outputs.stream().map(AlertOutput::name).toList());
        } finally {
            outputs.forEach(o -> o.close(Duration.ZERO));
        }
    }

    @Test
    void maintenanceWindowFileLoads() {
        List<WindowSpec> specs = MaintenanceWindows.load(EXAMPLES.resolve("maintenance.json"));
        assertEquals(2, specs.size());
        List<MaintenanceWindow> w = new java.util.ArrayList<>();
        for (WindowSpec spec : specs) {
            w.addAll(spec.occurrences(Timestamps.parse("2024-01-01T00:00:00Z"), Timestamps.parse("2025-01-01T00:00:00Z")));
        }
        assertTrue(w.get(0).covers("10.3.0.9", "program", Timestamps.parse("2024-05-04T07:00:00Z")));
        assertFalse(w.get(0).covers("10.3.0.9", "control", Timestamps.parse("2024-05-04T07:00:00Z")));
        assertTrue(w.get(1).covers("10.9.9.9", "control", Timestamps.parse("2024-08-13T07:00:00Z")));
    }

    /** The rule file through the user-folder loading of --rules, on a capture where it must fire. */
    @Test
    void siteRuleFolderLoadsAndFires() throws Exception {
        Path out = tmp.resolve("out");
        TestData.Result r = TestData.run("analyze", TestData.capture("modbus/iti_plant141_polling_fc1-2-4-15-16.pcap").toString(),
                "--out", out.toString(), "--quiet", "--rules", EXAMPLES.resolve("rules").toString(),
                "--maintenance", EXAMPLES.resolve("maintenance.json").toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> site = Files.readAllLines(out.resolve("alerts.ndjson")).stream()
                .filter(l -> l.contains("\"SITE-001\"")).toList();
        // once per writer and controller: as many alerts as pairs with a Modbus write in the events
        long pairs = Files.readAllLines(out.resolve("events.ndjson")).stream().map(l -> Json.readDoc(l).asMap())
                .filter(e -> "write".equals(get(e, "ot", "operation")) && "modbus".equals(get(e, "network", "protocol")))
                .map(e -> get(e, "source", "ip") + ">" + get(e, "destination", "ip")).distinct().count();
        assertTrue(pairs > 1, "the capture has Modbus writes to several controllers");
        assertEquals(pairs, site.size(), site.toString());
        Map<String, Object> a = Json.readDoc(site.get(0)).asMap();
        assertTrue(a.get("message").toString().startsWith("host 141.81.0.10 wrote to 141.81.0."), a.toString());
    }

    private static Object get(Map<String, Object> doc, String object, String field) {
        return doc.get(object) instanceof Map<?, ?> m ? m.get(field) : null;
    }

    /** The iCalendar example loads as maintenance windows, the weekly one recurring. */
    @Test
    void iCalendarExampleLoads() {
        List<WindowSpec> specs = MaintenanceWindows.load(EXAMPLES.resolve("maintenance.ics"));
        assertEquals(2, specs.size());
        List<MaintenanceWindow> weekly = specs.get(1).occurrences(Timestamps.parse("2024-05-01T00:00:00Z"),
                Timestamps.parse("2024-06-01T00:00:00Z"));
        assertEquals(4, weekly.size(), "Mondays 6, 13, 20 and 27 May 2024: " + weekly);
    }

    /** The file is well-formed RFC 5545: balanced BEGIN/END, and every VEVENT with the properties a window needs. */
    @Test
    void iCalendarExampleIsWellFormed() throws Exception {
        List<String> lines = Files.readAllLines(EXAMPLES.resolve("maintenance.ics"));
        Deque<String> open = new ArrayDeque<>();
        int events = 0;
        java.util.Set<String> props = new java.util.HashSet<>();
        for (String l : lines) {
            if (l.startsWith("BEGIN:")) {
                open.push(l.substring(6));
                props.clear();
            } else if (l.startsWith("END:")) {
                assertEquals(open.pop(), l.substring(4), "END matches BEGIN");
                if (l.equals("END:VEVENT")) {
                    events++;
                    assertTrue(props.containsAll(List.of("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY")), props.toString());
                }
            } else {
                assertTrue(l.matches("[A-Z-]+[;:].*"), "content line: " + l);
                props.add(l.split("[;:]", 2)[0]);
            }
        }
        assertTrue(open.isEmpty());
        assertEquals(2, events);
    }

    @Test
    void usageErrorsAreOneLineWithAHint() {
        TestData.Result r = TestData.run("analyze", "x.pcap", "--out", tmp.toString(), "--foo");
        assertEquals(2, r.exitCode());
        assertEquals("linewatch: unknown option --foo (see 'linewatch help analyze')\n", r.err());
        r = TestData.run("capture", "--out", tmp.toString());
        assertEquals("linewatch: missing required option: --iface=IF (see 'linewatch help capture')\n", r.err());
        r = TestData.run("inventory", "diff", "--fro");
        assertTrue(r.err().startsWith("linewatch: unknown option --fro"), r.err());
        assertTrue(r.err().endsWith("(see 'linewatch inventory diff --help')\n"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void helpNamesEveryCommandAndShowsOneCommandsOptions() {
        TestData.Result all = TestData.run("help");
        assertEquals(0, all.exitCode());
        for (String c : List.of("analyze", "capture", "ship", "inventory", "baseline", "serve", "report", "help")) {
            assertTrue(all.out().contains("  " + c + " "), all.out());
        }
        TestData.Result one = TestData.run("help", "capture");
        assertEquals(0, one.exitCode());
        assertTrue(one.out().startsWith("Usage: linewatch capture"), one.out());
        assertTrue(one.out().contains("--metrics=PORT") && one.out().contains("--syslog=URL"), one.out());
        assertEquals("linewatch " + Version.get() + "\n", TestData.run("--version").out());
        assertFalse(Version.get().equals("unknown"));
    }

    @Test
    void alertLineSaysWhoDidWhatToWhom() {
        Map<String, Object> alert = Json.readDoc("{\"@timestamp\":\"2024-05-04T06:01:02.345Z\",\"event\":{\"severity\":73},"
                + "\"rule\":{\"id\":\"OT-CTL-001\"},\"source\":{\"ip\":\"10.3.0.5\"},\"destination\":{\"ip\":\"10.3.0.9\","
                + "\"port\":102},\"network\":{\"protocol\":\"s7comm\"},\"message\":\"PLC stop\"}").asMap();
        assertEquals("2024-05-04T06:01:02.345Z alert OT-CTL-001 severity 73 10.3.0.5 -> 10.3.0.9:102 s7comm: PLC stop",
                Alerting.line(alert));
    }

    /** Every command's help renders cleanly: picocli formats descriptions, so a bare % warns on stderr. */
    @Test
    void everyCommandsHelpRendersWithoutWarnings() {
        List<List<String>> paths = new java.util.ArrayList<>();
        collectCommands(Main.commandLine(), List.of(), paths);
        assertTrue(paths.size() > 8, paths.toString());
        for (List<String> path : paths) {
            List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            TestData.Result r = TestData.run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), path.toString());
            assertEquals("", r.err(), path.toString());
            assertTrue(r.out().startsWith("Usage: linewatch"), path + ": " + r.out());
        }
    }

    private static void collectCommands(CommandLine cl, List<String> path, List<List<String>> into) {
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().helpCommand()) {
                continue;
            }
            List<String> p = new java.util.ArrayList<>(path);
            p.add(sub.getKey());
            into.add(p);
            collectCommands(sub.getValue(), p, into);
        }
    }

    /** The man page and completion generators see the same command tree as the command line. */
    @Test
    void commandTreeIsWhatTheGeneratorsSee() {
        CommandLine cl = Main.commandLine();
        assertEquals(List.of("analyze", "capture", "ship", "inventory", "baseline", "serve", "report", "help"), List.copyOf(cl.getSubcommands().keySet()));
    }
}
