package io.linewatch.rules;

import io.linewatch.model.EventDoc;
import io.linewatch.model.EventSink;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.rules.facts.Flow;
import io.linewatch.rules.facts.MaintenanceWindow;
import io.linewatch.rules.facts.Observation;
import io.linewatch.rules.facts.Ports;
import io.linewatch.rules.facts.Transaction;
import io.linewatch.rules.maintenance.MaintenancePlanner;
import io.linewatch.rules.maintenance.WindowSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drools.core.common.InternalFactHandle;
import org.drools.core.reteoo.TerminalNode;
import org.drools.tms.agenda.TruthMaintenanceSystemInternalMatch;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

/**
 * Drools in stream mode on a pseudo clock driven by capture time, so an old capture analyzed offline raises the
 * same alerts as the live traffic would have. Rules are the shipped pack (every {@code *.drl} in the classpath
 * folder {@value #PACK}, one file per theme) plus any {@code *.drl} in a user folder, compiled at start-up and
 * again whenever a user file changes ({@link #reloadIfChanged}): a broken file is reported with its file and line
 * and the rules loaded before keep running.
 *
 * <p>What the rules are shown (working memory stays small, the per-transaction cost O(1)):
 * <ul>
 * <li>every transaction that changes state or discovers (program, control, firmware, discovery), is
 * malformed, carries anomalies, failed, or is a security or I/O-connection service;</li>
 * <li>writes: the first per (actor, target, protocol, function, sub-function, unit, objects) in each minute. A plant's
 * cyclic writes repeat one key many times a second; every rule over writes needs only the first of a key in a
 * minute, and keeping them all held hundreds of thousands of join tuples (out of memory at 1 GiB on the benchmark
 * mix). Baseline departures (a new writer, a new address, a value out of range) come from every write, upstream;</li>
 * <li>of the rest (reads, diagnostics, sessions: the bulk of OT traffic), the first per (actor, target, protocol,
 * function, sub-function, unit) in each minute: enough for function-code scans, unit-id sweeps and new talkers;</li>
 * <li>flows to industrial and cleartext remote-access ports, when they end.</li>
 * </ul>
 * Transactions and flows are events that expire (see the DRL {@code declare}s), so memory stays bounded.
 */
public final class RuleEngine implements AutoCloseable {
    /** The classpath folder of the shipped pack. */
    public static final String PACK = "io/linewatch/rules/pack";
    private static final String KFS_DIR = "src/main/resources/io/linewatch/rules/";
    static final int MAX_SAMPLE_KEYS = 65_536;
    /**
     * Facts working memory holds at most (events expire, see the DRL declares): past it routine facts (sampled reads
     * and writes, ended flows) are refused, past twice it every fact (counted: {@code rules.facts_refused_at_cap},
     * {@code rules.facts_refused_at_hard_cap}). A Modbus read held for the unit-id sweep costs about 1.5 KB with its
     * tuples, the window's copies of its handle and its expiry job (heap histogram of the 100,000-flow check,
     * docs/PERFORMANCE.md): about 30 MB at the cap, 60 MB at the hard cap. The OT mix holds far fewer.
     */
    static final int MAX_FACTS = 20_000;
    /** How often (wall clock) the user folder is checked for changes. */
    static final long RELOAD_CHECK_MILLIS = 1000;


    private KieSession session;
    private SessionPseudoClock clock;
    private Pack pack;
    private final Alerts alerts;
    private final MaintenancePlanner planner;
    private final Outputs outputs;
    /** (actor, target) of the failure counts and the identity readers: a pair, not a string built per transaction. */
    record Pair(String actor, String target) {
    }

    private final TransactionSampling sampling = new TransactionSampling();
    private final Map<String, Long> counters = new TreeMap<>();
    private long transactions;
    private long unmatched;
    private long lastReloadCheck;

    /** Where a session's output goes, and what it may ask of the rest of the pipeline. */
    public record Outputs(EventSink alerts, EventSink events, AssetDirectory assets, EvidenceRecorder evidence,
                          Consumer<String> errors) {
        public static Outputs alertsOnly(EventSink alerts) {
            return new Outputs(alerts, d -> { }, AssetDirectory.NONE, EvidenceRecorder.NONE, m -> { });
        }
    }

    /** A compiled rule pack with its settings and maintenance windows; build once, open a session per pipeline. */
    public static final class Pack {
        private final KieBase base;
        private final List<WindowSpec> windows;
        private final RuleSettings settings;
        private final Path userRules;
        private final Map<Path, Long> fingerprint;

        private Pack(KieBase base, List<WindowSpec> windows, RuleSettings settings, Path userRules, Map<Path, Long> fingerprint) {
            this.base = base;
            this.windows = List.copyOf(windows);
            this.settings = settings;
            this.userRules = userRules;
            this.fingerprint = fingerprint;
        }

        public RuleEngine newSession(EventSink alertSink) {
            return new RuleEngine(this, Outputs.alertsOnly(alertSink));
        }

        public RuleEngine newSession(Outputs outputs) {
            return new RuleEngine(this, outputs);
        }

        public RuleSettings settings() {
            return settings;
        }

        /** Whether maintenance windows are declared (their planner writes events and reads the inventory). */
        public boolean hasWindows() {
            return !windows.isEmpty();
        }

        /** Ids of the rules in the pack, sorted (for documentation checks). */
        public List<String> ruleNames() {
            List<String> out = new ArrayList<>();
            base.getKiePackages().forEach(p -> p.getRules().forEach(r -> out.add(r.getName())));
            out.sort(null);
            return out;
        }
    }

    /** Compiles the shipped rules and the user's, with single windows (the original API). */
    public static Pack compile(Path userRules, List<MaintenanceWindow> windows) {
        List<WindowSpec> specs = new ArrayList<>();
        for (MaintenanceWindow w : windows) {
            specs.add(new WindowSpec(w.name(), Instant.ofEpochSecond(0, w.startNanos()).atZone(ZoneOffset.UTC),
                    w.endNanos() - w.startNanos(), null, w.targets(), w.operations(), w.actors()));
        }
        return compile(userRules, specs, RuleSettings.DEFAULTS);
    }

    /**
     * Compiles the shipped rules and the user's.
     *
     * @param userRules a folder of {@code *.drl} files, or null
     * @throws RulesException naming the file and line of the first problems
     */
    public static Pack compile(Path userRules, List<WindowSpec> windows, RuleSettings settings) {
        if (userRules == null) {
            return new Pack(shippedOnly(), windows, settings, null, Map.of());
        }
        Map<Path, Long> fp = fingerprint(userRules);
        return new Pack(build(new ArrayList<>(fp.keySet())), windows, settings, userRules, fp);
    }

    private static KieBase shippedBase;

    /** The shipped pack alone is compiled once per process (a second or so) and shared: a KieBase is immutable. */
    private static synchronized KieBase shippedOnly() {
        if (shippedBase == null) {
            shippedBase = build(List.of());
        }
        return shippedBase;
    }

    private static KieBase build(List<Path> userFiles) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        shipped().forEach((name, text) -> kfs.write(KFS_DIR + "pack/" + name, text));
        for (Path p : userFiles) {
            try {
                kfs.write(KFS_DIR + "user/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RulesException("cannot read rule file " + p + ": " + e.getMessage(), e);
            }
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            // a broken user file also makes Drools complain about the files beside it: name the user's first
            List<Message> user = errors.stream().filter(m -> m.getPath() != null && m.getPath().contains("rules/user/")
                    && !m.getText().contains("Parser returned a null Package")).toList();
            throw new RulesException("rules do not compile: " + (user.isEmpty() ? errors : user).stream()
                    .map(m -> String.valueOf(m.getPath()).replaceAll("^.*rules/(user|pack)/", "")
                            + " line " + m.getLine() + ": " + m.getText().strip().replace('\n', ' '))
                    .collect(Collectors.joining("; ")));
        }
        var baseConf = ks.newKieBaseConfiguration();
        baseConf.setOption(EventProcessingOption.STREAM);
        return ks.newKieContainer(builder.getKieModule().getReleaseId()).newKieBase(baseConf);
    }

    /** The shipped DRL files, by name, read from the classpath folder (a directory in development, the jar when packaged). */
    static Map<String, String> shipped() {
        URL url = RuleEngine.class.getClassLoader().getResource(PACK);
        if (url == null) {
            throw new RulesException("shipped rule folder " + PACK + " is missing from the build");
        }
        Map<String, String> out = new TreeMap<>();
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                readDrl(fs.getPath(PACK), out);
            } else {
                readDrl(Path.of(uri), out);
            }
        } catch (IOException | URISyntaxException e) {
            throw new RulesException("cannot read shipped rules: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new RulesException("shipped rule folder " + PACK + " holds no .drl file");
        }
        return out;
    }

    private static void readDrl(Path dir, Map<String, String> out) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".drl")).toList()) {
                out.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
    }

    private RuleEngine(Pack pack, Outputs outputs) {
        this.pack = pack;
        this.outputs = outputs;
        this.planner = new MaintenancePlanner(pack.windows, pack.settings.leadNanos(), outputs.events(), outputs.assets());
        this.alerts = new Alerts(outputs.alerts(), pack.settings, planner, outputs.evidence());
        planner.openAlerts(alerts::openAbout);
        openSession(pack.base, 0);
        this.lastReloadCheck = System.currentTimeMillis();
    }

    private void openSession(KieBase base, long nowMillis) {
        KieSessionConfiguration sessionConf = KieServices.Factory.get().newKieSessionConfiguration();
        sessionConf.setOption(ClockTypeOption.PSEUDO);
        KieSession s = base.newKieSession(sessionConf, null);
        if (s.getGlobals() != null) {
            setGlobal(s, "alerts", alerts);
            setGlobal(s, "config", pack.settings);
        }
        SessionPseudoClock c = s.getSessionClock();
        if (nowMillis > 0) {
            c.advanceTime(nowMillis, TimeUnit.MILLISECONDS);
        }
        if (session != null) {
            session.dispose();
        }
        session = s;
        clock = c;
        ruleEnabled.clear(); // a reloaded pack's rules are other objects
    }

    private static void setGlobal(KieSession s, String name, Object value) {
        try {
            s.setGlobal(name, value);
        } catch (RuntimeException e) {
            // a pack without that global (user files only declare what they use)
        }
    }

    /** Whether the settings enable each rule of the session: decided once per rule, not on every firing. */
    private final Map<Rule, Boolean> ruleEnabled = new IdentityHashMap<>();

    private final AgendaFilter enabled = match -> {
        Rule rule = match.getRule();
        Boolean on = ruleEnabled.get(rule);
        if (on == null) {
            Object id = rule.getMetaData().get("id");
            on = id == null || pack.settings.enabled(String.valueOf(id));
            ruleEnabled.put(rule, on);
        }
        return on;
    };

    /** Operations the rules are always shown. */
    public static final Set<String> OPERATIONS = Set.of(
            Values.OP_PROGRAM, Values.OP_CONTROL, Values.OP_FIRMWARE, Values.OP_DISCOVERY, Values.OP_WRITE);

    /** Offers one legacy document (only the operations in {@link #OPERATIONS}, not malformed). */
    public void accept(EventDoc event) {
        String operation = event.getString(Fields.OT_OPERATION);
        if (operation == null || !OPERATIONS.contains(operation)
                || Values.SEEN_MALFORMED.equals(event.getString(Fields.OT_SEEN))) {
            return;
        }
        Transaction t = new Transaction(event);
        insert(t.roles(roleLookup), t.getTimestampMillis());
    }

    /** Offers one typed transaction; those the rules are not shown are dropped here (see the class comment). */
    public void accept(io.linewatch.model.transaction.Transaction typed) {
        accept(typed, sampling.shown(typed));
    }

    /**
     * This engine's sampling, for a pipeline that decides on another thread which transactions to hand to this one:
     * that thread asks it of every transaction in order and hands on those shown, with the answer, to
     * {@link #accept(io.linewatch.model.transaction.Transaction, TransactionSampling.Shown)}. Only without
     * maintenance windows: the planner is not told of the transactions not handed on.
     */
    public TransactionSampling sampling() {
        return sampling;
    }

    /** Offers a typed transaction with the answer of {@link #sampling()} about it. */
    public void accept(io.linewatch.model.transaction.Transaction typed, TransactionSampling.Shown shown) {
        long ts = typed.timestampNanos();
        planner.advance(ts);
        Operation op = typed.operation();
        if (op == Operation.PROGRAM || op == Operation.CONTROL || op == Operation.FIRMWARE) {
            planner.engineering(typed.endpoints().clientIp(), typed.endpoints().serverIp(), typed.action(), ts);
        }
        if (shown == TransactionSampling.Shown.NO) {
            return;
        }
        if (!room(shown == TransactionSampling.Shown.SAMPLED)) {
            return;
        }
        Transaction t = new Transaction(typed);
        if (t.isMalformed() && t.getTargetIp() != null) {
            t.targetSpeaksProtocol(outputs.assets().serves(t.getTargetIp(), t.getProtocol()));
        }
        if (op == Operation.DISCOVERY && !t.isToGroup() && t.getActorIp() != null && t.getTargetIp() != null) {
            t.newIdentityReader(newIdentityReader(t.getActorIp(), t.getTargetIp()));
        }
        insert(t.roles(roleLookup), t.getTimestampMillis());
    }

    /** Pairs (reader, device) that read a device's identity; oldest forgotten past the cap. */
    private final java.util.Set<Pair> identityReaders = java.util.Collections.newSetFromMap(
            new LinkedHashMap<Pair, Boolean>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Pair, Boolean> e) {
                    return size() > MAX_SAMPLE_KEYS;
                }
            });

    /**
     * Whether this is the first identity read of the target by the actor after the target's baseline stopped
     * learning (while it learns, its readers are remembered: the engineering stations and HMIs that do it).
     */
    private boolean newIdentityReader(String actor, String target) {
        boolean first = identityReaders.add(new Pair(actor, target));
        return first && outputs.assets().baselineLearned(target);
    }

    private final java.util.Set<String> observationIds = java.util.Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                    return size() > MAX_SAMPLE_KEYS;
                }
            });

    /**
     * Offers a departure from the baseline. The baseline hands an observation on when it opens and again (same id)
     * when it closes with a higher count: the rules see it once.
     */
    public void accept(io.linewatch.model.transaction.Observation o) {
        planner.advance(o.lastNanos());
        planner.observed(o);
        if (!observationIds.add(o.id())) {
            return;
        }
        if (!room(false)) {
            return;
        }
        Observation fact = new Observation(o);
        fact.roles(role(o.actorIp()), role(o.targetIp()));
        fact.targetLearning(o.targetIp() != null && outputs.assets().baselineLearning(o.targetIp()));
        insert(fact, Math.max(fact.getTimestampMillis(), clock.getCurrentTime()));
    }

    /** Offers a flow that ended; only those to industrial or remote-access ports are shown to the rules. */
    public void accept(FlowRecord f) {
        int port = f.endpoints().serverPort();
        if (!Ports.INDUSTRIAL.containsKey(port) && !Ports.REMOTE_ACCESS.containsKey(port)) {
            return;
        }
        if (!room(true)) {
            return;
        }
        Flow flow = new Flow(f);
        flow.roles(roleLookup);
        // flows are reported when they end (an unanswered SYN two minutes later): they enter at the current time
        insert(flow, Math.max(Math.floorDiv(f.lastSeenNanos(), 1_000_000L), clock.getCurrentTime()));
    }

    /** Capture time moved on without a transaction (live capture while quiet): windows' documents fall due. */
    public void tick(long nowNanos) {
        planner.advance(nowNanos);
    }

    /**
     * The inventory's current role of the device: asked whenever a rule or an alert needs a fact's role (at its
     * insertion), so a role decided since (an early {@code unknown} becoming {@code plc}) is on the next alert. The
     * inventory decides a device's role again only when something its decision reads changes, so asking is one
     * look-up; facts still ask lazily (no rule of the pack needs the target's role to match, few facts are ever
     * alerted on).
     */
    private String role(String ip) {
        String r = ip == null ? null : outputs.assets().role(ip);
        return r == null ? "unknown" : r;
    }

    private final java.util.function.UnaryOperator<String> roleLookup = this::role;
    private int maxFacts = MAX_FACTS;

    /** A lower cap (tests). */
    RuleEngine maxFacts(int cap) {
        this.maxFacts = cap;
        return this;
    }

    /**
     * Whether working memory has room for one more fact ({@link #MAX_FACTS}); routine facts (sampled reads and
     * writes, ended flows) are refused at the cap, the others (engineering, discovery, failures, malformed,
     * baseline departures) only at twice the cap. A refused fact is counted, never silently dropped.
     */
    private boolean room(boolean routine) {
        long facts = session.getFactCount();
        if (facts < maxFacts || (!routine && facts < 2L * maxFacts)) {
            return true;
        }
        count(routine ? "rules.facts_refused_at_cap" : "rules.facts_refused_at_hard_cap");
        return false;
    }

    /**
     * Whether a fact inserted and fired can matter to no rule any more: it holds no right tuple (no join, window,
     * accumulate or not pattern holds it) and its left tuples, if any, all end at a rule's terminal node (a
     * single-pattern rule, already fired) without logical insertions depending on them.
     */
    private static boolean done(InternalFactHandle h) {
        if (!h.isValid()) {
            return false;
        }
        InternalFactHandle.LinkedTuples tuples = h.getLinkedTuples();
        if (tuples == null || !tuples.hasTuples()) {
            return true;
        }
        if (h.getFirstRightTuple() != null) {
            return false;
        }
        return tuples.findFirstLeftTuple(t -> !(t.getTupleSink() instanceof TerminalNode)
                || (t instanceof TruthMaintenanceSystemInternalMatch<?> m && m.getLogicalDependencies() != null
                        && !m.getLogicalDependencies().isEmpty())) == null;
    }

    private void insert(Object fact, long timestampMillis) {
        long gap = timestampMillis - clock.getCurrentTime();
        if (gap > 0) {
            clock.advanceTime(gap, TimeUnit.MILLISECONDS);
        }
        if (fact instanceof Flow f) {
            f.reportedAt(clock.getCurrentTime());
        }
        transactions++;
        FactHandle handle = session.insert(fact);
        session.fireAllRules(enabled);
        // A fact that passed no pattern's own constraints (the alpha network) holds no tuple, and one that only
        // reached single-pattern rules has fired them: no rule can match it later (facts do not change), so it leaves
        // working memory now instead of at its expiry. This is asked of the compiled network, so it holds for user
        // rules as well as the shipped pack; a fact held by a join, a window, an accumulate or a not stays.
        if (done((InternalFactHandle) handle)) {
            session.delete(handle);
            unmatched++;
        } else if (fact instanceof Transaction t) {
            t.resolveRoles();
        } else if (fact instanceof Flow f) {
            f.resolveRoles();
        }
    }

    /**
     * Recompiles when a file of the user folder was added, changed or removed (checked at most once a second of
     * wall-clock time; the pipeline calls this between packets). On success the new rules run from the next fact on
     * (alerts stay open across the switch); a broken file is reported through {@code errors} with its file and line,
     * once per change, and the rules loaded before keep running.
     *
     * @return true when new rules were loaded
     */
    public boolean reloadIfChanged() {
        long wall = System.currentTimeMillis();
        if (pack.userRules == null || wall - lastReloadCheck < RELOAD_CHECK_MILLIS) {
            return false;
        }
        lastReloadCheck = wall;
        return reloadNow();
    }

    private Map<Path, Long> failedFingerprint;

    /** {@link #reloadIfChanged} without the once-a-second limit. */
    public boolean reloadNow() {
        if (pack.userRules == null) {
            return false;
        }
        Map<Path, Long> fp;
        try {
            fp = fingerprint(pack.userRules);
        } catch (RulesException e) {
            report(e.getMessage());
            return false;
        }
        if (fp.equals(pack.fingerprint) || fp.equals(failedFingerprint)) {
            return false;
        }
        try {
            KieBase base = build(new ArrayList<>(fp.keySet()));
            pack = new Pack(base, pack.windows, pack.settings, pack.userRules, fp);
            openSession(base, clock.getCurrentTime());
            failedFingerprint = null;
            count("rules.reloads");
            return true;
        } catch (RulesException e) {
            failedFingerprint = fp;
            count("rules.reload_failures");
            report(e.getMessage() + " (in " + pack.userRules + "; the rules loaded before keep running)");
            return false;
        }
    }

    private void report(String message) {
        outputs.errors().accept(message);
    }

    private static Map<Path, Long> fingerprint(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RulesException("rules folder " + dir + " does not exist");
        }
        Map<Path, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                out.put(p, Files.getLastModifiedTime(p).toMillis() * 31 + Files.size(p));
            }
        } catch (IOException e) {
            throw new RulesException("cannot list rules folder " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    public long transactionsSeen() {
        return transactions;
    }

    public long alertsRaised() {
        return alerts.raised();
    }

    /** Facts that no rule could match any more once inserted and fired, which left working memory at once. */
    public long factsUnmatched() {
        return unmatched;
    }

    /** Facts in working memory now (bounded by event expiry and {@link #MAX_FACTS}). */
    public long factCount() {
        return session.getFactCount();
    }

    /** What the rules stage dropped, suppressed or reloaded (name → count). */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>(counters);
        if (sampling.failuresNotShown() > 0) {
            out.put("rules.failures_not_shown", sampling.failuresNotShown());
        }
        out.putAll(alerts.counters());
        if (planner.written() > 0) {
            out.put("rules.maintenance_documents", planner.written());
        }
        return out;
    }

    /** The end of the input: every open alert's latest state is written. */
    public void finish() {
        alerts.flush();
    }

    @Override
    public void close() {
        alerts.flush();
        session.dispose();
    }
}
