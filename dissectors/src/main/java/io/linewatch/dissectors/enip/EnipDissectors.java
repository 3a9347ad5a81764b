package io.linewatch.dissectors.enip;

import io.linewatch.model.transaction.Protocol;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.FlowSession;
import java.util.List;

/**
 * The EtherNet/IP factories of one pipeline: explicit messaging on TCP/UDP 44818 and implicit I/O on
 * UDP 2222, sharing one {@link EnipState} so I/O flows find the Forward_Open that created them.
 */
public final class EnipDissectors {
    public static final int PORT_EXPLICIT = 44818;
    public static final int PORT_IMPLICIT_IO = 2222;

    private EnipDissectors() {
    }

    /** Fresh factories with their own shared state. */
    public static List<DissectorFactory> factories() {
        EnipState state = new EnipState();
        return List.of(new Explicit(state), new ImplicitIo(state));
    }

    /** Encapsulation and CIP explicit messages on TCP or UDP 44818. */
    public static final class Explicit implements DissectorFactory {
        private final EnipState state;

        Explicit(EnipState state) {
            this.state = state;
        }

        public Explicit() {
            this(new EnipState());
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
            return new EnipFlowDissector(session, state);
        }
    }

    /** Class 0/1 I/O on UDP 2222. */
    public static final class ImplicitIo implements DissectorFactory {
        private final EnipState state;

        ImplicitIo(EnipState state) {
            this.state = state;
        }

        @Override
        public Protocol protocol() {
            return Protocol.CIP_IO;
        }

        @Override
        public boolean handles(Flow flow) {
            return "udp".equals(flow.transport())
                    && (flow.serverPort() == PORT_IMPLICIT_IO || flow.clientPort() == PORT_IMPLICIT_IO);
        }

        @Override
        public FlowListener create(FlowSession session) {
            return new CipIoDissector(session, state);
        }
    }
}
