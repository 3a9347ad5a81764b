package io.linewatch.rules;

import io.linewatch.model.EventDoc;
import io.linewatch.model.EventSink;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.rules.facts.MaintenanceWindow;
import io.linewatch.rules.facts.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.time.SessionPseudoClock;

/**
 * Drools in stream mode on a pseudo clock driven by capture time, so an old capture analyzed offline
 * raises the same alerts as the live traffic would have. Rules are the shipped pack plus any
 * {@code *.drl} in a user folder, compiled at start-up (no rebuild needed). Transactions are events
 * that expire after a few minutes, so working memory stays bounded.
 *
 * <p>Rules see the transactions whose {@code ot.operation} is in {@link #OPERATIONS} (engineering work,
 * discovery, writes): reads, diagnostics and unclassified services are the bulk of OT traffic (a
 * firmware transfer alone is thousands of them) and would only fill working memory.
 */
public final class RuleEngine implements AutoCloseable {
    private static final String RULES_DIR = "io/linewatch/rules/";
    private static final String PACKAGE_DIR = "src/main/resources/" + RULES_DIR;
    private static final List<String> SHIPPED = List.of("linewatch-ot.drl");

    private final KieSession session;
    private final SessionPseudoClock clock;
    private final Alerts alerts;
    private long transactions;

    /** A compiled rule pack with its maintenance windows; build once, open a session per pipeline. */
    public static final class Pack {
        private final KieBase base;
        private final List<MaintenanceWindow> windows;

        private Pack(KieBase base, List<MaintenanceWindow> windows) {
            this.base = base;
            this.windows = List.copyOf(windows);
        }

        public RuleEngine newSession(EventSink alertSink) {
            return new RuleEngine(this, alertSink);
        }
    }

    /**
     * Compiles the shipped rules and the user's.
     *
     * @param userRules a folder of {@code *.drl} files, or null
     * @throws RulesException naming the file and line of the first problems
     */
    public static Pack compile(Path userRules, List<MaintenanceWindow> windows) {
        if (userRules == null) {
            return new Pack(shippedOnly(), windows);
        }
        return new Pack(build(userRuleFiles(userRules)), windows);
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
        for (String name : SHIPPED) {
            kfs.write(PACKAGE_DIR + name, shipped(name));
        }
        for (Path p : userFiles) {
            try {
                kfs.write(PACKAGE_DIR + "user/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RulesException("cannot read rule file " + p + ": " + e.getMessage(), e);
            }
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            // a broken user file also makes Drools complain about the files beside it: name the user's first
            List<Message> user = errors.stream().filter(m -> m.getPath().startsWith(RULES_DIR + "user/")
                    && !m.getText().contains("Parser returned a null Package")).toList();
            throw new RulesException("rules do not compile: " + (user.isEmpty() ? errors : user).stream()
                    .map(m -> m.getPath().replace(RULES_DIR + "user/", "").replace(RULES_DIR, "")
                            + " line " + m.getLine() + ": " + m.getText().strip())
                    .collect(Collectors.joining("; ")));
        }
        var baseConf = ks.newKieBaseConfiguration();
        baseConf.setOption(EventProcessingOption.STREAM);
        return ks.newKieContainer(builder.getKieModule().getReleaseId()).newKieBase(baseConf);
    }

    private RuleEngine(Pack pack, EventSink alertSink) {
        KieSessionConfiguration sessionConf = KieServices.Factory.get().newKieSessionConfiguration();
        sessionConf.setOption(ClockTypeOption.PSEUDO);
        this.session = pack.base.newKieSession(sessionConf, null);
        this.clock = session.getSessionClock();
        this.alerts = new Alerts(alertSink);
        session.setGlobal("alerts", alerts);
        pack.windows.forEach(session::insert);
    }

    /** Operations the rules are shown: engineering work, discovery and writes. */
    public static final Set<String> OPERATIONS = Set.of(
            Values.OP_PROGRAM, Values.OP_CONTROL, Values.OP_FIRMWARE, Values.OP_DISCOVERY, Values.OP_WRITE);

    /** Offers one document (flow records, malformed records and other operations are ignored). */
    public void accept(EventDoc event) {
        String operation = event.getString(Fields.OT_OPERATION);
        if (operation == null || !OPERATIONS.contains(operation)
                || Values.SEEN_MALFORMED.equals(event.getString(Fields.OT_SEEN))) {
            return;
        }
        insert(new Transaction(event));
    }

    /** Offers one typed transaction (malformed records and operations the rules are not shown are ignored). */
    public void accept(io.linewatch.model.transaction.Transaction typed) {
        if (typed.operation() == null || !OPERATIONS.contains(typed.operation().wireName)
                || typed.seen() == io.linewatch.model.transaction.Seen.MALFORMED) {
            return;
        }
        insert(new Transaction(typed));
    }

    private void insert(Transaction t) {
        long gap = t.getTimestampMillis() - clock.getCurrentTime();
        if (gap > 0) {
            clock.advanceTime(gap, TimeUnit.MILLISECONDS);
        }
        transactions++;
        session.insert(t);
        session.fireAllRules();
    }

    public long transactionsSeen() {
        return transactions;
    }

    public long alertsRaised() {
        return alerts.raised();
    }

    /** Facts in working memory now (bounded by event expiry). */
    public long factCount() {
        return session.getFactCount();
    }

    @Override
    public void close() {
        session.dispose();
    }

    private static String shipped(String name) {
        try (InputStream in = RuleEngine.class.getResourceAsStream("/rules/" + name)) {
            if (in == null) {
                throw new RulesException("shipped rule file rules/" + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesException("cannot read shipped rules: " + e.getMessage(), e);
        }
    }

    private static List<Path> userRuleFiles(Path dir) {
        if (dir == null) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new RulesException("rules folder " + dir + " does not exist");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.toString().endsWith(".drl")).sorted().toList());
        } catch (IOException e) {
            throw new RulesException("cannot list rules folder " + dir + ": " + e.getMessage(), e);
        }
    }

}
