package io.linewatch.pipeline;

import io.linewatch.model.EventDoc;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.rules.AssetDirectory;
import io.linewatch.rules.TransactionSampling;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The rules on a thread of their own ({@code --threads N}): the merging thread hands each record the rules see, in
 * its order, to the {@code linewatch-rules} thread, which feeds the {@link RulesStage} (Drools, the alerts, the
 * alerts' evidence and their way into the journal). The output is what the rules on the merging thread give:
 * <ul>
 * <li>which transactions the rules are shown (a sample of the routine ones) is decided on the merging thread
 * ({@link Rules#shown}), in the records' order: the others are not handed on and nothing is asked about them;</li>
 * <li>what the rules ask of the inventory and the baseline (the parties' roles, whether the target serves the
 * protocol, whether its baseline is learned or still learning) is answered at the hand-off, on the merging thread,
 * where the rules would have asked it: the rules thread reads those answers ({@link #answers}), never the inventory
 * the merger goes on changing. A question not answered at the hand-off is a bug and fails the run;</li>
 * <li>the summaries' folded actions, which name the documents an alert cites, travel in the same order
 * ({@link RulesStage#folded}), so an alert names what it named when raised on the merging thread;</li>
 * <li>each item carries the number of the packet that caused it: the alert's evidence request names it
 * ({@link ParallelEvidence#at}), and the workers keep their evicted packets until the rules thread, not the
 * merger, has applied the packets of a round ({@link ParallelEvidence#merged});</li>
 * <li>the maintenance planner writes into the events stream between transactions, reads the inventory and is told
 * of every transaction, shown or not: a pack with maintenance windows keeps its rules on the merging thread
 * ({@link #usable}).</li>
 * </ul>
 * Bounded: {@value #BATCHES} batches of {@value #BATCH_ITEMS} items, recycled; the merger waits for a free one (a
 * fact is never dropped). A batch is handed on when full and at the end of each round of the merger (live alerts
 * are at most a round late). A failure on the rules thread is kept; the thread drains the batches that follow
 * (the merger never waits on it for ever) and the merger throws it at its next hand-off or at {@link #finish}.
 */
final class RulesHandOff implements RulesInput, PacketMarks {
    static final int BATCHES = 8;
    static final int BATCH_ITEMS = 1024;
    /** How long the merger waits for a free batch before it looks whether the rules thread is still alive. */
    private static final long POLL_MILLIS = 100;

    private enum Kind { TRANSACTION, OBSERVATION, FLOW, FOLDED, TICK, MAINTAIN, MERGED, FINISH }

    /** A folded action and the first id of the summary that counts it. */
    private record Folded(String transactionId, String firstId) {
    }

    /** One hand-off: items in the merger's order, with what the rules will ask about each answered. */
    private static final class Batch {
        final Kind[] kind = new Kind[BATCH_ITEMS];
        final Object[] item = new Object[BATCH_ITEMS];
        /** The packet that caused the item (the evidence's mark). */
        final long[] packet = new long[BATCH_ITEMS];
        /** A tick's capture time, a round's last packet, a transaction's {@link TransactionSampling.Shown} (ordinal). */
        final long[] value = new long[BATCH_ITEMS];
        final String[] actorRole = new String[BATCH_ITEMS];
        final String[] targetRole = new String[BATCH_ITEMS];
        /** {@link Answers}' flags about the target. */
        final byte[] target = new byte[BATCH_ITEMS];
        int size;

        boolean full() {
            return size == BATCH_ITEMS;
        }

        void clear() {
            java.util.Arrays.fill(item, 0, size, null);
            java.util.Arrays.fill(actorRole, 0, size, null);
            java.util.Arrays.fill(targetRole, 0, size, null);
            size = 0;
        }
    }

    /**
     * The inventory and baseline as the rules see them on their thread: the answers given at the hand-off of the item
     * being applied, about its two parties.
     */
    static final class Answers implements AssetDirectory {
        static final byte SERVES = 1;
        static final byte LEARNED = 2;
        static final byte LEARNING = 4;
        /** Which of the flags above were asked at the hand-off. */
        private static final int ASKED_SHIFT = 3;

        private String actorIp;
        private String targetIp;
        private String actorRole;
        private String targetRole;
        private String protocol;
        private byte target;

        @Override
        public String role(String ip) {
            if (ip.equals(actorIp)) {
                return actorRole;
            }
            if (ip.equals(targetIp)) {
                return targetRole;
            }
            throw unanswered("the role of " + ip);
        }

        @Override
        public List<EventDoc> assets() {
            throw unanswered("the asset documents (maintenance windows keep the rules on the merging thread)");
        }

        @Override
        public boolean serves(String ip, String protocol) {
            return ip.equals(targetIp) && protocol.equals(this.protocol) && flag(SERVES, "whether " + ip + " serves " + protocol);
        }

        @Override
        public boolean baselineLearned(String ip) {
            return ip.equals(targetIp) && flag(LEARNED, "whether the baseline of " + ip + " is learned");
        }

        @Override
        public boolean baselineLearning(String ip) {
            return ip.equals(targetIp) && flag(LEARNING, "whether the baseline of " + ip + " is learning");
        }

        private boolean flag(byte f, String question) {
            if ((target & (f << ASKED_SHIFT)) == 0) {
                throw unanswered(question);
            }
            return (target & f) != 0;
        }

        private static IllegalStateException unanswered(String question) {
            return new IllegalStateException("the rules asked " + question + ", which the hand-off did not answer");
        }

        /** On the merger: the flag's answer, marked as asked. */
        static byte answer(byte f, boolean yes) {
            return (byte) ((f << ASKED_SHIFT) | (yes ? f : 0));
        }

        void set(String actorIp, String targetIp, String actorRole, String targetRole, String protocol, byte target) {
            this.actorIp = actorIp;
            this.targetIp = targetIp;
            this.actorRole = actorRole;
            this.targetRole = targetRole;
            this.protocol = protocol;
            this.target = target;
        }
    }

    /** What the rules thread feeds: the records, each transaction with the sampling decided on the merging thread. */
    interface Rules extends RulesInput {
        /** On the merging thread, asked of every transaction in order: whether the rules are shown it. */
        TransactionSampling.Shown shown(Transaction t);

        /** On the rules thread: a transaction shown, with the answer of {@link #shown}. */
        void transaction(Transaction t, TransactionSampling.Shown shown);
    }

    private static final TransactionSampling.Shown[] SHOWN = TransactionSampling.Shown.values();

    private final AssetDirectory live;
    private final ParallelEvidence evidence;
    private final Answers answers = new Answers();
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> handed = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private Rules stage;
    private Batch filling;
    /** The packet whose records the merger is applying (merger only). */
    private long packet;
    private volatile Throwable failure;
    private volatile long mergerWaitedNanos;
    private volatile long rulesWaitedNanos;

    /**
     * @param live     the inventory and baseline, asked on the merging thread at each hand-off
     * @param evidence the workers' evidence, marked from the rules thread
     */
    RulesHandOff(AssetDirectory live, ParallelEvidence evidence) {
        this.live = live;
        this.evidence = evidence;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        filling = free.poll();
        thread = new Thread(this::run, "linewatch-rules");
        thread.setDaemon(true);
    }

    /** Whether a pack's rules can run on a thread of their own: not with maintenance windows (see the class comment). */
    static boolean usable(io.linewatch.rules.RuleEngine.Pack pack) {
        return !pack.hasWindows();
    }

    /** What the rules on the rules thread ask instead of the inventory. */
    AssetDirectory answers() {
        return answers;
    }

    /** Starts the rules thread, which feeds {@code stage} (whose rules ask {@link #answers}). */
    void start(Rules stage) {
        this.stage = stage;
        thread.start();
    }

    // ---- the merging thread ----

    @Override
    public void at(long index) {
        packet = index;
    }

    @Override
    public void transaction(Transaction t) {
        TransactionSampling.Shown shown = stage.shown(t);
        if (shown == TransactionSampling.Shown.NO) {
            return; // the rules would drop it; without maintenance windows (usable) nothing else reads it
        }
        String client = t.endpoints().clientIp();
        String server = t.endpoints().serverIp();
        byte target = 0;
        if (server != null && t.seen() == Seen.MALFORMED) {
            target |= Answers.answer(Answers.SERVES, live.serves(server, t.protocol().wireName));
        }
        if (server != null && t.operation() == Operation.DISCOVERY) {
            target |= Answers.answer(Answers.LEARNED, live.baselineLearned(server));
        }
        add(Kind.TRANSACTION, t, role(client), role(server), target, shown.ordinal());
    }

    @Override
    public void observation(Observation o) {
        byte target = o.targetIp() == null ? 0 : Answers.answer(Answers.LEARNING, live.baselineLearning(o.targetIp()));
        add(Kind.OBSERVATION, o, role(o.actorIp()), role(o.targetIp()), target, 0);
    }

    @Override
    public void flowEnded(FlowRecord f) {
        add(Kind.FLOW, f, role(f.endpoints().clientIp()), role(f.endpoints().serverIp()), (byte) 0, 0);
    }

    @Override
    public void folded(String transactionId, String firstId) {
        add(Kind.FOLDED, new Folded(transactionId, firstId), null, null, (byte) 0, 0);
    }

    @Override
    public void tick(long nanos) {
        add(Kind.TICK, null, null, null, (byte) 0, nanos);
    }

    @Override
    public void maintain() {
        add(Kind.MAINTAIN, null, null, null, (byte) 0, 0);
    }

    /** What the round gave is handed on, and the mark follows it. */
    @Override
    public void merged(long index) {
        add(Kind.MERGED, null, null, null, (byte) 0, index);
        handOn();
    }

    /** The rules finish on their thread, which ends; its failure, if any, is thrown here. */
    @Override
    public void finish() {
        add(Kind.FINISH, null, null, null, (byte) 0, 0);
        handOn();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the rules finished", e);
        }
        throwFailure();
    }

    /** Stops the rules thread without finishing (the run failed before its end); nothing is written. */
    void stop() {
        thread.interrupt();
    }

    private String role(String ip) {
        return ip == null ? null : live.role(ip);
    }

    private void add(Kind kind, Object item, String actorRole, String targetRole, byte target, long value) {
        Batch b = filling;
        int i = b.size++;
        b.kind[i] = kind;
        b.item[i] = item;
        b.packet[i] = packet;
        b.value[i] = value;
        b.actorRole[i] = actorRole;
        b.targetRole[i] = targetRole;
        b.target[i] = target;
        if (b.full()) {
            handOn();
        }
    }

    private void handOn() {
        throwFailure();
        if (!handed.offer(filling)) {
            throw new IllegalStateException("the rules' hand-off queue is over its bound"); // BATCHES in all
        }
        long t0 = System.nanoTime();
        try {
            while ((filling = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)) == null) {
                if (!thread.isAlive()) {
                    throwFailure();
                    throw new IllegalStateException("the rules thread ended before the input");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rules", e);
        } finally {
            mergerWaitedNanos += System.nanoTime() - t0;
        }
    }

    private void throwFailure() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("the rules failed: " + f, f);
        }
    }

    /** Time the merger waited for a free batch (the rules behind), and the rules thread for a batch. */
    long mergerWaitedNanos() {
        return mergerWaitedNanos;
    }

    long rulesWaitedNanos() {
        return rulesWaitedNanos;
    }

    // ---- the rules thread ----

    private void run() {
        long at = Long.MIN_VALUE;
        try {
            while (true) {
                long t0 = System.nanoTime();
                Batch b = handed.take();
                rulesWaitedNanos += System.nanoTime() - t0;
                boolean last = b.size > 0 && b.kind[b.size - 1] == Kind.FINISH;
                if (failure == null) {
                    try {
                        at = apply(b, at);
                    } catch (RuntimeException | Error e) {
                        failure = e; // kept for the merger; the batches that follow are drained unapplied
                    }
                }
                b.clear();
                free.add(b);
                if (last) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopped: the run failed elsewhere
        }
    }

    /** Applies a batch in order; {@code at} is the evidence's packet mark so far, the new one is returned. */
    private long apply(Batch b, long at) {
        for (int i = 0; i < b.size; i++) {
            if (b.packet[i] != at) {
                at = b.packet[i];
                evidence.at(at);
            }
            switch (b.kind[i]) {
                case TRANSACTION -> {
                    Transaction t = (Transaction) b.item[i];
                    answers.set(t.endpoints().clientIp(), t.endpoints().serverIp(), b.actorRole[i], b.targetRole[i],
                            t.protocol().wireName, b.target[i]);
                    stage.transaction(t, SHOWN[(int) b.value[i]]);
                }
                case OBSERVATION -> {
                    Observation o = (Observation) b.item[i];
                    answers.set(o.actorIp(), o.targetIp(), b.actorRole[i], b.targetRole[i], null, b.target[i]);
                    stage.observation(o);
                }
                case FLOW -> {
                    FlowRecord f = (FlowRecord) b.item[i];
                    answers.set(f.endpoints().clientIp(), f.endpoints().serverIp(), b.actorRole[i], b.targetRole[i],
                            null, b.target[i]);
                    stage.flowEnded(f);
                }
                case FOLDED -> {
                    Folded f = (Folded) b.item[i];
                    stage.folded(f.transactionId(), f.firstId());
                }
                case TICK -> stage.tick(b.value[i]);
                case MAINTAIN -> stage.maintain();
                case MERGED -> evidence.merged(b.value[i]);
                case FINISH -> stage.finish();
            }
        }
        return at;
    }
}
