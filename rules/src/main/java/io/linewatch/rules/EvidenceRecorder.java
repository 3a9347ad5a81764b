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
}
