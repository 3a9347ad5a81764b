package io.linewatch.baseline;

import java.util.Arrays;
import java.util.TreeMap;

/** The learned entries of a baseline: plain mutable holders, owned by one {@link BaselineEngine}. */
final class Entries {
    private Entries() {
    }

    /** A learned entry that can be copied for a snapshot ({@link BaselineEngine#snapshot}). */
    abstract static class Entry implements Cloneable {
        /** Field by field; each {@code copy()} then copies what is mutated in place. */
        final Object shallowCopy() {
            try {
                return super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A device (an IP address), as client and as server. */
    static final class Device extends Entry {
        int id;
        final String ip;
        String mac;
        /** Broadcast, multicast or unspecified: never new, never silent. */
        final boolean group;
        long firstSeen;
        long lastSeen;
        /** Last transaction it took part in (either role), -1 if none. */
        long lastTx = -1;
        /** Transactions while it was learning (either role). */
        long learnedTx;
        /** Transactions as server while it was learning. */
        long serverTx;
        /** When the last new key was learned for it as server. */
        long lastNewKey;
        /** First seen while learning (or in a loaded baseline). */
        boolean known;
        boolean mature;
        /** Largest gap between its transactions while it learned. */
        long maxGap;
        boolean silentReported;
        /** Reported new from a packet sighting (no record yet to cite): its first transaction or flow is cited. */
        boolean newAwaitsEvidence;
        /** Protocols it served (bit per {@link io.linewatch.model.transaction.Protocol} ordinal). */
        int servedProtocols;
        int variables;
        /** Identity facts learned: field to value. */
        TreeMap<String, String> identity;

        Device(String ip, String mac, long now, boolean known) {
            this.ip = ip;
            this.mac = mac;
            this.group = isGroup(ip);
            this.firstSeen = now;
            this.lastSeen = now;
            this.lastNewKey = now;
            this.known = known;
        }

        Device copy() {
            Device c = (Device) shallowCopy();
            c.identity = identity == null ? null : new TreeMap<>(identity);
            return c;
        }

        static boolean isGroup(String ip) {
            if (ip == null || ip.isEmpty() || ip.equals("0.0.0.0") || ip.endsWith(".255")) {
                return true;
            }
            if (ip.indexOf(':') >= 0) {
                return ip.regionMatches(true, 0, "ff", 0, 2);
            }
            int dot = ip.indexOf('.');
            if (dot > 0) {
                try {
                    int first = Integer.parseInt(ip.substring(0, dot));
                    return first >= 224 && first <= 239;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            return false;
        }
    }

    /** Who talks to whom. */
    static final class Talker extends Entry {
        final int client;
        final int server;
        long first;
        long last;
        long transactions;
        long sessions;
        /** Added by an analyst: its functions are judged against what the server serves to anyone. */
        boolean approved;

        Talker(int client, int server, long now) {
            this.client = client;
            this.server = server;
            this.first = now;
            this.last = now;
        }

        Talker copy() {
            return (Talker) shallowCopy();
        }
    }

    /** The functions a pair uses: (client, server, protocol, unit, function, subfunction). */
    static final class Channel extends Entry {
        final int client;
        final int server;
        final int protocol;
        final int unit;
        final int function;
        final int subfunction;
        String action;
        long first;
        long last;
        long count;
        long minute = -1;
        int minuteCount;
        int maxPerMinute;

        Channel(int client, int server, int protocol, int unit, int function, int subfunction, long now) {
            this.client = client;
            this.server = server;
            this.protocol = protocol;
            this.unit = unit;
            this.function = function;
            this.subfunction = subfunction;
            this.first = now;
            this.last = now;
        }

        Channel copy() {
            return (Channel) shallowCopy();
        }

        boolean is(int c, int s, int p, int u, int f, int sub) {
            return client == c && server == s && protocol == p && unit == u && function == f && subfunction == sub;
        }
    }

    /** Addresses read or written on one (server, unit, area, number), and who wrote them. */
    static final class ObjectSet extends Entry {
        final int server;
        final int protocol;
        final int unit;
        final int area;
        final long number;
        final boolean write;
        IntervalSet ranges = new IntervalSet();
        int[] writers = new int[0];
        long last;

        ObjectSet(int server, int protocol, int unit, int area, long number, boolean write, long now) {
            this.server = server;
            this.protocol = protocol;
            this.unit = unit;
            this.area = area;
            this.number = number;
            this.write = write;
            this.last = now;
        }

        ObjectSet copy() {
            ObjectSet c = (ObjectSet) shallowCopy();
            c.ranges = ranges.copy();
            return c; // writers: replaced, never changed in place
        }

        boolean is(int s, int p, int u, int a, long n, boolean w) {
            return server == s && protocol == p && unit == u && area == a && number == n && write == w;
        }

        boolean hasWriter(int client) {
            for (int w : writers) {
                if (w == client) {
                    return true;
                }
            }
            return false;
        }

        boolean addWriter(int client) {
            if (hasWriter(client)) {
                return false;
            }
            writers = Arrays.copyOf(writers, writers.length + 1);
            writers[writers.length - 1] = client;
            return true;
        }
    }

    /**
     * When a cyclic rhythm is next looked at for a stop: never later than it could be reported stopped (it is
     * valid while its rhythm's {@link Rhythm#stopCheck} is this entry; a replaced one is skipped).
     */
    record StopCheck(long at, Rhythm rhythm) {
    }

    /** The rhythm of one repeated request (a channel and the first object it addresses). */
    static final class Rhythm extends Entry {
        static final int MIN_INTERVALS = 20;
        static final double ALPHA = 1.0 / 16;

        final int client;
        final int server;
        final int protocol;
        final int unit;
        final int function;
        final int subfunction;
        final int area;
        final long number;
        final long start;
        final long count;
        long first;
        long last;
        long intervals;
        double period;
        double jitter;
        /** Short-term period while monitoring. */
        double fast;
        long monitored;
        boolean stopReported;
        /** Its entry in the engine's queue of stop checks, or null: not cyclic, or reported stopped. */
        StopCheck stopCheck;

        Rhythm(int client, int server, int protocol, int unit, int function, int subfunction, int area, long number,
               long start, long count, long now) {
            this.client = client;
            this.server = server;
            this.protocol = protocol;
            this.unit = unit;
            this.function = function;
            this.subfunction = subfunction;
            this.area = area;
            this.number = number;
            this.start = start;
            this.count = count;
            this.first = now;
            this.last = now;
        }

        Rhythm copy() {
            Rhythm c = (Rhythm) shallowCopy();
            c.stopCheck = null; // the engine's queue entry: not part of what is saved
            return c;
        }

        boolean is(int c, int s, int p, int u, int f, int sub, int a, long n, long st, long cnt) {
            return client == c && server == s && protocol == p && unit == u && function == f && subfunction == sub
                    && area == a && number == n && start == st && count == cnt;
        }

        /** Regular enough to notice a stop or a change of period. */
        boolean cyclic() {
            return intervals >= MIN_INTERVALS && period > 0 && jitter <= 0.25 * period && period <= 3600e9;
        }

        void learnInterval(long iv) {
            if (intervals == 0) {
                period = iv;
                jitter = 0;
            } else {
                jitter += ALPHA * (Math.abs(iv - period) - jitter);
                period += ALPHA * (iv - period);
            }
            intervals++;
            fast = period;
        }
    }
}
