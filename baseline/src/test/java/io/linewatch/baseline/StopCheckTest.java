package io.linewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scan looks only at the rhythms whose stop check is due (a queue by deadline), not at every rhythm: after
 * each scan no rhythm the full walk would report is left unreported, on polls of many periods that stop, resume,
 * stop again, speed up, jump in capture time, and on servers still learning.
 */
class StopCheckTest {
    private static final long S = Synthetic.S;

    @Test
    void theDueChecksFindWhatAWalkOverEveryRhythmFinds() {
        long seed = Long.getLong("stopcheck.seed", 20261126L);
        Random random = new Random(seed);
        Synthetic plant = new Synthetic(BaselineConfig.learnFor(Duration.ofMinutes(10)));
        BaselineEngine engine = plant.engine;
        int pollers = 40;
        long[] period = new long[pollers];
        long[] next = new long[pollers];
        long[] stoppedUntil = new long[pollers];
        for (int i = 0; i < pollers; i++) {
            period[i] = (1 + random.nextInt(12)) * S / (1 + random.nextInt(4)); // 0.25 s .. 12 s
            next[i] = Synthetic.T0 + random.nextInt(1000) * S / 1000;
        }
        long end = Synthetic.T0 + 90 * BaselineConfig.MINUTE;
        long scans = 0;
        long lastScanChecked = -1;
        while (true) {
            int i = 0;
            for (int k = 1; k < pollers; k++) {
                if (next[k] < next[i]) {
                    i = k;
                }
            }
            long at = next[i];
            if (at > end) {
                break;
            }
            // servers 10.0.1.x (a few pollers each, some servers new after learning), ten registers per poller
            String client = "10.0.0." + (i % 7);
            String server = "10.0.1." + (i % 13 + (at > Synthetic.T0 + 20 * BaselineConfig.MINUTE && i % 5 == 0 ? 100 : 0));
            plant.feed(plant.read(client, server, at, 10L * i, 10));
            if (engine.nextScan - BaselineEngine.SCAN_NANOS != lastScanChecked) {
                lastScanChecked = engine.nextScan - BaselineEngine.SCAN_NANOS;
                assertNoneOverdue(engine, engine.now, seed);
                scans++;
            }
            long jitter = (long) (period[i] * 0.1 * random.nextGaussian());
            next[i] = at + Math.max(1, period[i] + jitter);
            int event = random.nextInt(4000);
            if (event == 0 && stoppedUntil[i] == 0) {
                next[i] += (5 + random.nextInt(20)) * BaselineConfig.MINUTE; // stops, resumes later
                stoppedUntil[i] = next[i];
            } else if (event == 1) {
                period[i] = Math.max(S / 10, period[i] / 4); // speeds up
            } else if (event == 2 && random.nextInt(10) == 0) {
                for (int k = 0; k < pollers; k++) {
                    next[k] += 2 * BaselineConfig.HOUR; // the capture stops and resumes: a clock jump
                }
                end += 2 * BaselineConfig.HOUR;
            }
        }
        engine.finish(end + BaselineConfig.HOUR);
        assertNoneOverdue(engine, engine.now, seed);
        List<Observation> stops = new ArrayList<>();
        for (Observation o : plant.seen) {
            if (o.type() == ObservationType.TIMING_CHANGE && o.key().startsWith("stop:")) {
                stops.add(o);
            }
        }
        assertTrue(scans > 400, "scans " + scans);
        // every poller stops at the end; a stop that resumed and stopped again is a second observation
        long stoppedRhythms = stops.stream().map(Observation::key).distinct().count();
        assertTrue(stoppedRhythms >= pollers / 2, "seed " + seed + ": " + stops.size() + " stops of " + stoppedRhythms + " rhythms");
    }

    @Test
    void aRhythmThatResumesIsReportedStoppedAgainInItsObservation() {
        Synthetic plant = new Synthetic(BaselineConfig.learnFor(Duration.ofMinutes(5)));
        long t = Synthetic.T0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 600; i++, t += S) {
                plant.feed(plant.read("10.0.0.10", "10.0.0.1", t, 0, 10));
                plant.feed(plant.read("10.0.0.20", "10.0.0.2", t, 0, 10)); // keeps the clock going
            }
            for (int i = 0; i < 120; i++, t += S) {
                plant.feed(plant.read("10.0.0.20", "10.0.0.2", t, 0, 10));
            }
        }
        plant.engine.finish(t); // the repeat is counted into the open observation, handed on again at the end
        List<Observation> stops = plant.of(ObservationType.TIMING_CHANGE);
        assertTrue(stops.stream().allMatch(o -> o.key().startsWith("stop:10.0.0.10>10.0.0.1/")), stops::toString);
        assertEquals(2, stops.get(stops.size() - 1).count(), stops::toString);
    }

    /** What the walk over every rhythm (the scan before the queue) would report at {@code t}: nothing left. */
    private static void assertNoneOverdue(BaselineEngine e, long t, long seed) {
        List<String> missed = new ArrayList<>();
        e.rhythms.forEach(r -> {
            if (!r.stopReported && r.cyclic() && t - Math.max(r.last, e.resumedAt) > BaselineEngine.stopAfter(r)
                    && !e.learning(e.deviceById(r.server), t)) {
                missed.add(e.rhythmText(r));
            }
        });
        assertEquals(List.of(), missed, "seed " + seed + ", scan at " + t);
    }
}
