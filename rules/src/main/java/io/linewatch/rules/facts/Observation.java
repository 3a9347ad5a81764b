package io.linewatch.rules.facts;

import java.util.List;

/**
 * A departure from the learned baseline ({@link io.linewatch.model.transaction.Observation}), as the rules see it:
 * its type's wire name ({@code unauthorized_write}, {@code new_talker}, ...), the actor and the target (null when
 * there is none: a silent device has no actor), and the roles of both from the inventory.
 */
public final class Observation {
    private final io.linewatch.model.transaction.Observation o;
    private String actorRole = "unknown";
    private String targetRole = "unknown";

    public Observation(io.linewatch.model.transaction.Observation o) {
        this.o = o;
    }

    public Observation roles(String actor, String target) {
        this.actorRole = actor == null ? "unknown" : actor;
        this.targetRole = target == null ? "unknown" : target;
        return this;
    }

    public String getId() {
        return o.id();
    }

    /** {@code linewatch.observation.type}. */
    public String getType() {
        return o.type().wireName;
    }

    /** The baseline key departed from (what {@code linewatch baseline approve --key} takes). */
    public String getKey() {
        return o.key();
    }

    public long getTimestampNanos() {
        return o.firstNanos();
    }

    public long getTimestampMillis() {
        return Math.floorDiv(o.firstNanos(), 1_000_000L);
    }

    public long getCount() {
        return o.count();
    }

    public String getActorIp() {
        return o.actorIp();
    }

    public String getActorMac() {
        return o.actorMac();
    }

    public int getActorPort() {
        return o.actorPort();
    }

    public String getTargetIp() {
        return o.targetIp();
    }

    public String getTargetMac() {
        return o.targetMac();
    }

    public int getTargetPort() {
        return o.targetPort();
    }

    public String getActorRole() {
        return actorRole;
    }

    public String getTargetRole() {
        return targetRole;
    }

    /** Null when not about one protocol. */
    public String getProtocol() {
        return o.protocol() == null ? null : o.protocol().wireName;
    }

    public String getExpected() {
        return o.expected();
    }

    public String getSeen() {
        return o.seen();
    }

    /** The baseline's own sentence (it names the actor and the target). */
    public String getMessage() {
        return o.message();
    }

    public List<String> getEvidenceIds() {
        return o.evidenceIds();
    }

    @Override
    public String toString() {
        return getType() + " " + o.key();
    }
}
