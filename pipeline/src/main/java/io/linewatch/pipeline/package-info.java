/**
 * The packet-processing chain (decode, flows, dissectors, inventory, rules, journal), single-threaded or on worker
 * threads, the run that drives it, and the read-only snapshot of it.
 */
package io.linewatch.pipeline;
