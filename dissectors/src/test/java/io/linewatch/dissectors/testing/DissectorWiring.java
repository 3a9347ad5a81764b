package io.linewatch.dissectors.testing;

import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.DissectorRegistry;
import io.linewatch.dissectors.link.LinkDissector;
import io.linewatch.dissectors.link.LinkRegistry;
import io.linewatch.testkit.Wiring;
import java.util.List;

/** Plugs dissectors into the testkit's WireFeeder and CaptureRunner (the testkit does not depend on dissectors). */
public final class DissectorWiring {
    private DissectorWiring() {
    }

    /** The registry of these factories, as the pipeline builds it, with its context's counters. */
    public static Wiring of(List<DissectorFactory> factories) {
        return (events, identities) -> {
            DissectorRegistry registry = new DissectorRegistry(factories, new DissectorContext(events, identities));
            return new Wiring.Wired(registry, registry.context()::counters);
        };
    }

    /** The layer-2 dissectors behind a {@link LinkRegistry}, as the pipeline builds it (no flow dissectors). */
    public static Wiring link(List<LinkDissector> dissectors) {
        return (events, identities) -> {
            DissectorContext context = new DissectorContext(events, identities);
            DissectorRegistry flows = new DissectorRegistry(List.of(), context);
            LinkRegistry links = new LinkRegistry(dissectors, context);
            return new Wiring.Wired(flows, context::counters, links::frame);
        };
    }
}
