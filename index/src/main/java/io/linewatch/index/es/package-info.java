/**
 * Shipping the journal to Elasticsearch: settings, TLS trust, index templates and field types, the bulk sender and
 * its cursor (the only place the Elasticsearch client is used).
 */
package io.linewatch.index.es;
