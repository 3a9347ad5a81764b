package io.linewatch.index.es;

/**
 * How a wait for the shipper to catch up ended.
 *
 * @param complete everything journaled when the wait began is now in Elasticsearch or set aside
 */
public record DrainResult(boolean complete, ShipperStatus status) {
}
