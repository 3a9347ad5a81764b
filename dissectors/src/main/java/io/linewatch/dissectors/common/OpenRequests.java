package io.linewatch.dissectors.common;

import io.linewatch.dissectors.FlowSession;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * The requests of one connection that await their response, oldest first: the one open-request table of the
 * dissectors. Bounded twice: past {@code cap} the oldest is given up ({@code <protocol>.requests_evicted}),
 * and a request older than {@code timeoutNanos} of capture time is given up when the connection next carries
 * traffic ({@code <protocol>.requests_expired}), so a live sensor does not sit on it until the connection
 * ends. A request given up is handed to {@code unanswered} (it becomes a request-only transaction).
 *
 * @param <K> what pairs a response with its request (transaction id, PDU reference, sender context)
 * @param <R> the request
 */
public final class OpenRequests<K, R> {
    private record Open<R>(R request, long timestampNanos) {
    }

    private final FlowSession session;
    private final int cap;
    private final long timeoutNanos;
    private final Consumer<R> unanswered;
    private final String evictedCounter;
    private final String expiredCounter;
    private final LinkedHashMap<K, Open<R>> open = new LinkedHashMap<>();

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
    public R put(K key, R request, long timestampNanos) {
        Open<R> replaced = open.remove(key);
        if (open.size() >= cap) {
            Iterator<Open<R>> oldest = open.values().iterator();
            R dropped = oldest.next().request();
            oldest.remove();
            session.count(evictedCounter);
            unanswered.accept(dropped);
        }
        open.put(key, new Open<>(request, timestampNanos));
        return replaced == null ? null : replaced.request();
    }

    /** The open request under that key, removed; null when none. */
    public R take(K key) {
        Open<R> o = open.remove(key);
        return o == null ? null : o.request();
    }

    /** The open request under that key, left open; null when none. */
    public R peek(K key) {
        Open<R> o = open.get(key);
        return o == null ? null : o.request();
    }

    /** Reports the requests older than the timeout as unanswered, oldest first. */
    public void expire(long nowNanos) {
        if (open.isEmpty()) {
            return; // the usual case between polls: no iterator made per PDU
        }
        Iterator<Open<R>> it = open.values().iterator();
        while (it.hasNext()) {
            Open<R> oldest = it.next();
            if (nowNanos - oldest.timestampNanos() <= timeoutNanos) {
                return;
            }
            it.remove();
            session.count(expiredCounter);
            unanswered.accept(oldest.request());
        }
    }

    /** The end of the connection: every open request is reported unanswered, oldest first. */
    public void drain() {
        List<Open<R>> rest = new ArrayList<>(open.values());
        open.clear();
        for (Open<R> o : rest) {
            unanswered.accept(o.request());
        }
    }

    /** Forgets every open request without reporting it (the flow turned out not to be this protocol). */
    public void clear() {
        open.clear();
    }

    public int size() {
        return open.size();
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }
}
