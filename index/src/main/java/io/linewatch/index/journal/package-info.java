/**
 * The local journal: events, alerts and the asset snapshot as files on disk, the store every run writes and the
 * shipper reads.
 */
package io.linewatch.index.journal;
