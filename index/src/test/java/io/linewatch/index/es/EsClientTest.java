package io.linewatch.index.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a tiny local HTTP server that answers like Elasticsearch: what goes on the wire
 * (API key header, bulk body) and how answers are classified. The test node cannot issue API keys (its
 * minimal distribution lacks the analysis module the security index needs), so the header is checked here.
 */
class EsClientTest {
    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile String bulkAnswer;
    private volatile long delayMillis;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String path = ex.getRequestURI().getPath();
            String body = path.equals("/_bulk") ? bulkAnswer
                    : path.startsWith("/_cluster/health") ? "{\"cluster_name\":\"x\",\"status\":\"green\",\"timed_out\":false,"
                    + "\"number_of_nodes\":1,\"number_of_data_nodes\":1,\"active_primary_shards\":0,\"active_shards\":0,"
                    + "\"relocating_shards\":0,\"initializing_shards\":0,\"unassigned_shards\":0,"
                    + "\"delayed_unassigned_shards\":0,\"number_of_pending_tasks\":0,\"number_of_in_flight_fetch\":0,"
                    + "\"task_max_waiting_in_queue_millis\":0,\"active_shards_percent_as_number\":100.0}"
                    : "{\"acknowledged\":true}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private EsSettings settings() throws EsConfigException {
        return EsSettings.builder().urls("http://127.0.0.1:" + server.getAddress().getPort()).apiKey("aWQ6c2VjcmV0")
                .sensorName("t").requestTimeout(Duration.ofMillis(800)).build();
    }

    @Test
    void sendsTheApiKeyOnEveryRequestAndInstallsTheTemplates() throws Exception {
        try (EsClient client = EsClient.open(settings())) {
            client.check();
            client.installTemplates();
        }
        assertEquals(5, authorizations.size(), "health, component template, three index templates");
        authorizations.forEach(a -> assertEquals("ApiKey aWQ6c2VjcmV0", a));
        assertTrue(bodies.stream().anyMatch(b -> b.contains("\"date_nanos\"")));
    }

    @Test
    void bulkItemsAreClassifiedOneByOne() throws Exception {
        bulkAnswer = "{\"took\":1,\"errors\":true,\"items\":["
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"1\",\"status\":201,\"result\":\"created\"}},"
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"2\",\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"exists\"}}},"
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"3\",\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}}},"
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"4\",\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"bad ip\"}}}]}";
        List<ItemResult> results;
        try (EsClient client = EsClient.open(settings())) {
            results = client.send(List.of(BulkItem.create("i", "1", "{\"a\":1}"), BulkItem.create("i", "2", "{}"),
                    BulkItem.create("i", "3", "{}"), BulkItem.create("i", "4", "{}")));
        }
        assertEquals(List.of(ItemResult.Kind.STORED, ItemResult.Kind.ALREADY_PRESENT, ItemResult.Kind.RETRY,
                ItemResult.Kind.REJECTED), results.stream().map(ItemResult::kind).toList());
        assertEquals("document_parsing_exception: bad ip", results.get(3).reason());
        String bulk = bodies.get(bodies.size() - 1);
        assertTrue(bulk.startsWith("{\"create\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"a\":1}\n"), bulk);
    }

    @Test
    void theBulkBodyIsEachDocumentAsGivenAfterItsActionLine() {
        byte[] body = EsClient.bulkBody(List.of(BulkItem.versioned("a", "x\"1", "{\"n\":1}", 7),
                BulkItem.upsert("s", "id", "{\"m\":2}", java.util.Map.of("m", 2))));
        assertEquals("{\"index\":{\"_index\":\"a\",\"_id\":\"x\\\"1\",\"version\":7,\"version_type\":\"external_gte\"}}\n"
                + "{\"n\":1}\n{\"index\":{\"_index\":\"s\",\"_id\":\"id\"}}\n{\"m\":2}\n",
                new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aSlowClusterIsATemporaryFailure() throws Exception {
        delayMillis = 2000;
        try (EsClient client = EsClient.open(settings())) {
            EsUnavailableException e = assertThrows(EsUnavailableException.class,
                    () -> client.send(List.of(BulkItem.create("i", "1", "{}"))));
            assertTrue(e.getMessage().contains("no answer within the timeout"), e.getMessage());
        }
    }
}
