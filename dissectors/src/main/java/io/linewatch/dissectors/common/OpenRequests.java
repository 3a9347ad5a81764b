package io.linewatch.dissectors.common;

import io.linewatch.dissectors.FlowSession;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The requests of one connection that await their response, oldest first: the one open-request table of the
 * dissectors. Bounded twice: past {@code cap} the oldest is given up ({@code <protocol>.requests_evicted}),
 * and a request older than {@code timeoutNanos} of capture time is given up when the connection next carries
 * traffic ({@code <protocol>.requests_expired}), so a live sensor does not sit on it until the connection
 * ends. A request given up is handed to {@code unanswered} (it becomes a request-only transaction).
 *
 * <p>A request is keyed by two numbers, {@code scope} and {@code id}, whatever pairs a response with it: Modbus
 * (0, transaction id), ENIP (command, sender context), CIP (connection, sequence count). Keys are primitive and the
 * table is a few arrays in the order the requests came, so pairing allocates nothing per request (a map allocated
 * a boxed key, an entry and a holder for each): a connection has one or two requests open at a time, and a scan of
 * at most {@code cap} (64 or 128) entries is bounded.
 *
 * @param <R> the request
 */
public final class OpenRequests<R> {
    /** Room made at the first request; doubled up to the cap. */
    private static final int INITIAL_ROOM = 2;

    private final FlowSession session;
    private final int cap;
    private final long timeoutNanos;
    private final Consumer<R> unanswered;
    private final String evictedCounter;
    private final String expiredCounter;
    /** Scope, id, timestamp of each open request, oldest first; null until the first request. */
    private long[] keys;
    private Object[] requests;
    private int size;

    public OpenRequests(FlowSession session, String protocol, int cap, long timeoutNanos, Consumer<R> unanswered) {
        this.session = session;
        this.cap = cap;
        this.timeoutNanos = timeoutNanos;
        this.unanswered = unanswered;
        this.evictedCounter = protocol + ".requests_evicted";
        this.expiredCounter = protocol + ".requests_expired";
    }

    /**
     * Opens a request. A request already open under the same key is returned (not reported: the caller
     * decides what a reused key means); past the cap the oldest is reported unanswered.
     */
    public R put(long scope, long id, R request, long timestampNanos) {
        int at = indexOf(scope, id);
        R replaced = at < 0 ? null : removeAt(at);
        if (size >= cap) {
            R dropped = removeAt(0);
            session.count(evictedCounter);
            unanswered.accept(dropped);
        }
        if (requests == null) {
            keys = new long[3 * INITIAL_ROOM];
            requests = new Object[INITIAL_ROOM];
        } else if (size == requests.length) {
            int room = Math.min(cap, 2 * size);
            keys = Arrays.copyOf(keys, 3 * room);
            requests = Arrays.copyOf(requests, room);
        }
        keys[3 * size] = scope;
        keys[3 * size + 1] = id;
        keys[3 * size + 2] = timestampNanos;
        requests[size++] = request;
        return replaced;
    }

    /** The open request under that key, removed; null when none. */
    public R take(long scope, long id) {
        int at = indexOf(scope, id);
        return at < 0 ? null : removeAt(at);
    }

    /** The open request under that key, left open; null when none. */
    public R peek(long scope, long id) {
        int at = indexOf(scope, id);
        return at < 0 ? null : request(at);
    }

    /** Reports the requests older than the timeout as unanswered, oldest first. */
    public void expire(long nowNanos) {
        while (size > 0 && nowNanos - keys[2] > timeoutNanos) {
            R oldest = removeAt(0);
            session.count(expiredCounter);
            unanswered.accept(oldest);
        }
    }

    /** The end of the connection: every open request is reported unanswered, oldest first. */
    public void drain() {
        Object[] rest = size == 0 ? null : Arrays.copyOf(requests, size);
        clear();
        if (rest != null) {
            for (Object r : rest) {
                unanswered.accept(cast(r));
            }
        }
    }

    /** Forgets every open request without reporting it (the flow turned out not to be this protocol). */
    public void clear() {
        if (requests != null) {
            Arrays.fill(requests, 0, size, null);
        }
        size = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Oldest first: a response usually answers the oldest request. */
    private int indexOf(long scope, long id) {
        for (int i = 0; i < size; i++) {
            if (keys[3 * i + 1] == id && keys[3 * i] == scope) {
                return i;
            }
        }
        return -1;
    }

    private R removeAt(int i) {
        R r = request(i);
        int after = size - i - 1;
        if (after > 0) {
            System.arraycopy(keys, 3 * (i + 1), keys, 3 * i, 3 * after);
            System.arraycopy(requests, i + 1, requests, i, after);
        }
        requests[--size] = null;
        return r;
    }

    private R request(int i) {
        return cast(requests[i]);
    }

    @SuppressWarnings("unchecked")
    private R cast(Object o) {
        return (R) o;
    }
}
