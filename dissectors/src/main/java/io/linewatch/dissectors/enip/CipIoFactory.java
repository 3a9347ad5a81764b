package io.linewatch.dissectors.enip;

import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.transaction.Protocol;

/**
 * CIP implicit (class 0/1) I/O on UDP 2222, and on the address and port a seen Forward_Open named for it (Sockaddr
 * Info items: {@link IoEndpoint}); made with {@link EnipFactory#factories()}, which shares the connections.
 */
public final class CipIoFactory implements DissectorFactory {
    public static final int PORT_IMPLICIT_IO = 2222;

    private final EnipState state;

    CipIoFactory(EnipState state) {
        this.state = state;
    }

    @Override
    public Protocol protocol() {
        return Protocol.CIP_IO;
    }

    @Override
    public boolean handles(Flow flow) {
        return "udp".equals(flow.transport())
                && (flow.serverPort() == PORT_IMPLICIT_IO || flow.clientPort() == PORT_IMPLICIT_IO
                    || state.isIoEndpoint(flow.serverIp(), flow.serverPort()) || state.isIoEndpoint(flow.clientIp(), flow.clientPort()));
    }

    @Override
    public FlowListener create(FlowSession session) {
        return new CipIoDissector(session, state);
    }
}
