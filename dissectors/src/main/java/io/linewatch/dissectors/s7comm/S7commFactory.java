package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.Protocol;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.FlowSession;

/** S7comm and S7comm-plus over ISO-on-TCP (TPKT/COTP) on TCP port 102. */
public final class S7commFactory implements DissectorFactory {
    /** ISO-TSAP (RFC 1006). */
    public static final int ISO_TSAP_PORT = 102;

    @Override
    public Protocol protocol() {
        return Protocol.S7COMM;
    }

    @Override
    public boolean handles(Flow flow) {
        return flow.isTcp() && flow.serverPort() == ISO_TSAP_PORT;
    }

    @Override
    public FlowListener create(FlowSession session) {
        return new S7commDissector(session);
    }
}
