package io.linewatch.index.es;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory stand-in for Elasticsearch's bulk API with scripted failures: whole-request outages, and
 * per-document answers by id. It stores like Elasticsearch does: create of an existing id is a 409,
 * upsert replaces.
 */
final class FakeCluster implements BulkSender {
    final Map<String, String> stored = new ConcurrentHashMap<>();
    final Map<String, Integer> createAttempts = new ConcurrentHashMap<>();
    /** Whole requests that fail before any item is looked at. */
    volatile int outageRequests;
    /** id -> statuses to answer before storing it (e.g. 429 then success). */
    final Map<String, List<Integer>> scripted = new HashMap<>();
    /** ids answered 400 forever. */
    final Set<String> rejectIds = ConcurrentHashMap.newKeySet();
    int requests;
    final List<Integer> batchSizes = new ArrayList<>();

    static String key(String index, String id) {
        return index + "/" + id;
    }

    @Override
    public synchronized List<ItemResult> send(List<BulkItem> items) throws EsUnavailableException {
        requests++;
        if (outageRequests > 0) {
            outageRequests--;
            throw new EsUnavailableException("connection refused (simulated)", null);
        }
        batchSizes.add(items.size());
        List<ItemResult> out = new ArrayList<>();
        for (BulkItem item : items) {
            List<Integer> script = scripted.get(item.id());
            if (script != null && !script.isEmpty()) {
                int status = script.remove(0);
                out.add(ItemResult.classify(status, item.op() == BulkItem.Op.CREATE, "scripted " + status));
                continue;
            }
            if (rejectIds.contains(item.id())) {
                out.add(ItemResult.classify(400, true, "mapper_parsing_exception: scripted"));
                continue;
            }
            String k = key(item.index(), item.id());
            createAttempts.merge(k, 1, Integer::sum);
            if (item.op() == BulkItem.Op.CREATE && stored.containsKey(k)) {
                out.add(ItemResult.classify(409, true, "version_conflict_engine_exception"));
            } else {
                stored.put(k, item.source());
                out.add(ItemResult.classify(item.op() == BulkItem.Op.CREATE ? 201 : 200, true, null));
            }
        }
        return out;
    }

    Map<String, String> snapshot() {
        return new LinkedHashMap<>(stored);
    }
}
