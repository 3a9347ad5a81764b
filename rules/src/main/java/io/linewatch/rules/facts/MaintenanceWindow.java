package io.linewatch.rules.facts;

import io.linewatch.model.EventIds;
import java.util.List;
import java.util.Set;

/**
 * One occurrence of an approved window for engineering work: inside it, the declared operations on the assets in
 * scope by the allowed actors are expected changes, not alerts.
 *
 * @param targets    addresses or CIDR blocks ({@code 10.1.2.0/24}) of the assets in scope; empty = every asset
 * @param operations operation classes allowed ({@code program}, {@code control}, {@code firmware}, {@code write},
 *                   {@code identity}, {@code io_connection}, {@code talker}); empty = {@link #ENGINEERING}
 * @param actors     addresses or CIDR blocks of the stations allowed to do them; empty = any station
 */
public record MaintenanceWindow(String name, long startNanos, long endNanos, List<String> targets,
                                Set<String> operations, List<String> actors) {
    /** What a window without a list of operations allows. */
    public static final Set<String> ENGINEERING = Set.of("program", "control", "firmware", "identity");

    public MaintenanceWindow {
        targets = List.copyOf(targets);
        operations = Set.copyOf(operations);
        actors = List.copyOf(actors);
    }

    /** A window any station may work in. */
    public MaintenanceWindow(String name, long startNanos, long endNanos, List<String> targets, Set<String> operations) {
        this(name, startNanos, endNanos, targets, operations, List.of());
    }

    /** Stable id of this occurrence (name and start). */
    public String id() {
        return EventIds.of("maintenance", name, startNanos);
    }

    public boolean isOpenAt(long timestampNanos) {
        return timestampNanos >= startNanos && timestampNanos <= endNanos;
    }

    /** The asset is in scope. */
    public boolean inScope(String ip) {
        return targets.isEmpty() || Addresses.matchesAny(targets, ip);
    }

    public boolean declares(String operation) {
        return (operations.isEmpty() ? ENGINEERING : operations).contains(operation);
    }

    public boolean allows(String actorIp) {
        return actors.isEmpty() || Addresses.matchesAny(actors, actorIp);
    }

    /** A declared operation on an in-scope asset at that time (any actor). */
    public boolean covers(String ip, String operation, long timestampNanos) {
        return isOpenAt(timestampNanos) && declares(operation) && inScope(ip);
    }

    /** A declared operation on an in-scope asset at that time by an allowed actor: an expected change. */
    public boolean expects(String actorIp, String targetIp, String operation, long timestampNanos) {
        return covers(targetIp, operation, timestampNanos) && allows(actorIp);
    }

    /** The window's name, for Drools' accessor-style field access. */
    public String getName() {
        return name;
    }
}
