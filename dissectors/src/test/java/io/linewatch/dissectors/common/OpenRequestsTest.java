package io.linewatch.dissectors.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenRequestsTest {
    private static final int CAP = 4;
    private static final long TIMEOUT = 1_000;

    private final DissectorContext context = new DissectorContext((EventSink) doc -> { }, fact -> { });
    private final List<String> unanswered = new ArrayList<>();
    private final OpenRequests<String> open =
            new OpenRequests<>(new FlowSession(null, context), "proto", CAP, TIMEOUT, unanswered::add);

    @Test
    void pairsByBothNumbersOfTheKey() {
        open.put(1, 7, "command 1", 0);
        open.put(2, 7, "command 2", 0);
        open.put(1, 8, "context 8", 0);
        assertEquals("command 2", open.peek(2, 7));
        assertEquals("command 2", open.take(2, 7));
        assertNull(open.take(2, 7));
        assertNull(open.peek(3, 7));
        assertEquals("command 1", open.take(1, 7));
        assertEquals("context 8", open.take(1, 8));
        assertTrue(open.isEmpty());
    }

    @Test
    void aReusedKeyReturnsTheEarlierRequestAndMovesToTheNewest() {
        open.put(0, 1, "a", 0);
        open.put(0, 2, "b", 0);
        assertEquals("a", open.put(0, 1, "a again", 10));
        assertEquals(2, open.size());
        open.expire(1_005); // b (t=0) is past the timeout, "a again" (t=10) is not
        assertEquals(List.of("b"), unanswered);
        assertEquals("a again", open.peek(0, 1));
        assertEquals(1L, counters().get("proto.requests_expired"));
    }

    @Test
    void pastTheCapTheOldestIsGivenUp() {
        for (int i = 0; i < CAP + 2; i++) {
            assertNull(open.put(0, i, "r" + i, i));
        }
        assertEquals(List.of("r0", "r1"), unanswered);
        assertEquals(CAP, open.size());
        assertEquals(2L, counters().get("proto.requests_evicted"));
        for (int i = 2; i < CAP + 2; i++) {
            assertEquals("r" + i, open.take(0, i));
        }
    }

    @Test
    void expiryStopsAtTheFirstRequestStillInTime() {
        open.put(0, 1, "old", 0);
        open.put(0, 2, "recent", 900);
        open.put(0, 3, "older, put later", 0); // not reached: expiry goes oldest put first
        open.expire(1_500);
        assertEquals(List.of("old"), unanswered);
        open.expire(2_000);
        assertEquals(List.of("old", "recent", "older, put later"), unanswered);
        assertTrue(open.isEmpty());
    }

    @Test
    void takingFromTheMiddleKeepsTheOrder() {
        List<String> requests = List.of("a", "b", "c");
        for (int i = 0; i < requests.size(); i++) {
            open.put(0, i + 1, requests.get(i), 0);
        }
        assertEquals("b", open.take(0, 2));
        open.put(0, 4, "d", 0);
        open.drain();
        assertEquals(List.of("a", "c", "d"), unanswered);
        assertTrue(open.isEmpty());
        open.put(0, 1, "after the drain", 0);
        open.clear();
        open.drain();
        assertEquals(3, unanswered.size());
    }

    private Map<String, Long> counters() {
        return context.counters();
    }
}
