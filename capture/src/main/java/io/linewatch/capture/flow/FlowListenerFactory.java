package io.linewatch.capture.flow;

/** Chooses what listens to a new flow (the dissector registry). */
@FunctionalInterface
public interface FlowListenerFactory {
    FlowListener create(Flow flow);
}
