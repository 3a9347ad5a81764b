package io.linewatch.rules;

import java.util.Collection;

/** Keeps the packets around an alert (implemented by the pipeline, which sees the packets). */
@FunctionalInterface
public interface EvidenceRecorder {
    EvidenceRecorder NONE = (alertId, flowIds, timestampNanos) -> null;

    /**
     * Starts keeping the packets of those flows for the alert: those already buffered before {@code timestampNanos}
     * and those that follow for a while.
     *
     * @return the file the packets go to, relative to the output directory ({@code evidence/<alert id>.pcap}), or
     *         null when none are kept
     */
    String record(String alertId, Collection<String> flowIds, long timestampNanos);

    /**
     * The same for an alert that knows no flow (a departure from the baseline names its actor and target): the packets
     * of every flow between the two hosts, or of every flow of {@code hostA} when {@code hostB} is null.
     *
     * @return as {@link #record}; null when the recorder keeps nothing by host
     */
    default String recordHosts(String alertId, String hostA, String hostB, long timestampNanos) {
        return null;
    }
}
