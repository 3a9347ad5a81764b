package io.linewatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.index.es.EsSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ElasticsearchOptionsTest {
    @TempDir
    Path dir;

    private static ElasticsearchOptions parse(String... args) {
        AnalyzeCommand cmd = new AnalyzeCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.es;
    }

    @Test
    void withoutAUrlThereIsNoElasticsearch() throws Exception {
        assertNull(parse("--out", "x", "f.pcap").resolve(Map.of()));
    }

    @Test
    void theConfigurationFileGivesEverySettingAndTheCommandLineWins() throws Exception {
        Files.writeString(dir.resolve("pw"), "from-file\n");
        Path config = dir.resolve("linewatch.yml");
        Files.writeString(config, """
                sensor_name: plant1-span3
                elasticsearch:
                  url: [http://es1:9200, http://es2:9200]
                  user: linewatch
                  password_file: pw            # relative to this file
                  bulk_max_documents: 250
                  drain_timeout_seconds: 42
                """);
        EsSettings s = parse("--out", "x", "f.pcap", "--config", config.toString()).resolve(Map.of());
        assertEquals("http://es1:9200,http://es2:9200", s.destination());
        assertEquals("plant1-span3", s.sensorName());
        assertEquals("linewatch", s.username());
        assertEquals(250, s.bulkMaxDocuments());
        assertEquals(Duration.ofSeconds(42), s.drainTimeout());

        EsSettings overridden = parse("--out", "x", "f.pcap", "--config", config.toString(), "--es", "http://es9:9200",
                "--sensor-name", "other").resolve(Map.of());
        assertEquals("http://es9:9200", overridden.destination());
        assertEquals("other", overridden.sensorName());
    }

    @Test
    void secretsMayComeFromTheEnvironment() throws Exception {
        EsSettings s = parse("--out", "x", "f.pcap", "--es", "http://es1:9200", "--es-user", "u", "--sensor-name", "a")
                .resolve(Map.of(ElasticsearchOptions.ENV_PASSWORD, "pw-from-env"));
        assertFalse(s.toString().contains("pw-from-env"));
        EsSettings k = parse("--out", "x", "f.pcap", "--es", "http://es1:9200", "--sensor-name", "a")
                .resolve(Map.of(ElasticsearchOptions.ENV_API_KEY, "a2V5"));
        assertTrue(k.toString().contains("api key ***"), k.toString());
    }

    @Test
    void aTypoInTheConfigurationFileIsAnError() throws Exception {
        Path config = dir.resolve("c.yml");
        Files.writeString(config, "elasticsearch:\n  urls: http://es1:9200\n");
        SensorConfig.ConfigException e = assertThrows(SensorConfig.ConfigException.class,
                () -> parse("--out", "x", "f.pcap", "--config", config.toString()).resolve(Map.of()));
        assertTrue(e.getMessage().contains("unknown setting 'elasticsearch.urls'"), e.getMessage());
        Files.writeString(config, "elasticsearch: [unclosed\n");
        assertThrows(SensorConfig.ConfigException.class,
                () -> parse("--out", "x", "f.pcap", "--config", config.toString()).resolve(Map.of()));
    }

    /** Bad settings: one line, exit 1, and not a packet read (no journal written). */
    @Test
    void aBadUrlStopsAnalyzeBeforeAnyPacket() {
        String[] result = analyze("--es", "http://linewatch:secret@127.0.0.1:9200");
        assertEquals("1", result[0]);
        assertEquals(1, result[1].lines().count(), result[1]);
        assertFalse(result[1].contains("secret"), result[1]);
        assertFalse(Files.exists(dir.resolve("out").resolve("events.ndjson")));
    }

    /**
     * Issue 16, defect 5: an unreachable cluster is an outage, not a bad setting. The sensor says so in one line,
     * records everything to the journal, and at the end (here after a 1 s drain) says what is left to send.
     */
    @Test
    void anUnreachableElasticsearchDoesNotStopAnalyze() throws Exception {
        Path config = dir.resolve("es.yml");
        Files.writeString(config, "elasticsearch:\n  url: http://127.0.0.1:1\n  drain_timeout_seconds: 1\n");
        String[] result = analyze("--config", config.toString());
        String first = result[1].lines().findFirst().orElse("");
        assertEquals("linewatch: cannot use Elasticsearch at http://127.0.0.1:1: connection refused or no route to the host; "
                + "is Elasticsearch running there? (recording to the journal; shipping when it answers)", first);
        assertTrue(Files.readAllLines(dir.resolve("out").resolve("events.ndjson")).size() > 100, "journaled");
        assertTrue(result[1].contains("not yet in Elasticsearch"), result[1]);
        assertEquals("1", result[0], "documents left unsent: the exit status says so");
    }

    /** {exit status, standard error} of an analyze run of a Modbus capture into dir/out. */
    private String[] analyze(String... es) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc;
        try {
            List<String> args = new java.util.ArrayList<>(List.of("analyze",
                    "../testdata/pcaps/modbus/iti_plant141_polling_fc1-2-4-15-16.pcap",
                    "--out", dir.resolve("out").toString(), "--quiet", "--transactions", "all"));
            args.addAll(List.of(es));
            rc = Main.run(args.toArray(String[]::new));
        } finally {
            System.setErr(saved);
        }
        return new String[] {Integer.toString(rc), err.toString(StandardCharsets.UTF_8)};
    }
}
