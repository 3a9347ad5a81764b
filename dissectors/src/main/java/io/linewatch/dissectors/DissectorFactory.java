package io.linewatch.dissectors;

import io.linewatch.model.transaction.Protocol;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;

/**
 * Makes the per-flow dissector of one protocol. A factory instance lives as long as the pipeline
 * (one per worker), so it may hold state that spans flows (e.g. EtherNet/IP connection ids that tie
 * UDP I/O flows to the TCP Forward_Open that created them).
 */
public interface DissectorFactory {
    /** The protocol of this dissector's main records (modbus, s7comm, enip, cip_io). */
    Protocol protocol();

    /** Whether this protocol is expected on the flow (normally by server port). */
    boolean handles(Flow flow);

    FlowListener create(FlowSession session);
}
