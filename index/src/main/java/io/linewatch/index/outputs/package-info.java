/**
 * Alert outputs besides the journal and Elasticsearch: syslog (RFC 5424 over UDP, TCP with octet counting, or
 * TLS), carrying CEF or JSON, and HTTPS webhooks. Each output has a bounded queue and its own thread, so a slow or
 * unreachable receiver never holds up the pipeline: it retries with backoff, and what does not fit is dropped and
 * counted.
 */
package io.linewatch.index.outputs;
