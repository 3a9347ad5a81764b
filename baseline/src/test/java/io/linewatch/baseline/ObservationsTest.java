package io.linewatch.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.baseline.Observations.Departure;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Open observations whose repeat interval is over are handed on in the order they were opened, whatever their time. */
class ObservationsTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    private static Departure silent(String ip, long nanos) {
        return new Departure(ObservationType.DEVICE_SILENT, "silent:" + ip, nanos, null, null, null, -1, ip, null, -1,
                null, "traffic", "silence", "Device " + ip + " is silent.");
    }

    @Test
    void expiredObservationsAreHandedOnInTheOrderTheyWereOpened() {
        BaselineConfig config = BaselineConfig.learnWholeRun();
        List<Observation> handed = new ArrayList<>();
        Observations observations = new Observations(config, handed::add);
        long repeat = config.repeatNanos();
        // opened in this order, their first occurrences not in time order (a flow's start is reported at its end)
        String[] ips = {"10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.4"};
        long[] at = {T0 + 30, T0 + 10, T0 + 20, T0 + repeat};
        for (int i = 0; i < ips.length; i++) {
            observations.report(silent(ips[i], at[i]), 0, 0);
        }
        for (int i = 0; i < ips.length; i++) {
            observations.report(silent(ips[i], at[i] + 1), 0, 0); // a repeat: handed on again when its interval ends
        }
        handed.clear();
        observations.expire(T0 + repeat + 30); // the first three are due, the fourth is not
        assertEquals(List.of("silent:10.0.0.3", "silent:10.0.0.1", "silent:10.0.0.2"), handed.stream().map(Observation::key).toList());
        assertEquals(List.of(2L, 2L, 2L), handed.stream().map(Observation::count).toList());
        assertEquals(1, observations.openCount());
        observations.report(silent("10.0.0.1", T0 + repeat + 40), 0, 0); // opened again: a new observation, not yet due
        handed.clear();
        observations.expire(T0 + 2 * repeat + 30);
        assertEquals(List.of("silent:10.0.0.4"), handed.stream().map(Observation::key).toList());
        assertEquals(1, observations.openCount());
    }
}
