package io.linewatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.schema.SummaryFields;
import io.linewatch.pipeline.TransactionOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's traffic counts are the same whether each transaction has its own document ({@code --transactions
 * all}) or routine ones are folded into summaries (the default): a summary counts as the transactions it stands for.
 */
class TrafficTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"modbus/iti_plant141_polling_fc1-2-4-15-16.pcap",
            "enip/iti_plant141_cip_multiservice_polling.pcap", ConsoleFixture.CAPTURE})
    void summariesCountAsTheTransactionsTheyStandFor(String capture) throws Exception {
        List<Map<String, Object>> all = ConsoleFixture.ndjson(
                ConsoleFixture.analyze(capture, tmp.resolve("all"), TransactionOutput.ALL).resolve("events.ndjson"));
        List<Map<String, Object>> notable = ConsoleFixture.ndjson(
                ConsoleFixture.analyze(capture, tmp.resolve("notable"), TransactionOutput.NOTABLE).resolve("events.ndjson"));
        assertTrue(notable.stream().anyMatch(d -> SummaryFields.DATASET.equals(Docs.str(d, "event.dataset"))),
                capture + " has routine polling: the default mode folds some of it");
        Traffic each = read(all);
        Traffic folded = read(notable);
        Map<String, Object> a = each.overview(10);
        Map<String, Object> n = folded.overview(10);
        assertTrue(each.transactions() > 0);
        for (String key : List.of("transactions", "writes", "engineering", "flows", "by_protocol", "by_operation",
                "top_actions")) {
            assertEquals(a.get(key), n.get(key), key);
        }
        assertEquals(edges(each), edges(folded));
        Set<String> ips = new TreeSet<>();
        each.edges().forEach(e -> {
            ips.add(e.source);
            ips.add(e.destination);
        });
        assertEquals(each.functions(ips), folded.functions(ips));
    }

    private static Traffic read(List<Map<String, Object>> events) {
        Traffic t = new Traffic();
        events.forEach(t::add);
        return t;
    }

    /** Each edge's counts (its first and last times differ: a summary is placed at its first transaction). */
    private static List<List<Object>> edges(Traffic t) {
        List<List<Object>> out = new ArrayList<>();
        for (Traffic.Edge e : t.edges()) {
            out.add(List.of(e.source, e.destination, e.protocol, e.transactions, e.writes, e.engineering, e.flows,
                    e.bytes));
        }
        return out;
    }
}
