package io.linewatch.testkit;

import io.linewatch.model.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The administrator's REST calls integration tests make to a test Elasticsearch (one node or a cluster): checks,
 * refreshes, listing and deleting documents by id. Implementations only say how one request is sent.
 */
public interface ElasticsearchRest {
    /** As the administrator: a REST call, body JSON or null. */
    HttpResponse<String> request(String method, String path, String body) throws IOException;

    /** Like {@link #request} but fails on a non-2xx answer. */
    default String call(String method, String path, String body) throws IOException {
        HttpResponse<String> r = request(method, path, body);
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Makes everything indexed so far visible to search. */
    default void refresh(String indexPattern) throws IOException {
        call("POST", "/" + indexPattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    }

    /**
     * Every document id matching a query (JSON, e.g. {@code {"match_all":{}}}), paging with a scroll so that any
     * number of documents is listed; an id stored twice (in two indices) appears twice.
     */
    default List<String> ids(String indexPattern, String queryJson) throws IOException {
        return hits(indexPattern, queryJson).stream().map(h -> h[1]).toList();
    }

    /**
     * Deletes every document matching a query (tests sharing the node clean up after themselves; the node runs
     * without the reindex module, so there is no {@code _delete_by_query}); refreshed when it returns.
     *
     * @return how many were deleted
     */
    default int delete(String indexPattern, String queryJson) throws IOException {
        List<String[]> hits = hits(indexPattern, queryJson);
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            String[] h = hits.get(i);
            bulk.append("{\"delete\":{\"_index\":\"").append(h[0]).append("\",\"_id\":\"").append(h[1]).append("\"}}\n");
            if ((i + 1) % 5000 == 0 || i == hits.size() - 1) {
                call("POST", "/_bulk", bulk.toString());
                bulk.setLength(0);
            }
        }
        refresh(indexPattern);
        return hits.size();
    }

    /** Index and id of every document matching a query, through a scroll. */
    @SuppressWarnings("unchecked")
    private List<String[]> hits(String indexPattern, String queryJson) throws IOException {
        List<String[]> out = new ArrayList<>();
        String r = call("POST", "/" + indexPattern + "/_search?scroll=1m&ignore_unavailable=true&allow_no_indices=true",
                "{\"size\":5000,\"_source\":false,\"sort\":[\"_doc\"],\"query\":" + queryJson + "}");
        while (true) {
            Map<String, Object> m = (Map<String, Object>) Json.read(r);
            List<Object> hits = (List<Object>) ((Map<String, Object>) m.get("hits")).get("hits");
            String scrollId = (String) m.get("_scroll_id");
            if (hits.isEmpty()) {
                if (scrollId != null) {
                    request("DELETE", "/_search/scroll", "{\"scroll_id\":\"" + scrollId + "\"}");
                }
                return out;
            }
            for (Object h : hits) {
                Map<String, Object> hit = (Map<String, Object>) h;
                out.add(new String[] {(String) hit.get("_index"), (String) hit.get("_id")});
            }
            r = call("POST", "/_search/scroll", "{\"scroll\":\"1m\",\"scroll_id\":\"" + scrollId + "\"}");
        }
    }
}
