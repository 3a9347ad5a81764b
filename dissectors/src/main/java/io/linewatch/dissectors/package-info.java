/**
 * The dissector interface and registry: which dissector a flow gets, the context they share (event and identity
 * sinks, counters), and the flow record every flow ends with.
 */
package io.linewatch.dissectors;
