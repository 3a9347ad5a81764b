package io.linewatch.dissectors.enip;

import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.transaction.Protocol;
import java.util.List;

/** EtherNet/IP explicit messaging (encapsulation and CIP) on TCP or UDP 44818. */
public final class EnipFactory implements DissectorFactory {
    public static final int PORT_EXPLICIT = 44818;

    private final EnipState state;

    EnipFactory(EnipState state) {
        this.state = state;
    }

    /** A factory with state of its own (no I/O flows to tie to its connections). */
    public EnipFactory() {
        this(new EnipState());
    }

    /**
     * The EtherNet/IP factories of one pipeline: explicit messaging and implicit I/O ({@link CipIoFactory}),
     * sharing one {@link EnipState} so I/O flows find the Forward_Open that created them.
     */
    public static List<DissectorFactory> factories() {
        EnipState state = new EnipState();
        return List.of(new EnipFactory(state), new CipIoFactory(state));
    }

    @Override
    public Protocol protocol() {
        return Protocol.ENIP;
    }

    @Override
    public boolean handles(Flow flow) {
        return ("tcp".equals(flow.transport()) || "udp".equals(flow.transport()))
                && (flow.serverPort() == PORT_EXPLICIT || flow.clientPort() == PORT_EXPLICIT);
    }

    @Override
    public FlowListener create(FlowSession session) {
        return new EnipDissector(session, state);
    }
}
