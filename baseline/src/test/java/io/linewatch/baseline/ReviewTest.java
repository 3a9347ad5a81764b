package io.linewatch.baseline;

import static io.linewatch.baseline.Synthetic.S;
import static io.linewatch.baseline.Synthetic.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Approve and unlearn change what is reported. */
class ReviewTest {
    private Synthetic plant;
    private long end;

    @BeforeEach
    void learn() {
        plant = new Synthetic(BaselineConfig.learnFor(Duration.ofMinutes(10)));
        end = plant.normal(T0, 11 * 60);
    }

    private List<ObservationType> types() {
        return plant.seen.stream().map(Observation::type).toList();
    }

    @Test
    void anApprovedNewHmiIsNotReportedAgain() {
        plant.feed(plant.write("10.0.0.30", "10.0.0.1", end, 100, 501));
        assertEquals(List.of(ObservationType.NEW_DEVICE, ObservationType.NEW_TALKER, ObservationType.UNAUTHORIZED_WRITE), types());
        for (Observation o : List.copyOf(plant.seen)) {
            plant.engine.approve(o.key(), o.seen());
        }
        plant.seen.clear();
        plant.feed(plant.write("10.0.0.30", "10.0.0.1", end + S, 100, 501));
        plant.feed(plant.write("10.0.0.30", "10.0.0.1", end + 2 * S, 101, 501));
        assertEquals(List.of(ObservationType.UNAUTHORIZED_WRITE), types(), "approved register 100, not 101");
    }

    @Test
    void anApprovedValueAndReadRangeAreLearned() {
        plant.feed(plant.read("10.0.0.10", "10.0.0.1", end, 0, 10, 120, 3, 42, 0, 0, 0, 0, 0, 0, 0));
        plant.feed(plant.read("10.0.0.10", "10.0.0.1", end, 300, 2));
        Observation value = plant.of(ObservationType.NEW_VALUE).get(0);
        Observation read = plant.of(ObservationType.NEW_OBJECT_READ).get(0);
        assertEquals("addresses 300-301", read.seen());
        plant.engine.approve(value.key(), value.seen());
        plant.engine.approve(read.key(), read.seen());
        plant.seen.clear();
        plant.feed(plant.read("10.0.0.10", "10.0.0.1", end + S, 0, 10, 120, 3, 42, 0, 0, 0, 0, 0, 0, 0));
        plant.feed(plant.read("10.0.0.10", "10.0.0.1", end + S, 300, 2));
        assertEquals(List.of(), plant.seen);
    }

    @Test
    void unlearnedTrafficIsReportedAgain() {
        plant.engine.unlearn("talker:10.0.0.20>10.0.0.1");
        plant.feed(plant.read("10.0.0.20", "10.0.0.1", end, 0, 10));
        assertEquals(List.of(ObservationType.NEW_TALKER), types());
        plant.seen.clear();
        plant.engine.unlearn("write:10.0.0.10>10.0.0.1/modbus/1/holding_registers/-1/100");
        plant.feed(plant.write("10.0.0.10", "10.0.0.1", end + S, 100, 501));
        assertEquals(List.of(ObservationType.UNAUTHORIZED_WRITE), types());
        plant.seen.clear();
        plant.engine.unlearn("function:10.0.0.10>10.0.0.1/modbus/1/16/-1");
        plant.feed(plant.write("10.0.0.10", "10.0.0.1", end + 2 * S, 100, 501));
        assertEquals(ObservationType.NEW_FUNCTION, types().get(0));
    }

    @Test
    void badKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> plant.engine.unlearn("nonsense"));
        assertThrows(IllegalArgumentException.class, () -> plant.engine.unlearn("talker:10.9.9.9>10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> plant.engine.approve("banana:1", null));
    }
}
