package io.linewatch.dissectors.modbus;

import io.linewatch.model.transaction.Protocol;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.FlowSession;

/**
 * Modbus on its registered port, TCP or UDP (MBAP or RTU frames: {@link ModbusDissector}); whether a flow really speaks
 * it is decided from its bytes.
 */
public final class ModbusFactory implements DissectorFactory {
    /** IANA port of Modbus/TCP (mbap), also used for Modbus over UDP. */
    public static final int MODBUS_TCP_PORT = 502;

    @Override
    public Protocol protocol() {
        return Protocol.MODBUS;
    }

    @Override
    public boolean handles(Flow flow) {
        // either side: the dissector takes roles from the connection, a client may sit on 502 too
        return (flow.isTcp() || "udp".equals(flow.transport()))
                && (flow.serverPort() == MODBUS_TCP_PORT || flow.clientPort() == MODBUS_TCP_PORT);
    }

    @Override
    public FlowListener create(FlowSession session) {
        return new ModbusDissector(session);
    }
}
