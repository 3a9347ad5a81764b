package io.linewatch.dissectors.enip;

import java.util.ArrayList;
import java.util.List;

/**
 * One encapsulation PDU as {@link EnipDecoder} decoded it: the header, whether it is a reply, and what its
 * command-specific data carries. For SendRRData / SendUnitData that is where the CIP message sits (offsets
 * into the PDU's buffer, valid only while the PDU is handled) and, on a connected message, its connection id
 * and sequence count; for discovery and session replies the decoded fields. Data that cannot carry what the
 * command needs leaves {@link #error} set: the message then stands for a malformed record.
 */
final class EnipMessage {
    final EnipHeader header;
    /** Null for a command value the specification does not define (reported by number). */
    final EnipCommand command;
    final boolean reply;
    final long timestampNanos;

    /** Why the command-specific data could not be decoded, or null. */
    String error;

    // SendRRData / SendUnitData
    int cipOffset;
    int cipLength;
    /** Connection id of a connected message's address item, -1 when absent. */
    long connectionId = -1;
    /** Sequence count of a connected (class 3) message, -1 on unconnected ones. */
    int sequence = -1;
    /** Sockaddr Info items of a SendRRData (a Forward_Open exchange): where O-&gt;T and T-&gt;O I/O go; null when absent. */
    IoEndpoint sockaddrOToT;
    IoEndpoint sockaddrTToO;

    // discovery and session replies
    int protocolVersion = -1;
    CipIdentity identity;
    /** ListServices reply: the service names. */
    List<String> services;
    /** ListInterfaces reply: the number of items. */
    int interfaceItems = -1;
    private List<EnipAnomaly> anomalies;

    EnipMessage(EnipHeader header, EnipCommand command, boolean reply, long timestampNanos) {
        this.header = header;
        this.command = command;
        this.reply = reply;
        this.timestampNanos = timestampNanos;
    }

    /** The command's wire value. */
    int code() {
        return header.command();
    }

    /** Whether this SendRRData / SendUnitData locates a CIP message. */
    boolean carriesCip() {
        return command != null && command.carriesCip;
    }

    void anomaly(EnipAnomaly a) {
        if (anomalies == null) {
            anomalies = new ArrayList<>(2);
        }
        anomalies.add(a);
    }

    List<EnipAnomaly> anomalies() {
        return anomalies == null ? List.of() : anomalies;
    }
}
