package io.linewatch.index.es;

import java.util.Map;

/**
 * One document for a bulk request, in the project's own terms (no client type).
 *
 * @param op       CREATE for events and alerts (a re-send of an existing id is a no-op), UPSERT for assets
 * @param source   the document as compact JSON (CREATE); for UPSERT the same document as a map
 * @param upsert   the document as a nested map (UPSERT only, else null)
 */
record BulkItem(Op op, String index, String id, String source, Map<String, Object> upsert) {
    enum Op { CREATE, UPSERT }

    static BulkItem create(String index, String id, String json) {
        return new BulkItem(Op.CREATE, index, id, json, null);
    }

    static BulkItem upsert(String index, String id, String json, Map<String, Object> doc) {
        return new BulkItem(Op.UPSERT, index, id, json, doc);
    }

    /** Approximate size on the wire: the action line plus the document. */
    long wireBytes() {
        return source.length() + index.length() + id.length() + 48;
    }
}
