package io.linewatch.index.outputs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One alert output: a bounded queue and a thread that delivers from it. {@link #offer} never blocks: when the queue
 * is full the alert is dropped and counted. A delivery that fails for a reason that may pass (receiver down, timeout,
 * HTTP 5xx) is retried with exponential backoff; one the receiver refuses for good is counted as failed.
 */
public abstract class AlertOutput implements AutoCloseable {
    /** Default queue capacity (alerts). */
    public static final int DEFAULT_QUEUE = 10_000;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String name;
    private final BlockingQueue<Map<String, Object>> queue;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object idle = new Object();
    private final Thread thread;
    private volatile boolean busy;
    private volatile boolean retrying;
    private volatile String lastError;
    private volatile boolean closing;

    protected AlertOutput(String name, int queueCapacity) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueCapacity));
        this.thread = new Thread(this::loop, "linewatch-output " + name);
        this.thread.setDaemon(true);
    }

    /** Starts the delivery thread; called once by the factory after construction. */
    final AlertOutput start() {
        thread.start();
        return this;
    }

    public final String name() {
        return name;
    }

    /** Queues an alert (the nested document, not modified afterwards); drops and counts it when the queue is full. */
    public final void offer(Map<String, Object> alert) {
        if (closing || !queue.offer(alert)) {
            dropped.incrementAndGet();
        }
    }

    public final OutputStats stats() {
        return new OutputStats(name, sent.get(), dropped.get(), failed.get(), queue.size() + (busy ? 1 : 0), retrying,
                lastError);
    }

    /** Delivers one alert, or throws. */
    protected abstract void deliver(Map<String, Object> alert) throws DeliveryException;

    /** Releases connections (called on the delivery thread after a failure, and at close). */
    protected void disconnect() {
    }

    private void loop() {
        while (true) {
            Map<String, Object> alert;
            try {
                synchronized (idle) {
                    busy = false;
                    idle.notifyAll();
                }
                alert = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (alert == null) {
                if (closing) {
                    break;
                }
                continue;
            }
            busy = true;
            if (!deliverWithRetries(alert)) {
                break;
            }
        }
        disconnect();
        synchronized (idle) {
            busy = false;
            idle.notifyAll();
        }
    }

    /** @return false when interrupted (closing) */
    private boolean deliverWithRetries(Map<String, Object> alert) {
        long backoff = FIRST_BACKOFF.toMillis();
        while (true) {
            try {
                deliver(alert);
                sent.incrementAndGet();
                retrying = false;
                return true;
            } catch (DeliveryException e) {
                lastError = e.getMessage();
                disconnect();
                if (!e.retryable()) {
                    failed.incrementAndGet();
                    retrying = false;
                    return true;
                }
                retrying = true;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    dropped.incrementAndGet(); // the one in hand is lost at shutdown
                    return false;
                }
                backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
            }
        }
    }

    /**
     * Stops taking alerts, waits up to {@code drain} for the queue to empty, then stops the thread; what is still
     * queued is counted as dropped.
     */
    public final void close(Duration drain) {
        closing = true;
        long deadline = System.nanoTime() + drain.toNanos();
        synchronized (idle) {
            while ((busy || !queue.isEmpty()) && thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.addAndGet(queue.size());
        queue.clear();
    }

    @Override
    public final void close() {
        close(Duration.ofSeconds(5));
    }

    /** Why one delivery failed; {@code retryable}: the same alert may get through later. */
    protected static final class DeliveryException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        DeliveryException(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        boolean retryable() {
            return retryable;
        }
    }
}
