package io.linewatch.index.es;

/** What Elasticsearch did with one bulk item, classified for the shipper. */
record ItemResult(Kind kind, int status, String reason) {
    enum Kind {
        /** Stored (created or updated). */
        STORED,
        /** A document with this id was already there: an earlier send got through. */
        ALREADY_PRESENT,
        /** Temporary: the cluster is overloaded or a shard is unavailable; send again later. */
        RETRY,
        /** Will never be accepted as it is (mapping conflict, malformed): kept aside with the reason. */
        REJECTED
    }

    static final ItemResult STORED_OK = new ItemResult(Kind.STORED, 200, null);

    /**
     * 429 is the cluster asking to slow down; 5xx a shard or node problem; 401/403/404 a credential,
     * privilege or index-creation problem the operator can fix without losing data. Other 4xx are the
     * document's own fault.
     */
    static ItemResult classify(int status, boolean createOp, String reason) {
        if (status >= 200 && status < 300) {
            return STORED_OK;
        }
        if (status == 409 && createOp) { // create: the id exists; versioned: a newer version exists
            return new ItemResult(Kind.ALREADY_PRESENT, status, null);
        }
        if (status == 429 || status >= 500 || status == 401 || status == 403 || status == 404 || status == 408) {
            return new ItemResult(Kind.RETRY, status, reason);
        }
        return new ItemResult(Kind.REJECTED, status, reason);
    }
}
