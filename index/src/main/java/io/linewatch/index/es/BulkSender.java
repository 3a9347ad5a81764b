package io.linewatch.index.es;

import java.util.List;

/** Sends one bulk request; the seam between the shipper's bookkeeping and the Elasticsearch client. */
interface BulkSender {
    /**
     * @return one result per item, in order
     * @throws EsUnavailableException when the request as a whole failed (unreachable, timeout, 5xx, auth):
     *                                nothing is known about the items, all must be sent again
     */
    List<ItemResult> send(List<BulkItem> items) throws EsUnavailableException;
}
