package io.linewatch.testkit;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.flow.FlowListenerFactory;
import io.linewatch.model.EventSink;
import io.linewatch.model.IdentitySink;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a test plugs what it tests (normally the dissector registry) into {@link WireFeeder} or {@link CaptureRunner}:
 * given where events and identity facts go, it returns the flow listeners and their counters. The testkit knows
 * nothing of dissectors, so the dissectors module can use it in its own tests. In the dissectors' tests:
 * <pre>{@code
 * (events, identities) -> {
 *     DissectorRegistry r = new DissectorRegistry(factories, new DissectorContext(events, identities));
 *     return new Wiring.Wired(r, r.context()::counters);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Wiring {
    Wired wire(EventSink events, IdentitySink identities);

    /**
     * The flow listeners under test and their named counters ({@code protocol.what}), and where layer-2 protocol
     * frames ({@code DecodedPacket.Kind.LINK}) go (null: dropped).
     */
    record Wired(FlowListenerFactory listeners, Supplier<Map<String, Long>> counters, Consumer<DecodedPacket> linkFrames) {
        public Wired(FlowListenerFactory listeners, Supplier<Map<String, Long>> counters) {
            this(listeners, counters, null);
        }
    }
}
