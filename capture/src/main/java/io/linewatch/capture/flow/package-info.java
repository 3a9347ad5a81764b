/**
 * Flows and TCP reassembly: the bounded flow table, per-direction byte streams with gaps reported, idle expiry and
 * eviction, and the listener interface dissectors plug into.
 */
package io.linewatch.capture.flow;
