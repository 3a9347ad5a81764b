package io.linewatch.model;

/** Receives identity facts from the dissectors (the asset inventory). */
@FunctionalInterface
public interface IdentitySink {
    void accept(IdentityFact fact);
}
