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

    @Test
    void fieldsPutLaterAreWrittenOnceAtTheFirstReadInTheOrderOfThePuts() {
        int[] runs = new int[1];
        Detail d = new Detail(4).put("before", 1).putLater(later -> {
            runs[0]++;
            later.put("later", 2).put("skipped", null).put("also later", 3);
        });
        assertEquals(0, runs[0]);
        assertEquals(3, d.size());
        assertEquals(List.of("before", "later", "also later"), List.of(d.name(0), d.name(1), d.name(2)));
        assertEquals(3, d.get("also later"));
        assertEquals(2, d.value(1));
        assertEquals(1, runs[0]);
    }

    @Test
    void aFieldPutAfterAWriterFollowsItsFields() {
        Detail d = new Detail().putLater(later -> later.put("later", 1)).put("after", 2);
        assertEquals(List.of("later", "after"), List.of(d.name(0), d.name(1)));
        Detail copied = new Detail().putLater(later -> later.put("a", 0).put("b", 0))
                .putAbsent(new Detail().putLater(later -> later.put("b", 1).put("c", 1)));
        assertEquals(List.of("a", "b", "c"), List.of(copied.name(0), copied.name(1), copied.name(2)));
        assertEquals(0, copied.get("b"));
        assertEquals(1, new Detail().putAll(new Detail().putLater(later -> later.put("c", 1))).get("c"));
    }
}
