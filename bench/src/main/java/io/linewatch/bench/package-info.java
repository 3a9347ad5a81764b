/**
 * JMH micro-benchmarks of the hot paths (decoding, reassembly, dissectors, JSON); run with bench/jmh, outside the
 * default build.
 */
package io.linewatch.bench;
