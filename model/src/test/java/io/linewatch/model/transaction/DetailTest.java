package io.linewatch.model.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetailTest {

    @Test
    void keepsFieldsInOrderSkipsNullsAndGrowsPastWhatWasExpected() {
        Detail d = new Detail(2);
        for (int i = 0; i < 5; i++) {
            d.put("f" + i, i);
            d.put("skipped", null);
        }
        assertEquals(5, d.size());
        for (int i = 0; i < 5; i++) {
            assertEquals("f" + i, d.name(i));
            assertEquals(i, d.value(i));
        }
        assertEquals(3, d.get("f3"));
        assertNull(d.get("skipped"));
    }

    @Test
    void aDeferredValueIsBuiltWhenReadNotWhenPutOrCopied() {
        int[] built = new int[1];
        Detail.Deferred rows = () -> {
            built[0]++;
            return List.of("row");
        };
        Detail message = new Detail().put("a", 1).putDeferred("rows", rows);
        Detail request = new Detail().putAll(message);
        Detail transaction = new Detail().put("a", 0).putAbsent(request);
        assertEquals(0, built[0]);

        assertEquals(List.of("rows"), List.of(transaction.name(1)));
        assertEquals(List.of("row"), transaction.value(1));
        assertEquals(List.of("row"), transaction.get("rows"));
        assertEquals(2, built[0]);
        assertEquals(0, transaction.get("a"));
        assertEquals(2, transaction.size());
    }

    @Test
    void aDeferredFieldThatIsNullIsNotPut() {
        assertEquals(0, new Detail().putDeferred("rows", null).size());
    }
}
