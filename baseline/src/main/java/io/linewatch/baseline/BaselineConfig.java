package io.linewatch.baseline;

import java.time.Duration;

/**
 * How long and how much a baseline learns, and its bounds (docs/BASELINE.md). All times are capture time in
 * nanoseconds.
 *
 * @param learnNanos          learning period from the first packet; -1 when {@code learnUntilNanos} is used or
 *                            when learning lasts the whole run (both -1: nothing is ever reported)
 * @param learnUntilNanos     learning ends at this capture time; -1 if not set
 * @param minTransactions     a device that learns past the global period leaves learning once it has this many
 *                            transactions and no new key for {@link #quietNanos()}
 * @param newDeviceGraceNanos a device first seen after learning learns its own behaviour as a server this long
 * @param repeatNanos         repeats of one departure fold into the open observation for this long
 * @param maxDevices          devices kept (then least recently seen idle ones are evicted)
 * @param maxKeys             learned keys (talkers, channels, object sets, variables, rhythms) over all devices
 * @param maxVariablesPerDevice process variables per server
 * @param maxIntervals        address intervals per object set (then neighbours merge)
 * @param maxEvidence         evidence ids per observation
 * @param maxOpenObservations open observations (then the oldest is closed early)
 */
public record BaselineConfig(long learnNanos, long learnUntilNanos, long minTransactions, long newDeviceGraceNanos,
                             long repeatNanos, int maxDevices, int maxKeys, int maxVariablesPerDevice, int maxIntervals,
                             int maxEvidence, int maxOpenObservations) {

    public static final long SECOND = 1_000_000_000L;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;
    /** The default learning period of {@code capture}: a plant's week (shifts, weekend maintenance, batches). */
    public static final long CAPTURE_DEFAULT_LEARN = 7 * 24 * HOUR;

    /** Learn over the whole run and report nothing (analyze without a learning option). */
    public static BaselineConfig learnWholeRun() {
        return new BaselineConfig(-1, -1, 100, 10 * MINUTE, HOUR, 100_000, 4_000_000, 1024, 64, 10, 10_000);
    }

    public static BaselineConfig learnFor(Duration d) {
        return learnWholeRun().withLearning(d.toNanos(), -1);
    }

    public BaselineConfig withLearning(long forNanos, long untilNanos) {
        return new BaselineConfig(forNanos, untilNanos, minTransactions, newDeviceGraceNanos, repeatNanos, maxDevices,
                maxKeys, maxVariablesPerDevice, maxIntervals, maxEvidence, maxOpenObservations);
    }

    public BaselineConfig withNewDeviceGrace(long nanos) {
        return new BaselineConfig(learnNanos, learnUntilNanos, minTransactions, nanos, repeatNanos, maxDevices,
                maxKeys, maxVariablesPerDevice, maxIntervals, maxEvidence, maxOpenObservations);
    }

    public BaselineConfig withBounds(int devices, int keys) {
        return new BaselineConfig(learnNanos, learnUntilNanos, minTransactions, newDeviceGraceNanos, repeatNanos, devices,
                keys, maxVariablesPerDevice, maxIntervals, maxEvidence, maxOpenObservations);
    }

    /** True when some learning option was given (else the whole run learns). */
    public boolean learningBounded() {
        return learnNanos >= 0 || learnUntilNanos >= 0;
    }
}
