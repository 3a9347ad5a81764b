package io.linewatch.dissectors;

import io.linewatch.model.SinkFailure;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.capture.flow.FlowListenerFactory;
import io.linewatch.model.transaction.Protocol;
import java.util.List;

/**
 * Gives each new flow the dissector of the first factory that handles it (by port: a suggestion, the flow's
 * application is set only when the dissector recognises its first valid PDU), and writes the flow's own record
 * ({@code linewatch.flow}) when it ends, dissected or not. It is also the dissectors' last boundary: an
 * exception out of a dissector (a bug: decoders turn bad bytes into malformed records themselves) becomes a
 * counted malformed record ({@code <protocol>.dissector_errors}) and that flow is no longer dissected; the
 * pipeline and every other flow go on.
 */
public final class DissectorRegistry implements FlowListenerFactory {
    private final List<DissectorFactory> factories;
    private final DissectorContext context;

    public DissectorRegistry(List<DissectorFactory> factories, DissectorContext context) {
        this.factories = List.copyOf(factories);
        this.context = context;
    }

    public DissectorContext context() {
        return context;
    }

    @Override
    public FlowListener create(Flow flow) {
        FlowSession session = new FlowSession(flow, context);
        for (DissectorFactory f : factories) {
            if (f.handles(flow)) {
                // the port only suggests the protocol: the dissector names the flow's application when its
                // bytes prove it (FlowSession.recognised)
                return new Recorded(session, f.protocol(), f.create(session));
            }
        }
        return new Recorded(session, null, null);
    }

    /** Forwards to the dissector (if any), contains its failures, and emits the flow record at the end. */
    private static final class Recorded implements FlowListener {
        private final FlowSession session;
        private final Protocol protocol;
        private FlowListener dissector;

        Recorded(FlowSession session, Protocol protocol, FlowListener dissector) {
            this.session = session;
            this.protocol = protocol;
            this.dissector = dissector;
        }

        @Override
        public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
            if (dissector != null) {
                try {
                    dissector.onPayload(flow, dir, buf, off, len, ts);
                } catch (SinkFailure e) {
                    throw e; // the store failed, not the dissector: the run stops with its reason
                } catch (RuntimeException | StackOverflowError e) {
                    failed(e, ts);
                }
            }
        }

        @Override
        public void onGap(Flow flow, Direction dir, long missing, long ts) {
            if (dissector != null) {
                try {
                    dissector.onGap(flow, dir, missing, ts);
                } catch (SinkFailure e) {
                    throw e; // the store failed, not the dissector: the run stops with its reason
                } catch (RuntimeException | StackOverflowError e) {
                    failed(e, ts);
                }
            }
        }

        @Override
        public void onEnd(Flow flow, long ts) {
            if (dissector != null) {
                try {
                    dissector.onEnd(flow, ts);
                } catch (SinkFailure e) {
                    throw e; // the store failed, not the dissector: the run stops with its reason
                } catch (RuntimeException | StackOverflowError e) {
                    failed(e, ts);
                }
            }
            session.flowEnded();
        }

        private void failed(Throwable e, long ts) {
            dissector = null;
            session.count(protocol.wireName + ".dissector_errors");
            session.malformed(protocol, "dissector error: " + describe(e), ts);
        }

        /** The exception and where it was thrown: enough to find the bug, no stack trace in the data. */
        private static String describe(Throwable e) {
            StackTraceElement[] at = e.getStackTrace();
            String where = at.length == 0 ? "" : " at " + at[0].getClassName() + "." + at[0].getMethodName() + ":" + at[0].getLineNumber();
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + where;
        }
    }
}
