package io.linewatch.index.es;

import java.util.Map;

/**
 * One document for a bulk request, in the project's own terms (no client type).
 *
 * @param op       CREATE for events (a re-send of an existing id is a no-op), VERSIONED for alerts (an open alert is
 *                 written again with the same id and a higher count: the newest version wins, an older one re-sent
 *                 is a no-op), UPSERT for assets
 * @param source   the document as compact JSON (CREATE); for UPSERT the same document as a map
 * @param upsert   the document as a nested map (UPSERT only, else null)
 */
record BulkItem(Op op, String index, String id, String source, Map<String, Object> upsert, long version) {
    enum Op { CREATE, VERSIONED, UPSERT }

    BulkItem(Op op, String index, String id, String source, Map<String, Object> upsert) {
        this(op, index, id, source, upsert, 0);
    }

    static BulkItem create(String index, String id, String json) {
        return new BulkItem(Op.CREATE, index, id, json, null);
    }

    /** Index with external versioning ({@code version_type=external_gte}): stored unless a higher version is there. */
    static BulkItem versioned(String index, String id, String json, long version) {
        return new BulkItem(Op.VERSIONED, index, id, json, null, version);
    }

    static BulkItem upsert(String index, String id, String json, Map<String, Object> doc) {
        return new BulkItem(Op.UPSERT, index, id, json, doc);
    }

    /** Approximate size on the wire: the action line plus the document. */
    long wireBytes() {
        return source.length() + index.length() + id.length() + 48;
    }
}
