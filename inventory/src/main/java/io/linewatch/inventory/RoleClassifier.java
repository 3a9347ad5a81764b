package io.linewatch.inventory;

import io.linewatch.model.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides a device's role from what it did, and says why. Each observation adds weight to one role;
 * the role with the most weight wins (ties go to the earlier {@link AssetRole}), and every observation is
 * kept as evidence so an auditor can check or overrule the decision.
 */
final class RoleClassifier {
    /** Weights: strong, specific behaviour outweighs what many device kinds do. */
    static final int SERVES_DECODED = 10;
    static final int SERVES_BY_PORT = 6;
    static final int RECEIVES_ENGINEERING = 4;
    static final int REPORTS_IDENTITY = 5;
    static final int SENDS_ENGINEERING = 12;
    static final int READS_DIAGNOSTICS = 3;
    static final int POLLS_CYCLICALLY = 8;
    static final int WRITES_VALUES = 2;
    static final int SUSTAINED_CLIENT = 3;
    static final int READ_ONLY_MANY = 9;
    static final int SERVES_HISTORIAN_DB = 6;
    static final int IMPLICIT_IO_ONLY = 14;
    static final int IMPLICIT_IO_AMBIGUOUS = 6;
    static final int SERVES_PRINTING = 15;
    static final int SERVES_IT = 4;
    static final int USES_IT = 3;
    static final int SERVES_ERRORS_ONLY = 2;
    static final int BROWSES_PLC = 8;
    /** Browsing is this many different one-off browsing requests (an HMI re-reads the same list on a cycle). */
    static final int BROWSE_MIN_DISTINCT = 6;
    static final int PASSWORD_FUNCTIONS = 12;
    /** A device role the device states on layer 2: a PROFINET DCP device role, LLDP/CDP bridging (a switch). */
    static final int ADVERTISED_ROLE = 15;
    /** Bridging outweighs the DCP role a PROFINET switch also reports (it is an IO device of its controller). */
    static final int ADVERTISES_BRIDGING = 20;
    /**
     * A device's own statement of what it is outweighs what its traffic suggests: a communication module serves CIP
     * and receives the operations it forwards (firmware, program, control) just as a controller would.
     */
    static final int REPORTS_DEVICE_TYPE = 40;
    /**
     * Device types (as {@code device.type} names them) that decide a role. CIP Identity attribute 2, the device profile
     * (ODVA CIP Vol. 1 chapter 6; names as Wireshark's cip_devtype_vals): 0x0C "Communications Adapter" (1756-ENBT/A,
     * 1756-EN2T) is a communication module. Controllers (0x0E) already show as plc by what they serve.
     */
    static final Map<String, AssetRole> DEVICE_TYPE_ROLES = Map.of("Communications Adapter", AssetRole.COMMUNICATION_MODULE);
    /** Below this much evidence for the strongest role, the role stays {@code unknown}: one weak hint is no role. */
    static final int MIN_DECISION = 3;

    /** A cycle needs this many intervals, a spread below this fraction of its mean, and a sane period. */
    static final int CYCLE_MIN_INTERVALS = 5;
    static final double CYCLE_MAX_JITTER = 0.5;
    static final double CYCLE_MIN_PERIOD_S = 0.01;
    static final double CYCLE_MAX_PERIOD_S = 3600;
    /** A flow-only industrial client is "sustained" (an HMI or SCADA poller) past both of these; shorter or
     *  sparser sessions (an engineering tool, a scan) stay unclassified rather than guessed. */
    static final double SUSTAINED_SECONDS = 60;
    static final long SUSTAINED_PACKETS = 100;
    static final int HISTORIAN_MIN_SERVERS = 3;
    static final int MAX_LISTED = 3;

    private static final Set<String> ENGINEERING_OPS = Set.of(Values.OP_PROGRAM, Values.OP_FIRMWARE, Values.OP_CONTROL);
    /** What an engineering tool does while it looks around a PLC (SZL lists, block lists): not what an HMI polls. */
    static final Set<String> BROWSING_ACTIONS = Set.of("read_szl", "list_blocks", "list_blocks_of_type", "get_block_info");
    /** Setting or clearing a PLC's protection password. */
    static final Set<String> PASSWORD_ACTIONS = Set.of("plc_password", "clear_password");

    private RoleClassifier() {
    }

    record Decision(AssetRole role, List<RoleEvidence> evidence) {
    }

    /** The role alone, with its weight and whether there was any evidence at all (for the restored-role rule). */
    record Verdict(AssetRole role, int score, boolean anyEvidence) {
    }

    /**
     * Collects the weights per role, and, when explaining, each piece of evidence with its sentence; the sentences
     * (the costly part: peer lists, formatted periods) are written only then, so deciding alone is cheap.
     */
    static final class Weights {
        final Map<AssetRole, Integer> score = new EnumMap<>(AssetRole.class);
        final List<RoleEvidence> evidence;
        boolean any;

        Weights(boolean explain) {
            evidence = explain ? new ArrayList<>() : null;
        }

        void add(AssetRole role, int weight, java.util.function.Supplier<String> reason) {
            score.merge(role, weight, Integer::sum);
            any = true;
            if (evidence != null) {
                evidence.add(new RoleEvidence(role, weight, reason.get()));
            }
        }

        /** The heaviest role with at least {@link #MIN_DECISION}, ties to the earlier role; unknown when none. */
        AssetRole best() {
            AssetRole best = AssetRole.UNKNOWN;
            int bestScore = 0;
            for (AssetRole r : AssetRole.values()) { // declaration order: first of equals wins
                int s = score.getOrDefault(r, 0);
                if (s > bestScore && s >= MIN_DECISION) {
                    best = r;
                    bestScore = s;
                }
            }
            return best;
        }
    }

    private static Weights weigh(Behaviour b, boolean explain) {
        Weights ev = new Weights(explain);
        serverSide(b, ev);
        engineering(b, ev);
        polling(b, ev);
        implicitIo(b, ev);
        it(b, ev);
        // a role the device states on layer 2 (its sentence is the reason the dissector gave)
        b.advertised.forEach((role, reason) -> ev.add(role,
                role == AssetRole.SWITCH ? ADVERTISES_BRIDGING : ADVERTISED_ROLE, () -> reason));
        return ev;
    }

    /** The role with every piece of evidence and its sentence, strongest first (for the asset document). */
    static Decision classify(Behaviour b) {
        Weights w = weigh(b, true);
        List<RoleEvidence> ev = w.evidence;
        ev.sort(Comparator.comparingInt(RoleEvidence::weight).reversed()
                .thenComparing(e -> e.role().ordinal()).thenComparing(RoleEvidence::reason));
        return new Decision(w.best(), ev);
    }

    /** The same decision as {@link #classify}, without writing the evidence (what the rules ask on every fact). */
    static Verdict decide(Behaviour b) {
        Weights w = weigh(b, false);
        AssetRole role = w.best();
        return new Verdict(role, w.score.getOrDefault(role, 0), w.any);
    }

    private static void serverSide(Behaviour b, Weights ev) {
        b.served.forEach((protocol, c) -> {
            if (c.count == 0) {
                return; // only failures were noted (before any request counted)
            }
            if (c.failed >= c.count) {
                ev.add(AssetRole.PLC, SERVES_ERRORS_ONLY, () -> "answers " + protocol + " only with errors ("
                        + plural(c.count, "transaction") + " from " + plural(c.peerCount(), "client") + ")");
            } else {
                ev.add(AssetRole.PLC, SERVES_DECODED, () -> "serves " + protocol + " to "
                        + plural(c.peerCount(), "client") + " (" + plural(c.count, "transaction") + ")");
            }
        });
        b.servedByPort.forEach((service, c) -> {
            if (!b.served.containsKey(service)) {
                ev.add(AssetRole.PLC, SERVES_BY_PORT, () -> "accepts " + service + " connections from "
                        + plural(c.peerCount(), "client") + " (" + plural(c.count, "flow") + "; protocol known by port only)");
            }
        });
        for (String op : ENGINEERING_OPS) {
            Behaviour.Counted c = b.received.get(op);
            if (c != null) {
                ev.add(AssetRole.PLC, RECEIVES_ENGINEERING, () -> "receives " + op + " operations ("
                        + actions(c) + ") from " + list(c.peers));
            }
        }
        AssetRole stated = b.reportedType == null ? null : DEVICE_TYPE_ROLES.get(b.reportedType);
        if (stated != null) {
            ev.add(stated, REPORTS_DEVICE_TYPE, () -> "reports itself as a " + b.reportedType
                    + " (its identity's device type)");
        }
        if (!b.identitySources.isEmpty()) {
            ev.add(AssetRole.PLC, REPORTS_IDENTITY, () -> "reports its identity over an industrial protocol ("
                    + String.join(", ", b.identitySources) + ")");
        }
    }

    private static void engineering(Behaviour b, Weights ev) {
        for (String op : ENGINEERING_OPS) {
            Behaviour.Counted c = b.requested.get(op);
            if (c != null) {
                ev.add(AssetRole.ENGINEERING_WORKSTATION, SENDS_ENGINEERING, () -> "sends " + op
                        + " operations (" + actions(c) + ") to " + list(c.peers));
            }
        }
        Map<String, Long> browsing = new TreeMap<>();
        Map<String, Long> passwords = new TreeMap<>();
        Set<String> browsed = new TreeSet<>();
        Set<String> protectedPeers = new TreeSet<>();
        int distinct = 0;
        for (Behaviour.Cycle c : b.cycles.values()) {
            if (BROWSING_ACTIONS.contains(c.action) && !isCyclic(c)) {
                distinct++;
                browsing.merge(c.action, c.intervals + 1, Long::sum);
                browsed.add(c.server);
            }
        }
        b.requested.values().forEach(c -> c.actions().forEach((action, n) -> {
            if (PASSWORD_ACTIONS.contains(action)) {
                passwords.merge(action, n, Long::sum);
                protectedPeers.addAll(c.peers);
            }
        }));
        int browsingRequests = distinct;
        if (browsingRequests >= BROWSE_MIN_DISTINCT) {
            ev.add(AssetRole.ENGINEERING_WORKSTATION, BROWSES_PLC, () -> "browses PLCs: " + browsingRequests
                    + " different requests (" + counts(browsing) + ") to " + list(browsed));
        }
        if (!passwords.isEmpty()) {
            ev.add(AssetRole.ENGINEERING_WORKSTATION, PASSWORD_FUNCTIONS, () -> "uses PLC password functions ("
                    + counts(passwords) + ") on " + list(protectedPeers));
        }
        Behaviour.Counted diag = b.requested.get(Values.OP_DIAGNOSTIC);
        if (diag != null) {
            ev.add(AssetRole.ENGINEERING_WORKSTATION, READS_DIAGNOSTICS, () -> "reads diagnostics ("
                    + actions(diag) + ") from " + list(diag.peers));
        }
    }

    private static void polling(Behaviour b, Weights ev) {
        // the best-sampled regular cycle per server
        Map<String, Behaviour.Cycle> bestPerServer = new java.util.TreeMap<>();
        for (Behaviour.Cycle c : b.cycles.values()) {
            if (isCyclic(c)) {
                Behaviour.Cycle prev = bestPerServer.get(c.server);
                if (prev == null || c.intervals > prev.intervals) {
                    bestPerServer.put(c.server, c);
                }
            }
        }
        if (!bestPerServer.isEmpty()) {
            ev.add(AssetRole.HMI, POLLS_CYCLICALLY, () -> {
                List<String> parts = new ArrayList<>();
                for (Behaviour.Cycle c : bestPerServer.values()) {
                    if (parts.size() == MAX_LISTED) {
                        parts.add("and " + (bestPerServer.size() - MAX_LISTED) + " more");
                        break;
                    }
                    parts.add(String.format(Locale.ROOT, "%s %s %s every %.2f s (n=%d, jitter %.0f%%)", c.server,
                            c.protocol, c.action, c.mean, c.intervals + 1, 100 * c.stddev() / c.mean));
                }
                return "polls cyclically: " + String.join("; ", parts);
            });
        }
        Behaviour.Counted writes = b.requested.get(Values.OP_WRITE);
        if (writes != null && bestPerServer.size() > 0) {
            ev.add(AssetRole.HMI, WRITES_VALUES, () -> "writes values (" + actions(writes) + ") to " + list(writes.peers));
        }
        Behaviour.Counted reads = b.requested.get(Values.OP_READ);
        boolean engineeringSeen = ENGINEERING_OPS.stream().anyMatch(b.requested::containsKey);
        if (reads != null && writes == null && !engineeringSeen && reads.peerCount() >= HISTORIAN_MIN_SERVERS) {
            ev.add(AssetRole.HISTORIAN, READ_ONLY_MANY, () -> "reads from " + plural(reads.peerCount(), "server")
                    + " and never writes");
        }
        b.clientByPort.forEach((service, use) -> {
            if (ServiceCatalog.categoryOf(service) != ServiceCatalog.Category.INDUSTRIAL || b.requested.size() > 0) {
                return; // decoded transactions describe this client better than its flows
            }
            double seconds = use.lastSeen > use.firstSeen ? (use.lastSeen - use.firstSeen) / 1e9 : 0;
            if (seconds >= SUSTAINED_SECONDS && use.packets >= SUSTAINED_PACKETS) {
                ev.add(AssetRole.HMI, SUSTAINED_CLIENT, () -> String.format(Locale.ROOT,
                        "sustained %s client of %s for %.0f s (%d packets; protocol known by port only)", service,
                        list(use.flows.peers), seconds, use.packets));
            }
        });
        Map<String, Behaviour.Counted> db = b.servedCategory.get(ServiceCatalog.Category.HISTORIAN);
        boolean industrialClient = !b.requested.isEmpty() || !b.clientByPort.isEmpty();
        if (db != null && industrialClient) {
            ev.add(AssetRole.HISTORIAN, SERVES_HISTORIAN_DB, () -> "collects from industrial devices and serves "
                    + String.join(", ", db.keySet()));
        }
    }

    private static void implicitIo(Behaviour b, Weights ev) {
        Set<String> ioPeers = new TreeSet<>();
        Set<String> ioServices = new TreeSet<>();
        for (Map<ServiceCatalog.Category, Map<String, Behaviour.Counted>> side : List.of(b.servedCategory, b.usedCategory)) {
            Map<String, Behaviour.Counted> io = side.get(ServiceCatalog.Category.IMPLICIT_IO);
            if (io != null) {
                io.forEach((service, c) -> {
                    ioServices.add(service);
                    ioPeers.addAll(c.peers);
                });
            }
        }
        if (ioPeers.isEmpty()) {
            return;
        }
        boolean initiatesIndustrial = !b.requested.isEmpty() || !b.clientByPort.isEmpty();
        java.util.function.Supplier<String> what = () -> "exchanges implicit I/O (" + String.join(", ", ioServices)
                + ") with " + list(ioPeers);
        if (!initiatesIndustrial && (!b.served.isEmpty() || !b.servedByPort.isEmpty())) {
            ev.add(AssetRole.IO_ADAPTER, IMPLICIT_IO_ONLY, () -> what.get() + " and never opens industrial connections");
        } else if (!initiatesIndustrial) {
            ev.add(AssetRole.IO_ADAPTER, IMPLICIT_IO_AMBIGUOUS, () -> what.get()
                    + " (adapter or scanner: no connection set-up seen)");
        } else {
            ev.add(AssetRole.PLC, IMPLICIT_IO_AMBIGUOUS, () -> what.get() + " and opens industrial connections (a scanner)");
        }
    }

    private static void it(Behaviour b, Weights ev) {
        Map<String, Behaviour.Counted> printing = b.servedCategory.get(ServiceCatalog.Category.PRINTING);
        if (printing != null) {
            ev.add(AssetRole.IT_HOST, SERVES_PRINTING, () -> "serves printing (" + String.join(", ", printing.keySet())
                    + ") to " + list(peers(printing)) + ": a printer");
        }
        Map<String, Behaviour.Counted> served = b.servedCategory.get(ServiceCatalog.Category.IT);
        if (served != null) {
            ev.add(AssetRole.IT_HOST, SERVES_IT, () -> "serves office/IT services (" + String.join(", ", served.keySet()) + ")");
        }
        Map<String, Behaviour.Counted> used = b.usedCategory.get(ServiceCatalog.Category.IT);
        if (used != null) {
            ev.add(AssetRole.IT_HOST, USES_IT, () -> "uses office/IT services (" + String.join(", ", used.keySet()) + ")");
        }
    }

    static boolean isCyclic(Behaviour.Cycle c) {
        return c.intervals >= CYCLE_MIN_INTERVALS && c.mean >= CYCLE_MIN_PERIOD_S && c.mean <= CYCLE_MAX_PERIOD_S
                && c.stddev() <= CYCLE_MAX_JITTER * c.mean;
    }

    private static Set<String> peers(Map<String, Behaviour.Counted> byService) {
        Set<String> all = new TreeSet<>();
        byService.values().forEach(c -> all.addAll(c.peers));
        return all;
    }

    private static String actions(Behaviour.Counted c) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(c.actions()).forEach((a, n) -> parts.add(a + " x" + n));
        return parts.isEmpty() ? plural(c.count, "request") : String.join(", ", parts);
    }

    private static String counts(Map<String, Long> byAction) {
        List<String> parts = new ArrayList<>();
        byAction.forEach((a, n) -> parts.add(a + " x" + n));
        return String.join(", ", parts);
    }

    private static String list(Set<String> items) {
        if (items.isEmpty()) {
            return "unknown peers";
        }
        List<String> shown = new ArrayList<>();
        for (String s : new TreeSet<>(items)) {
            if (shown.size() == MAX_LISTED) {
                shown.add("and " + (items.size() - MAX_LISTED) + " more");
                break;
            }
            shown.add(s);
        }
        return String.join(", ", shown);
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
