package io.linewatch.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link TransactionStagesBench}'s invocations rated per CPU second of the thread that runs them instead of per wall
 * second (as {@code io.linewatch.bench.DissectorCpuRate} does for the dissectors): on a machine whose load is many
 * times its cores, JMH's wall-time rates say more about the other processes than about the code.
 *
 * <pre>java -cp bench/target/classes:bench/target/lib/* io.linewatch.pipeline.TransactionStagesCpuRate [SECONDS] [STAGE,...]</pre>
 * SECONDS of thread CPU time per figure after three times as long of warm-up (default 5); the stages default to
 * touch,summaries,inventory,baseline ({@code touch}: the floor, loading what the stages read). Prints transactions
 * per CPU second, one line per stage.
 */
public final class TransactionStagesCpuRate {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Warm-up CPU time, in measured budgets. */
    private static final int WARM_UP = 3;

    private TransactionStagesCpuRate() {
    }

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        String[] stages = (args.length > 1 ? args[1] : "touch,summaries,inventory,baseline").split(",");
        System.out.printf(Locale.ROOT, "%-10s %14s %10s%n", "stage", "per CPU s", "CPU s");
        for (String stage : stages) {
            rate(stage, seconds * 1_000_000_000L, switch (stage) {
                case "touch" -> TransactionStagesBench::touch;
                case "summaries" -> TransactionStagesBench::summaries;
                case "inventory" -> (b, c) -> {
                    b.inventory(c);
                    return 0;
                };
                case "baseline" -> (b, c) -> {
                    b.baseline(c);
                    return 0;
                };
                default -> throw new IllegalArgumentException("no stage " + stage + " (touch, summaries, inventory, baseline)");
            });
        }
    }

    /** One invocation of a stage's benchmark method. */
    private interface Invocation {
        long run(TransactionStagesBench bench, TransactionStagesBench.Counters counters);
    }

    private static void rate(String stage, long budget, Invocation invocation) {
        TransactionStagesBench bench = new TransactionStagesBench();
        bench.record();
        TransactionStagesBench.Counters counters = new TransactionStagesBench.Counters();
        long sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            counters.reset();
            long cpu = 0;
            while (cpu < (pass == 0 ? WARM_UP * budget : budget)) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                sink += invocation.run(bench, counters);
                cpu += THREADS.getCurrentThreadCpuTime() - t0;
            }
            if (pass == 1) {
                System.out.printf(Locale.ROOT, "%-10s %,14.0f %10.1f%s%n", stage, counters.transactions * 1e9 / cpu,
                        cpu / 1e9, sink == 42 ? " " : "");
            }
        }
    }
}
