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
    private boolean targetLearning;

    public Observation(io.linewatch.model.transaction.Observation o) {
        this.o = o;
    }

    public Observation roles(String actor, String target) {
        this.actorRole = actor == null ? "unknown" : actor;
        this.targetRole = target == null ? "unknown" : target;
        return this;
    }

    /** The target's baseline had not settled yet (still learning as a server) when this was judged. */
    public Observation targetLearning(boolean learning) {
        this.targetLearning = learning;
        return this;
    }

    public boolean isTargetLearning() {
        return targetLearning;
    }

    /**
     * For an unauthorized write: whether the actor is among the learned writers of the area (it wrote other
     * addresses of it while learning) rather than a writer never seen. Read from the baseline's {@code expected}
     * text, {@code writers A,B to RANGES} ({@code baseline/BaselineEngine}; pinned by RulePackTest).
     */
    public boolean isKnownWriter() {
        String e = o.expected();
        if (o.actorIp() == null || e == null || !e.startsWith(WRITERS)) {
            return false;
        }
        int end = e.indexOf(' ', WRITERS.length());
        String writers = end < 0 ? e.substring(WRITERS.length()) : e.substring(WRITERS.length(), end);
        return java.util.Arrays.asList(writers.split(",")).contains(o.actorIp());
    }

    private static final String WRITERS = "writers ";

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
