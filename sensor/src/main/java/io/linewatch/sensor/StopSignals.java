package io.linewatch.sensor;

import java.util.HashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop: the capture ends, flushes and exits 0 instead of the JVM's
 * 143/130 (systemd records those as failures). The first signal restores the previous handlers, so a
 * second one acts as before.
 */
final class StopSignals {
    private static final String[] NAMES = {"TERM", "INT"};
    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private volatile boolean received;

    private StopSignals() {
    }

    static StopSignals install(Runnable stop) {
        StopSignals s = new StopSignals();
        for (String name : NAMES) {
            try {
                Signal signal = new Signal(name);
                s.previous.put(signal, Signal.handle(signal, sig -> {
                    s.received = true;
                    s.restore();
                    stop.run();
                }));
            } catch (IllegalArgumentException e) {
                // the JVM uses this signal itself (-Xrs or a debugger): the shutdown hook still stops the run
            }
        }
        return s;
    }

    boolean received() {
        return received;
    }

    synchronized void restore() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException ignored) {
                // nothing to restore
            }
        });
        previous.clear();
    }
}
