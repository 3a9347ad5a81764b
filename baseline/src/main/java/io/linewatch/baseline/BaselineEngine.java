package io.linewatch.baseline;

import io.linewatch.baseline.Entries.Channel;
import io.linewatch.baseline.Entries.Device;
import io.linewatch.baseline.Entries.ObjectSet;
import io.linewatch.baseline.Entries.Rhythm;
import io.linewatch.baseline.Entries.StopCheck;
import io.linewatch.baseline.Entries.Talker;
import io.linewatch.baseline.Variables.Variable;
import io.linewatch.baseline.Observations.Departure;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Learns what is normal per device and turns departures into {@link Observation}s (docs/BASELINE.md). Fed from
 * one thread, in capture-time order: {@link #transaction}, {@link #flowEnded}, {@link #identity},
 * {@link #sighting}, {@link #tick} (at least once per packet batch) and {@link #finish}.
 *
 * <p>Work per transaction is a fixed number of hash lookups on 64-bit keys mixed from small integers (device ids
 * are interned once per flow, areas once per name); strings are only built when something departs.
 */
public final class BaselineEngine {
    static final Protocol[] PROTOCOLS = Protocol.values();
    /** Capture time between scans for silent devices, stopped rhythms and expired observations. */
    static final long SCAN_NANOS = 10 * BaselineConfig.SECOND;
    /** Values of one transaction looked at (a Modbus PDU carries at most 125 registers). */
    static final int MAX_VALUES = 128;
    private static final int FLOW_CACHE = 4096;

    final BaselineConfig config;
    final Observations observations;

    // learned state (package-private: BaselineFile reads and writes it)
    final HashMap<String, Device> devicesByIp = new HashMap<>();
    final ArrayList<Device> devices = new ArrayList<>();
    private final ArrayList<Integer> freeIds = new ArrayList<>();
    final LongMap<Talker> talkers = new LongMap<>();
    final LongMap<Channel> channels = new LongMap<>();
    /** (server, protocol, unit, function, subfunction) served to anyone: derived from the channels. */
    final LongMap<Boolean> serverFunctions = new LongMap<>();
    final LongMap<ObjectSet> objects = new LongMap<>();
    final Variables variables = new Variables();
    final LongMap<Rhythm> rhythms = new LongMap<>();
    /** CIP I/O pairs (originator, target). */
    final LongMap<long[]> ioPairs = new LongMap<>();
    final HashMap<String, Integer> areaIds = new HashMap<>();
    /**
     * Cyclic rhythms not reported stopped, by the capture time each could first be overdue (at most its deadline):
     * a scan looks only at the due ones instead of walking every rhythm. Rebuilt from {@link #rhythms} when
     * {@link #stopChecksStale} (a baseline read back, an eviction, a review).
     */
    private final PriorityQueue<StopCheck> stopChecks = new PriorityQueue<>(java.util.Comparator.comparingLong(StopCheck::at));
    boolean stopChecksStale = true;
    final ArrayList<String> areas = new ArrayList<>();

    long firstPacket = -1;
    long now = -1;
    /** Learning ends here (capture time); {@link Long#MAX_VALUE} while the whole run learns. */
    long learnEnd = Long.MAX_VALUE;
    long nextScan = -1;
    /** Continues a saved baseline: this run's learning options extend the saved period. */
    boolean continued;
    final Counters counters = new Counters();

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type
    private final WeakReference<Endpoints>[] flowRefs = new WeakReference[FLOW_CACHE];
    private final Device[] flowClients = new Device[FLOW_CACHE];
    private final Device[] flowServers = new Device[FLOW_CACHE];

    /** Drops and evictions, reported with the baseline (docs/BASELINE.md "Bounds"). */
    public static final class Counters {
        public long transactions;
        public long learned;
        public long judged;
        public long keysDropped;
        public long keysEvicted;
        public long devicesDropped;
        public long devicesEvicted;
        public long keyCollisions;
        public long intervalsCoarsened;
        public long variablesDropped;
        /** Layer-2 records (PROFINET DCP, LLDP, CDP) that name no IP address for one of their ends: not learned. */
        public long layer2Skipped;

        void copyFrom(Counters c) {
            transactions = c.transactions;
            learned = c.learned;
            judged = c.judged;
            keysDropped = c.keysDropped;
            keysEvicted = c.keysEvicted;
            devicesDropped = c.devicesDropped;
            devicesEvicted = c.devicesEvicted;
            keyCollisions = c.keyCollisions;
            intervalsCoarsened = c.intervalsCoarsened;
            variablesDropped = c.variablesDropped;
            layer2Skipped = c.layer2Skipped;
        }

        public Map<String, Long> asMap() {
            Map<String, Long> m = new TreeMap<>();
            m.put("transactions", transactions);
            m.put("learned", learned);
            m.put("judged", judged);
            m.put("keys_dropped", keysDropped);
            m.put("keys_evicted", keysEvicted);
            m.put("devices_dropped", devicesDropped);
            m.put("devices_evicted", devicesEvicted);
            m.put("key_collisions", keyCollisions);
            m.put("intervals_coarsened", intervalsCoarsened);
            m.put("variables_dropped", variablesDropped);
            if (layer2Skipped > 0) {
                m.put("layer2_skipped", layer2Skipped);
            }
            return m;
        }
    }

    public BaselineEngine(BaselineConfig config, Consumer<Observation> sink) {
        this.config = config;
        this.observations = new Observations(config, sink);
        areas.add("");
        areaIds.put("", 0);
        if (config.learnUntilNanos() >= 0) {
            learnEnd = config.learnUntilNanos();
        }
    }

    /**
     * Where each evidence id an observation keeps goes first (the first occurrence's and the repeats' up to the
     * cap): the pipeline makes the transaction it names a document of its own (its id returned unchanged), or
     * returns the id of the document that does hold it (a summary). Called on the feeding thread, within the
     * call that reported the departure.
     */
    public void citeWith(java.util.function.UnaryOperator<String> citations) {
        observations.citations = citations;
    }

    public BaselineConfig config() {
        return config;
    }

    public Counters counters() {
        return counters;
    }

    /** Capture time learning ends (or ended); {@link Long#MAX_VALUE} when the whole run learns. */
    public long learnEnd() {
        return learnEnd;
    }

    public int deviceCount() {
        return devicesByIp.size();
    }

    /** Learned keys over all tables (talkers, channels, object sets, variables, rhythms, I/O pairs). */
    public long keyCount() {
        return (long) talkers.size() + channels.size() + objects.size() + variables.size() + rhythms.size()
                + ioPairs.size();
    }

    /**
     * A detached copy of what {@link BaselineFile#write} saves (the learned tables, the clock, the counters, the
     * open observations), taken between records on the feeding thread so the file can be written on another
     * thread while this engine goes on. Only for writing: it reports nothing.
     */
    public BaselineEngine snapshot() {
        BaselineEngine c = new BaselineEngine(config, o -> { });
        c.firstPacket = firstPacket;
        c.now = now;
        c.learnEnd = learnEnd;
        c.nextScan = nextScan;
        c.counters.copyFrom(counters);
        c.areas.clear();
        c.areas.addAll(areas);
        for (Device d : devices) {
            Device copy = d == null ? null : d.copy();
            c.devices.add(copy);
            if (copy != null) {
                c.devicesByIp.put(copy.ip, copy);
            }
        }
        talkers.copyInto(c.talkers, Talker::copy);
        channels.copyInto(c.channels, Channel::copy);
        objects.copyInto(c.objects, ObjectSet::copy);
        variables.copyInto(c.variables);
        rhythms.copyInto(c.rhythms, Rhythm::copy);
        ioPairs.copyInto(c.ioPairs, pair -> pair); // never changed once stored
        observations.copyOpenInto(c.observations);
        return c;
    }

    // ---------------------------------------------------------------------------------------------- time

    private void clock(long t) {
        if (firstPacket < 0) {
            firstPacket = t;
            nextScan = t + SCAN_NANOS;
            if (config.learnUntilNanos() < 0 && config.learnNanos() >= 0) {
                learnEnd = t + config.learnNanos();
            }
        } else if (continued) {
            continued = false;
            // a saved baseline continued with learning options of this run: learn further from its first packet
            if (config.learnUntilNanos() >= 0) {
                learnEnd = Math.max(learnEnd, config.learnUntilNanos());
            } else if (config.learnNanos() > 0) {
                learnEnd = Math.max(learnEnd, t + config.learnNanos());
            }
        }
        if (t > now) {
            if (now >= 0 && t - now > CLOCK_JUMP_NANOS) {
                resumedAt = t;
            }
            now = t;
        }
    }

    private boolean globalLearning(long t) {
        return t < learnEnd;
    }

    private long learnDuration() {
        return learnEnd == Long.MAX_VALUE || firstPacket < 0 ? Long.MAX_VALUE : Math.max(0, learnEnd - firstPacket);
    }

    /** After the global period, a device still learning leaves it after this long without a new key. */
    long quietNanos() {
        return clamp(learnDuration() / 10, BaselineConfig.MINUTE, BaselineConfig.HOUR);
    }

    /** ... or at the latest this long after the global period ends. */
    long extensionNanos() {
        return clamp(learnDuration() / 2, BaselineConfig.MINUTE, 24 * BaselineConfig.HOUR);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Whether the device with that address still learns its normal as a server now (false if unknown). */
    public boolean learning(String ip) {
        Device d = devicesByIp.get(ip);
        return d != null && now >= 0 && learning(d, now);
    }

    /** Whether the device with that address is known and past its learning: departures from it are judged. */
    public boolean learned(String ip) {
        Device d = devicesByIp.get(ip);
        return d != null && now >= 0 && !learning(d, now);
    }

    /**
     * A forward jump of capture time longer than this with no packet at all in between is the sensor not watching
     * (a capture stopped and resumed, merged files, a clock set right): silences and stopped exchanges are counted
     * from the first packet after it, not across it.
     */
    static final long CLOCK_JUMP_NANOS = BaselineConfig.HOUR;

    /** Capture time of the first packet after the last clock jump; MIN_VALUE if none. */
    long resumedAt = Long.MIN_VALUE;

    /** Whether the device (as a server, with everything addressed to it) still learns at {@code t}. */
    boolean learning(Device d, long t) {
        if (d.mature) {
            return false;
        }
        if (globalLearning(t)) {
            return true;
        }
        long deadline = d.known ? learnEnd + extensionNanos() : d.firstSeen + config.newDeviceGraceNanos();
        boolean settled = d.serverTx >= config.minTransactions() && t - d.lastNewKey >= quietNanos();
        if (t >= deadline || settled) {
            d.mature = true;
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- devices

    /** @param evidence the record that revealed it: a transaction (its id is only computed if reported) or an id */
    private Device device(String ip, String mac, long t, Object evidence) {
        Device d = devicesByIp.get(ip);
        if (d != null) {
            if (mac != null && d.mac == null) {
                d.mac = mac;
            }
            if (d.newAwaitsEvidence && evidence != null) {
                d.newAwaitsEvidence = false;
                observations.addEvidence(ObservationType.NEW_DEVICE, "device:" + ip,
                        evidence instanceof Transaction tx ? tx.id() : (String) evidence);
            }
            if (t > d.lastSeen) {
                d.lastSeen = t;
            }
            return d;
        }
        if (devicesByIp.size() >= config.maxDevices() && !evictDevices(t)) {
            counters.devicesDropped++;
            return null;
        }
        d = new Device(ip, mac, t, globalLearning(t));
        if (freeIds.isEmpty()) {
            d.id = devices.size();
            devices.add(d);
        } else {
            d.id = freeIds.remove(freeIds.size() - 1);
            devices.set(d.id, d);
        }
        devicesByIp.put(ip, d);
        if (!d.known && !d.group) {
            String evidenceId = evidence instanceof Transaction tx ? tx.id() : (String) evidence;
            d.newAwaitsEvidence = evidenceId == null;
            observations.report(new Departure(ObservationType.NEW_DEVICE, "device:" + ip, t, evidenceId, ip, mac, -1,
                    null, null, -1, null, "devices seen while learning", "a device first seen after learning",
                    "New device " + ip + (mac == null ? "" : " (" + mac + ")") + " appeared after learning."), 0, 0);
        }
        return d;
    }

    Device deviceById(int id) {
        return devices.get(id);
    }

    /** A packet's addresses (the inventory's sightings): new devices are reported from their first packet. */
    public void sighting(long t, String ip, String mac) {
        clock(t);
        if (ip != null) {
            device(ip, mac, t, null);
        }
    }

    // ---------------------------------------------------------------------------------------------- records

    private int flowSlot(Endpoints e) {
        return System.identityHashCode(e) & (FLOW_CACHE - 1);
    }

    /** The two devices of a flow, interned once per flow (the slot keeps a weak reference to the flow). */
    private boolean flowDevices(Endpoints e, long t, Transaction evidence) {
        int slot = flowSlot(e);
        WeakReference<Endpoints> ref = flowRefs[slot];
        if (ref != null && ref.get() == e && flowClients[slot].id >= 0 && flowServers[slot].id >= 0) {
            curClient = flowClients[slot];
            curServer = flowServers[slot];
            curClient.lastSeen = Math.max(curClient.lastSeen, t);
            curServer.lastSeen = Math.max(curServer.lastSeen, t);
            if (e.clientMac() != null && curClient.mac == null) {
                curClient.mac = e.clientMac();
            }
            if (e.serverMac() != null && curServer.mac == null) {
                curServer.mac = e.serverMac();
            }
            return true;
        }
        Device c = device(e.clientIp(), e.clientMac(), t, evidence);
        Device s = device(e.serverIp(), e.serverMac(), t, evidence);
        if (c == null || s == null) {
            return false;
        }
        flowRefs[slot] = new WeakReference<>(e);
        flowClients[slot] = c;
        flowServers[slot] = s;
        curClient = c;
        curServer = s;
        return true;
    }

    private Device curClient;
    private Device curServer;

    public void transaction(Transaction t) {
        long ts = t.timestampNanos();
        clock(ts);
        counters.transactions++;
        Endpoints e = t.endpoints();
        if (e.clientIp() == null || e.serverIp() == null) {
            counters.layer2Skipped++; // devices are learned by address; layer-2 records (DCP, LLDP) name none or one
            return;
        }
        if (!flowDevices(e, ts, t)) {
            return;
        }
        Device c = curClient;
        Device s = curServer;
        if (t.seen() == Seen.MALFORMED || t.operation() == null) {
            return;
        }
        boolean sLearning = learning(s, ts);
        boolean learn = sLearning && (c.known || !s.known);
        activity(c, ts, learning(c, ts));
        activity(s, ts, sLearning);
        if (learn) {
            counters.learned++;
            learn(t, c, s, ts);
        } else {
            counters.judged++;
            judge(t, c, s, ts);
        }
    }

    private static void activity(Device d, long ts, boolean learning) {
        if (learning) {
            d.learnedTx++;
            if (d.lastTx >= 0 && ts - d.lastTx > d.maxGap) {
                d.maxGap = ts - d.lastTx;
            }
        }
        d.lastTx = Math.max(d.lastTx, ts);
        d.silentReported = false;
    }

    public void flowEnded(FlowRecord f) {
        long ts = f.firstSeenNanos();
        clock(f.lastSeenNanos());
        Endpoints e = f.endpoints();
        int slot = flowSlot(e);
        Device c = device(e.clientIp(), e.clientMac(), ts, f.id());
        Device s = device(e.serverIp(), e.serverMac(), ts, f.id());
        if (flowRefs[slot] != null && flowRefs[slot].get() == e) {
            flowRefs[slot] = null;
            flowClients[slot] = null;
            flowServers[slot] = null;
        }
        if (c != null && s != null) {
            Talker tk = talkers.get(Keys.of(c.id, s.id));
            if (tk != null && tk.client == c.id && tk.server == s.id) {
                tk.sessions++;
            }
        }
    }

    public void identity(IdentityFact f) {
        long ts = f.timestampNanos();
        clock(ts);
        if (f.ip() == null || f.field() == null || f.value() == null) {
            return;
        }
        Device d = device(f.ip(), f.mac(), ts, f.eventId());
        if (d == null) {
            return;
        }
        if (d.identity == null) {
            d.identity = new TreeMap<>();
        }
        String learned = d.identity.get(f.field());
        if (learning(d, ts) || learned == null) {
            if (learned == null && d.identity.size() < 32) {
                d.identity.put(f.field(), f.value());
            } else if (learned != null) {
                d.identity.put(f.field(), f.value());
            }
            return;
        }
        if (learned.equals(f.value())) {
            return;
        }
        ObservationType type = identityType(f.field());
        String what = type == ObservationType.FIRMWARE_CHANGE ? "firmware" : type == ObservationType.MODE_CHANGE ? "mode" : f.field();
        observations.report(new Departure(type, "identity:" + d.ip + "/" + f.field() + "=" + f.value(), ts, f.eventId(),
                null, null, -1, d.ip, d.mac, -1, null, learned, f.value(),
                "Device " + d.ip + " reports " + what + " " + f.value() + " (learned: " + learned + ", from " + f.source() + ")."),
                0, 0);
    }

    static ObservationType identityType(String field) {
        if (field.equals(Fields.DEVICE_FIRMWARE_VERSION) || field.contains("firmware")) {
            return ObservationType.FIRMWARE_CHANGE;
        }
        if (field.endsWith("mode") || field.contains("cpu_state") || field.contains("operating_state")) {
            return ObservationType.MODE_CHANGE;
        }
        return ObservationType.IDENTITY_CHANGE;
    }

    // ---------------------------------------------------------------------------------------------- learning

    private int area(String name) {
        if (name == null) {
            return 0;
        }
        Integer id = areaIds.get(name);
        if (id == null) {
            id = areas.size();
            areas.add(name);
            areaIds.put(name, id);
        }
        return id;
    }

    /** The address range of an object: registers and bytes as they are, CIP paths and tags as a point. */
    static long addressStart(ObjectRef r) {
        if (r.start() >= 0) {
            return r.start();
        }
        if (r.instance() >= 0 || r.attribute() >= 0) {
            return ((r.instance() + 1) << 17) | (r.attribute() + 1);
        }
        if (r.name() != null) {
            return r.name().hashCode() & 0xffffffffL;
        }
        return 0;
    }

    static long addressEnd(ObjectRef r) {
        return addressStart(r) + (r.start() >= 0 ? Math.max(1, r.count()) : 1);
    }

    private boolean room(long t) {
        if (keyCount() < config.maxKeys()) {
            return true;
        }
        if (evictKeys(t)) {
            return true;
        }
        counters.keysDropped++;
        return false;
    }

    private void newKey(Device s, long t) {
        s.lastNewKey = t;
    }

    private void learn(Transaction t, Device c, Device s, long ts) {
        int p = t.protocol().ordinal();
        s.serverTx++;
        long talkerKey = Keys.of(c.id, s.id);
        Talker tk = talkers.get(talkerKey);
        if (tk == null) {
            if (room(ts)) {
                tk = new Talker(c.id, s.id, ts);
                talkers.put(talkerKey, tk);
                newKey(s, ts);
            }
        } else if (tk.client != c.id || tk.server != s.id) {
            counters.keyCollisions++;
            tk = null;
        }
        if (tk != null) {
            tk.last = ts;
            tk.transactions++;
        }
        if ((s.servedProtocols & (1 << p)) == 0) {
            s.servedProtocols |= 1 << p;
            newKey(s, ts);
        }
        int unit = t.unit();
        int fn = t.function();
        int sub = t.subfunction();
        long chKey = Keys.of(c.id, s.id, p, unit, fn, sub);
        Channel ch = channels.get(chKey);
        if (ch == null) {
            if (room(ts)) {
                ch = new Channel(c.id, s.id, p, unit, fn, sub, ts);
                ch.action = t.action();
                channels.put(chKey, ch);
                serverFunctions.put(Keys.of(s.id, p, unit, fn, sub), Boolean.TRUE);
                newKey(s, ts);
            }
        } else if (!ch.is(c.id, s.id, p, unit, fn, sub)) {
            counters.keyCollisions++;
            ch = null;
        }
        if (ch != null) {
            ch.last = ts;
            ch.count++;
            countMinute(ch, ts);
            ch.maxPerMinute = Math.max(ch.maxPerMinute, ch.minuteCount);
        }
        ObjectRef[] refs = t.objects();
        boolean write = t.operation() == Operation.WRITE;
        boolean read = t.operation() == Operation.READ;
        if ((write || read) && t.outcome() != io.linewatch.model.transaction.Outcome.FAILURE) {
            for (ObjectRef r : refs) {
                int a = area(r.area());
                long key = Keys.of(s.id, p, unit, a, r.number(), write ? 1 : 0);
                ObjectSet os = objects.get(key);
                if (os == null) {
                    if (!room(ts)) {
                        continue;
                    }
                    os = new ObjectSet(s.id, p, unit, a, r.number(), write, ts);
                    objects.put(key, os);
                    newKey(s, ts);
                } else if (!os.is(s.id, p, unit, a, r.number(), write)) {
                    counters.keyCollisions++;
                    continue;
                }
                os.last = ts;
                if (os.ranges.add(addressStart(r), addressEnd(r), config.maxIntervals())) {
                    newKey(s, ts);
                    if (os.ranges.coarsened) {
                        counters.intervalsCoarsened++;
                    }
                }
                if (write && os.addWriter(c.id)) {
                    newKey(s, ts);
                }
            }
        }
        values(t, s, p, unit, ts, true);
        if (ch != null) {
            rhythm(t, c, s, p, unit, fn, sub, ts, true);
        }
        if (isIo(t)) {
            long k = Keys.of(c.id, s.id, 0x10);
            if (ioPairs.get(k) == null && room(ts)) {
                ioPairs.put(k, new long[] {c.id, s.id});
                newKey(s, ts);
            }
        }
    }

    private static void countMinute(Channel ch, long ts) {
        long minute = ts / BaselineConfig.MINUTE;
        if (minute != ch.minute) {
            ch.minute = minute;
            ch.minuteCount = 0;
        }
        ch.minuteCount++;
    }

    static boolean isIo(Transaction t) {
        if (t.protocol() == Protocol.CIP_IO) {
            return true;
        }
        return t.protocol() == Protocol.CIP && (t.function() == 0x54 || t.function() == 0x5B
                || "forward_open".equals(t.action()) || "large_forward_open".equals(t.action()));
    }

    /** Learns or judges the process values a transaction carried (one per address from its first object). */
    private void values(Transaction t, Device s, int p, int unit, long ts, boolean learning) {
        long[] vals = t.values();
        ObjectRef[] refs = t.objects();
        if (vals == null || refs.length == 0 || refs[0].start() < 0 || t.outcome() == io.linewatch.model.transaction.Outcome.FAILURE) {
            return;
        }
        ObjectRef r = refs[0];
        int a = area(r.area());
        int n = Math.min(vals.length, MAX_VALUES);
        long object = Variables.objectKey(s.id, p, unit, a, r.number()); // mixed once, one look-up per block
        Variables.Block block = null;
        boolean collided = false;
        for (int i = 0; i < n; i++) {
            long addr = r.start() + i;
            if (block == null || Variables.slot(addr) == 0) { // entering a block
                block = variables.block(object, addr);
                collided = block != null && !block.is(s.id, p, unit, a, r.number(), Variables.blockIndex(addr));
            }
            if (collided) {
                counters.keyCollisions++;
                continue;
            }
            int v = block == null ? -1 : block.find(addr);
            if (v < 0) {
                if (s.variables >= config.maxVariablesPerDevice()) {
                    counters.variablesDropped++;
                    continue;
                }
                if (!room(ts)) {
                    continue;
                }
                block = variables.add(s.id, p, unit, a, r.number(), addr, ts); // the live block (an eviction by room() may have removed the one held)
                v = block.find(addr);
                s.variables++;
                if (learning) {
                    newKey(s, ts);
                }
            }
            block.seen(v, ts);
            long value = vals[i];
            if (learning || block.samples(v) < Variables.MIN_SAMPLES) {
                block.learn(v, value);
                continue;
            }
            Variable judged = new Variable(block, v, addr);
            String kind = block.kind(v);
            if (kind.equals("continuous")) {
                long m = block.margin(v);
                long min = block.min(v);
                long max = block.max(v);
                if (value < min - m || value > max + m) {
                    report(ObservationType.VALUE_OUT_OF_RANGE, "value:" + variableText(judged), t, curClient, s, () -> new Text(
                            min + ".." + max + " (margin " + m + ", mean " + Math.round(judged.block().mean(judged.index())) + ")",
                            Long.toString(value),
                            "Value " + value + " of " + variableText(judged) + " is outside its learned range "
                                    + min + ".." + max + (t.valuesWritten() ? " (written by " + curClient.ip + ")." : ".")));
                }
            } else if (!block.knows(v, value)) {
                report(ObservationType.NEW_VALUE, "value:" + variableText(judged), t, curClient, s, () -> new Text(
                        kind + " " + distinctText(judged), Long.toString(value),
                        "Value " + value + " of " + variableText(judged) + " was never seen (learned " + kind + " "
                                + distinctText(judged) + ")" + (t.valuesWritten() ? ", written by " + curClient.ip + "." : ".")));
            }
        }
    }

    private static String distinctText(Variable v) {
        StringBuilder b = new StringBuilder("{");
        for (int k = 0; k < v.block().distinctCount(v.index()); k++) {
            if (k > 0) {
                b.append(',');
            }
            b.append(v.block().distinct(v.index(), k));
        }
        return b.append('}').toString();
    }

    String variableText(Variable v) {
        Variables.Block b = v.block();
        return devices.get(b.server).ip + "/" + PROTOCOLS[b.protocol].wireName + "/" + b.unit + "/" + areas.get(b.area)
                + "/" + b.number + "/" + v.address();
    }

    private void rhythm(Transaction t, Device c, Device s, int p, int unit, int fn, int sub, long ts, boolean learning) {
        ObjectRef[] refs = t.objects();
        int a = 0;
        long number = -1;
        long start = -1;
        long count = -1;
        if (refs.length > 0) {
            a = area(refs[0].area());
            number = refs[0].number();
            start = addressStart(refs[0]);
            count = refs[0].count();
        }
        long key = Keys.of(Keys.of(c.id, s.id, p, unit, fn, sub), a, number, start, count);
        Rhythm r = rhythms.get(key);
        if (r == null) {
            if (!room(ts)) {
                return;
            }
            r = new Rhythm(c.id, s.id, p, unit, fn, sub, a, number, start, count, ts);
            rhythms.put(key, r);
            return;
        }
        if (!r.is(c.id, s.id, p, unit, fn, sub, a, number, start, count)) {
            counters.keyCollisions++;
            return;
        }
        long iv = ts - r.last;
        r.last = Math.max(r.last, ts);
        r.stopReported = false;
        keepStopCheck(r); // a rhythm reported stopped is looked at again from its resumption
        if (iv <= 0) {
            return;
        }
        if (learning || r.intervals < Rhythm.MIN_INTERVALS) {
            r.learnInterval(iv);
            keepStopCheck(r); // it may have become cyclic, or its period shorter
            return;
        }
        if (!r.cyclic()) {
            return;
        }
        if (iv > stopAfter(r)) {
            r.fast = r.period; // a resumption after a stop (reported as such), not a new period
            r.monitored = 0;
            return;
        }
        r.fast += 0.2 * (iv - r.fast);
        r.monitored++;
        if (r.monitored >= 10 && (r.fast > 3 * r.period || r.fast < r.period / 3)) {
            Rhythm changed = r;
            report(ObservationType.TIMING_CHANGE, "timing:" + rhythmText(r), t, c, s, () -> new Text(
                    "period " + millis(changed.period) + " ms (jitter " + millis(changed.jitter) + " ms)",
                    "period " + millis(changed.fast) + " ms",
                    "The cyclic " + t.action() + " of " + c.ip + " to " + s.ip + " changed period from "
                            + millis(changed.period) + " ms to " + millis(changed.fast) + " ms."));
        }
    }

    /**
     * Keeps a cyclic rhythm in the stop-check queue no later than its deadline (its last transaction plus
     * {@link #stopAfter}; a clock jump only moves the deadline later): armed when it becomes cyclic or resumes,
     * moved earlier when its period shrank. No queue work otherwise (a check found early is put back at the
     * deadline by the scan).
     */
    private void keepStopCheck(Rhythm r) {
        StopCheck c = r.stopCheck;
        if (c == null) {
            if (!r.stopReported && r.cyclic()) {
                armStopCheck(r, r.last + stopAfter(r));
            }
        } else if (c.at() > r.last + stopAfter(r)) {
            armStopCheck(r, r.last + stopAfter(r));
        }
    }

    private void armStopCheck(Rhythm r, long at) {
        StopCheck c = new StopCheck(at, r);
        r.stopCheck = c; // an entry replaced stays in the queue until due, then is skipped
        stopChecks.add(c);
    }

    /** Every rhythm's stop check again, from the table (after changes made outside {@link #rhythm}). */
    private void rebuildStopChecks() {
        stopChecks.clear();
        rhythms.forEach(r -> {
            r.stopCheck = null;
            keepStopCheck(r);
        });
        stopChecksStale = false;
    }

    /** A cyclic exchange silent this long has stopped: ten periods, at least 30 s. */
    static long stopAfter(Rhythm r) {
        return Math.max(10 * (long) r.period, 30 * BaselineConfig.SECOND);
    }

    private static long millis(double nanos) {
        return Math.round(nanos / 1e6);
    }

    String rhythmText(Rhythm r) {
        return devices.get(r.client).ip + ">" + devices.get(r.server).ip + "/" + PROTOCOLS[r.protocol].wireName + "/"
                + r.unit + "/" + r.function + "/" + r.subfunction + "/" + areas.get(r.area) + "/" + r.number + "/"
                + r.start + "+" + r.count;
    }

    // ---------------------------------------------------------------------------------------------- judging

    /** What a departure found, in words: built only when it opens an observation (not for its repeats). */
    private record Text(String expected, String seen, String message) {
    }

    private void report(ObservationType type, String key, Transaction t, Device c, Device s, Supplier<Text> text) {
        reportRange(type, key, t, c, s, text, 0, 0);
    }

    private void reportRange(ObservationType type, String key, Transaction t, Device c, Device s, Supplier<Text> text,
                             long rangeStart, long rangeEnd) {
        observations.report(type, key, t.timestampNanos(), t.id(), rangeStart, rangeEnd, () -> {
            Endpoints e = t.endpoints();
            Text x = text.get();
            return new Departure(type, key, t.timestampNanos(), t.id(), c.ip, c.mac, e.clientPort(), s.ip, s.mac,
                    e.serverPort(), t.protocol(), x.expected(), x.seen(), x.message());
        });
    }

    private void judge(Transaction t, Device c, Device s, long ts) {
        int p = t.protocol().ordinal();
        String proto = t.protocol().wireName;
        Talker tk = talkers.get(Keys.of(c.id, s.id));
        if (tk != null && (tk.client != c.id || tk.server != s.id)) {
            tk = null;
        }
        if (tk == null) {
            report(ObservationType.NEW_TALKER, "talker:" + c.ip + ">" + s.ip, t, c, s, () -> new Text("clients of " + s.ip
                    + " seen while learning", c.ip + " " + proto + " " + t.action(),
                    "New talker: " + c.ip + " sent " + proto + " " + t.action() + " to " + s.ip + ", which it never talked to while learning."));
        } else {
            tk.last = ts;
            tk.transactions++;
        }
        boolean newProtocol = (s.servedProtocols & (1 << p)) == 0;
        if (newProtocol) {
            report(ObservationType.NEW_PROTOCOL, "protocol:" + s.ip + "/" + proto, t, c, s, () -> new Text(
                    "protocols served: " + protocolsText(s.servedProtocols), proto,
                    s.ip + " answered " + proto + " (from " + c.ip + "), a protocol it never served while learning."));
        }
        int unit = t.unit();
        int fn = t.function();
        int sub = t.subfunction();
        Channel ch = channels.get(Keys.of(c.id, s.id, p, unit, fn, sub));
        if (ch != null && !ch.is(c.id, s.id, p, unit, fn, sub)) {
            ch = null;
        }
        if (ch == null) {
            boolean served = serverFunctions.get(Keys.of(s.id, p, unit, fn, sub)) != null;
            boolean pairKnown = tk != null && !tk.approved;
            // a protocol the server never served: every function of it is new, new_protocol says it once
            if (!newProtocol && (pairKnown || !served)) {
                report(ObservationType.NEW_FUNCTION, "function:" + c.ip + ">" + s.ip + "/" + proto + "/" + unit + "/" + fn + "/" + sub,
                        t, c, s, () -> new Text(pairKnown ? "functions this pair used while learning" : "functions " + s.ip + " served while learning",
                        t.action() + " (function " + fn + (sub >= 0 ? ", subfunction " + sub : "") + (unit >= 0 ? ", unit " + unit : "") + ")",
                        c.ip + " used " + proto + " " + t.action() + " on " + s.ip + (pairKnown ? ", a function this pair never used while learning."
                                : ", a function " + s.ip + " never served while learning.")));
            }
        } else {
            ch.last = ts;
            ch.count++;
            countMinute(ch, ts);
            int limit = Math.max(10 * ch.maxPerMinute, 100);
            if (ch.minuteCount > limit) {
                Channel flooded = ch;
                report(ObservationType.TIMING_CHANGE, "flood:" + c.ip + ">" + s.ip + "/" + proto + "/" + unit + "/" + fn + "/" + sub,
                        t, c, s, () -> new Text("at most " + flooded.maxPerMinute + " per minute", flooded.minuteCount + " in a minute",
                        "Flood: " + c.ip + " sent " + flooded.minuteCount + " " + proto + " " + t.action() + " to " + s.ip
                                + " within a minute (learned at most " + flooded.maxPerMinute + ")."));
            }
            rhythm(t, c, s, p, unit, fn, sub, ts, false);
        }
        boolean write = t.operation() == Operation.WRITE;
        boolean read = t.operation() == Operation.READ;
        if (write || read) {
            for (ObjectRef r : t.objects()) {
                int a = area(r.area());
                ObjectSet found = objects.get(Keys.of(s.id, p, unit, a, r.number(), write ? 1 : 0));
                ObjectSet os = found != null && found.is(s.id, p, unit, a, r.number(), write) ? found : null;
                long start = addressStart(r);
                long end = addressEnd(r);
                if (write) {
                    boolean writer = os != null && os.hasWriter(c.id);
                    boolean covered = os != null && os.ranges.covers(start, end);
                    if (!writer || !covered) {
                        reportRange(ObservationType.UNAUTHORIZED_WRITE, "write:" + objectKey(c, s, proto, unit, r), t, c, s,
                                () -> new Text(os == null ? "no writes to " + r.area() + (r.number() >= 0 ? " " + r.number() : "")
                                        : "writers " + writersText(os) + " to " + os.ranges, "addresses",
                                        "Unauthorized write: " + c.ip + " wrote " + r.area() + " " + rangeText(r) + " on " + s.ip
                                                + (!writer ? " (never a writer of it while learning)." : " (addresses never written while learning).")),
                                start, end);
                    }
                } else if (os == null || !os.ranges.covers(start, end)) {
                    reportRange(ObservationType.NEW_OBJECT_READ, "read:" + objectKey(c, s, proto, unit, r), t, c, s,
                            () -> new Text(os == null ? "no reads of " + r.area() : "reads of " + os.ranges, "addresses",
                                    c.ip + " read " + r.area() + " " + rangeText(r) + " on " + s.ip + ", never read while learning."),
                            start, end);
                }
            }
        }
        values(t, s, p, unit, ts, false);
        if (isIo(t)) {
            long[] pair = ioPairs.get(Keys.of(c.id, s.id, 0x10));
            if (pair == null) {
                report(ObservationType.NEW_IO_CONNECTION, "io:" + c.ip + ">" + s.ip, t, c, s, () -> new Text(
                        "I/O connections seen while learning", t.action(),
                        "New I/O connection: " + c.ip + " opened " + t.action() + " to " + s.ip + "."));
            }
        }
    }

    private static String objectKey(Device c, Device s, String proto, int unit, ObjectRef r) {
        return c.ip + ">" + s.ip + "/" + proto + "/" + unit + "/" + r.area() + "/" + r.number();
    }

    private static String rangeText(ObjectRef r) {
        if (r.name() != null) {
            return r.name();
        }
        if (r.start() >= 0) {
            return r.count() > 1 ? r.start() + "-" + (r.start() + r.count() - 1) : Long.toString(r.start());
        }
        return "class " + r.number() + " instance " + r.instance() + " attribute " + r.attribute();
    }

    private String writersText(ObjectSet os) {
        StringBuilder b = new StringBuilder();
        for (int w : os.writers) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(devices.get(w).ip);
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    static String protocolsText(int mask) {
        StringBuilder b = new StringBuilder();
        for (Protocol p : PROTOCOLS) {
            if ((mask & (1 << p.ordinal())) != 0) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(p.wireName);
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    // ---------------------------------------------------------------------------------------------- time-driven

    /** Capture time moved on: every {@link #SCAN_NANOS} silent devices and stopped rhythms are looked for. */
    public void tick(long t) {
        if (firstPacket < 0) {
            return;
        }
        clock(t);
        if (now < nextScan) {
            return;
        }
        nextScan = now + SCAN_NANOS;
        scan(now);
    }

    private void scan(long t) {
        observations.expire(t);
        for (Device d : devices) {
            if (d == null || d.group || d.silentReported || d.lastTx < 0 || d.learnedTx < 20 || learning(d, t)) {
                continue;
            }
            long limit = Math.max(3 * d.maxGap, BaselineConfig.MINUTE);
            long silentFor = t - Math.max(d.lastTx, resumedAt);
            if (silentFor > limit) {
                d.silentReported = true;
                observations.report(new Departure(ObservationType.DEVICE_SILENT, "silent:" + d.ip, t, null, null, null, -1,
                        d.ip, d.mac, -1, null, "traffic at least every " + d.maxGap / BaselineConfig.SECOND + " s",
                        "silent for " + silentFor / BaselineConfig.SECOND + " s",
                        "Device " + d.ip + " has been silent for " + silentFor / BaselineConfig.SECOND
                                + " s (longest gap while learning: " + d.maxGap / BaselineConfig.SECOND + " s)."), 0, 0);
            }
        }
        List<Rhythm> stopped = stoppedRhythms(t);
        stopped.sort(java.util.Comparator.comparingLong((Rhythm r) -> r.last).thenComparing(this::rhythmText));
        for (Rhythm r : stopped) {
            r.stopReported = true;
            Device c = devices.get(r.client);
            Device s = devices.get(r.server);
            observations.report(new Departure(ObservationType.TIMING_CHANGE, "stop:" + rhythmText(r), t, null, c.ip, c.mac, -1,
                    s.ip, s.mac, -1, PROTOCOLS[r.protocol], "every " + millis(r.period) + " ms",
                    "none for " + (t - r.last) / BaselineConfig.SECOND + " s",
                    "The cyclic exchange of " + c.ip + " with " + s.ip + " (" + PROTOCOLS[r.protocol].wireName
                            + " function " + r.function + ", every " + millis(r.period) + " ms) stopped."), 0, 0);
        }
    }

    /**
     * The cyclic rhythms not reported stopped whose last transaction is more than {@link #stopAfter} before
     * {@code t} (or before the clock jump) and whose server no longer learns: only the due stop checks are
     * looked at; the others are put back at their deadline.
     */
    private List<Rhythm> stoppedRhythms(long t) {
        if (stopChecksStale) {
            rebuildStopChecks();
        }
        List<Rhythm> stopped = new ArrayList<>();
        for (StopCheck c; (c = stopChecks.peek()) != null && c.at() < t; ) {
            stopChecks.poll();
            Rhythm r = c.rhythm();
            if (r.stopCheck != c) {
                continue; // replaced by another check
            }
            r.stopCheck = null;
            if (r.stopReported || !r.cyclic()) {
                continue; // armed again by its next transaction
            }
            long deadline = Math.max(r.last, resumedAt) + stopAfter(r);
            if (t <= deadline) {
                armStopCheck(r, deadline); // not due yet (not taken again by this loop: deadline >= t)
            } else if (learning(devices.get(r.server), t)) {
                // its server still learns: looked at again at the next scan, at the end of global learning at the earliest
                armStopCheck(r, globalLearning(t) ? Math.max(t, learnEnd - 1) : t);
            } else {
                stopped.add(r);
            }
        }
        return stopped;
    }

    /** The end of the input: scans once more and hands on every open observation that grew (they stay open). */
    public void finish(long t) {
        if (firstPacket >= 0) {
            clock(t);
            scan(now);
            nextScan = now + SCAN_NANOS;
        }
        observations.flush();
    }

    // ---------------------------------------------------------------------------------------------- bounds

    /** Evicts the least recently seen tenth of the entries idle for an hour; false if nothing could go. */
    private long nextKeyEviction = Long.MIN_VALUE;

    private boolean evictKeys(long t) {
        if (t < nextKeyEviction) {
            return false;
        }
        long[] sample = new long[4096];
        int[] n = {0};
        long[] seen = {0};
        Consumer<Long> take = last -> {
            seen[0]++;
            if (n[0] < sample.length) {
                sample[n[0]++] = last;
            } else {
                long j = Math.floorMod(Keys.of(seen[0], last), seen[0]);
                if (j < sample.length) {
                    sample[(int) j] = last;
                }
            }
        };
        channels.forEach(c -> take.accept(c.last));
        rhythms.forEach(r -> take.accept(r.last));
        variables.forEach(v -> take.accept(v.last()));
        objects.forEach(o -> take.accept(o.last));
        talkers.forEach(k -> take.accept(k.last));
        java.util.Arrays.sort(sample, 0, n[0]);
        long threshold = Math.min(n[0] == 0 ? Long.MIN_VALUE : sample[n[0] / 10], t - BaselineConfig.HOUR);
        long before = keyCount();
        channels.removeIf(c -> c.last <= threshold);
        rhythms.removeIf(r -> r.last <= threshold);
        stopChecksStale = true;
        variables.removeIf(v -> {
            if (v.last() <= threshold) {
                devices.get(v.server()).variables--;
                return true;
            }
            return false;
        });
        objects.removeIf(o -> o.last <= threshold);
        talkers.removeIf(k -> k.last <= threshold);
        long evicted = before - keyCount();
        counters.keysEvicted += evicted;
        if (evicted == 0) {
            nextKeyEviction = t + BaselineConfig.MINUTE;
        }
        return evicted > 0;
    }

    /** Evicts the least recently seen tenth of the devices idle for an hour, with their keys. */
    private boolean evictDevices(long t) {
        List<Device> idle = new ArrayList<>();
        for (Device d : devices) {
            if (d != null && t - d.lastSeen >= BaselineConfig.HOUR) {
                idle.add(d);
            }
        }
        if (idle.isEmpty()) {
            return false;
        }
        idle.sort(java.util.Comparator.comparingLong((Device d) -> d.lastSeen).thenComparing(d -> d.ip));
        int n = Math.max(1, Math.min(idle.size(), devicesByIp.size() / 10));
        java.util.BitSet gone = new java.util.BitSet();
        for (int i = 0; i < n; i++) {
            gone.set(idle.get(i).id);
        }
        removeDevices(gone);
        counters.devicesEvicted += n;
        return true;
    }

    /** Removes devices and every key naming them. */
    void removeDevices(java.util.BitSet gone) {
        for (int id = gone.nextSetBit(0); id >= 0; id = gone.nextSetBit(id + 1)) {
            Device d = devices.get(id);
            devicesByIp.remove(d.ip);
            d.id = -1;
            devices.set(id, null);
            freeIds.add(id);
        }
        talkers.removeIf(k -> gone.get(k.client) || gone.get(k.server));
        channels.removeIf(c -> gone.get(c.client) || gone.get(c.server));
        rhythms.removeIf(r -> gone.get(r.client) || gone.get(r.server));
        stopChecksStale = true;
        objects.removeIf(o -> gone.get(o.server));
        variables.removeIf(v -> gone.get(v.server()));
        ioPairs.removeIf(pr -> gone.get((int) pr[0]) || gone.get((int) pr[1]));
        objects.forEach(o -> {
            int[] keep = java.util.Arrays.stream(o.writers).filter(w -> !gone.get(w)).toArray();
            o.writers = keep;
        });
        rebuildServerFunctions();
        java.util.Arrays.fill(flowRefs, null);
        java.util.Arrays.fill(flowClients, null);
        java.util.Arrays.fill(flowServers, null);
    }

    void rebuildServerFunctions() {
        serverFunctions.removeIf(x -> true);
        channels.forEach(c -> serverFunctions.put(Keys.of(c.server, c.protocol, c.unit, c.function, c.subfunction), Boolean.TRUE));
    }

    /** Registers a device read back from a baseline file. */
    Device restoreDevice(String ip, String mac, long firstSeen) {
        Device d = new Device(ip, mac, firstSeen, true);
        d.id = devices.size();
        devices.add(d);
        devicesByIp.put(ip, d);
        return d;
    }

    // ---------------------------------------------------------------------------------------------- review

    /**
     * Accepts a departure into the baseline (docs/BASELINE.md "Review"): {@code key} as observations carry it,
     * {@code seen} the observation's seen text (address ranges, a value, a count) or null.
     *
     * @return what changed, one line; throws IllegalArgumentException for a key it cannot read
     */
    public String approve(String key, String seen) {
        String change = review(key, seen, true);
        observations.forget(key);
        return change;
    }

    /** Removes something learned (traffic learned during an incident); the key forms of {@link #approve}. */
    public String unlearn(String key) {
        String change = review(key, null, false);
        observations.forget(key);
        return change;
    }

    private Device known(String ip, boolean create) {
        Device d = devicesByIp.get(ip);
        if (d == null && create) {
            d = device(ip, null, Math.max(now, 0), null);
        }
        if (d == null) {
            throw new IllegalArgumentException("device " + ip + " is not in the baseline");
        }
        d.known = true;
        return d;
    }

    private String review(String key, String seen, boolean add) {
        stopChecksStale = true; // a rhythm removed or its period changed: the stop checks are rebuilt at the next scan
        int colon = key.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a baseline key: " + key);
        }
        String kind = key.substring(0, colon);
        String rest = key.substring(colon + 1);
        String[] parts = rest.split("/", -1);
        String[] pair = parts[0].split(">", -1);
        long t = Math.max(now, 0);
        switch (kind) {
            case "device" -> {
                if (add) {
                    known(rest, true);
                    return "device " + rest + " is known";
                }
                Device d = known(rest, false);
                java.util.BitSet gone = new java.util.BitSet();
                gone.set(d.id);
                removeDevices(gone);
                return "device " + rest + " and everything learned about it removed";
            }
            case "talker" -> {
                Device c = known(pair[0], add);
                Device s = known(pair[1], add);
                if (add) {
                    Talker tk = new Talker(c.id, s.id, t);
                    tk.approved = true;
                    talkers.put(Keys.of(c.id, s.id), tk);
                    return "talker " + rest + " added";
                }
                talkers.remove(Keys.of(c.id, s.id));
                channels.removeIf(ch -> ch.client == c.id && ch.server == s.id);
                rhythms.removeIf(r -> r.client == c.id && r.server == s.id);
                rebuildServerFunctions();
                return "talker " + rest + " and its functions removed";
            }
            case "protocol" -> {
                Device s = known(parts[0], add);
                int bit = 1 << protocol(parts[1]).ordinal();
                s.servedProtocols = add ? s.servedProtocols | bit : s.servedProtocols & ~bit;
                return "protocol " + parts[1] + (add ? " added to " : " removed from ") + s.ip;
            }
            case "function" -> {
                Device c = known(pair[0], add);
                Device s = known(pair[1], add);
                int p = protocol(parts[1]).ordinal();
                int unit = Integer.parseInt(parts[2]);
                int fn = Integer.parseInt(parts[3]);
                int sub = Integer.parseInt(parts[4]);
                long k = Keys.of(c.id, s.id, p, unit, fn, sub);
                if (add) {
                    if (talkers.get(Keys.of(c.id, s.id)) == null) {
                        talkers.put(Keys.of(c.id, s.id), new Talker(c.id, s.id, t));
                    }
                    s.servedProtocols |= 1 << p;
                    channels.put(k, new Channel(c.id, s.id, p, unit, fn, sub, t));
                    serverFunctions.put(Keys.of(s.id, p, unit, fn, sub), Boolean.TRUE);
                    return "function " + rest + " added";
                }
                channels.remove(k);
                rebuildServerFunctions();
                return "function " + rest + " removed";
            }
            case "read", "write" -> {
                boolean write = kind.equals("write");
                Device c = known(pair[0], add);
                Device s = known(pair[1], add);
                int p = protocol(parts[1]).ordinal();
                int unit = Integer.parseInt(parts[2]);
                int a = area(parts[3]);
                long number = Long.parseLong(parts[4]);
                String ranges = parts.length > 5 ? parts[5] : seen == null ? null : lastWord(seen);
                long k = Keys.of(s.id, p, unit, a, number, write ? 1 : 0);
                ObjectSet os = objects.get(k);
                if (add) {
                    if (os == null) {
                        os = new ObjectSet(s.id, p, unit, a, number, write, t);
                        objects.put(k, os);
                    }
                    if (write) {
                        os.addWriter(c.id);
                    }
                    if (ranges != null) {
                        for (long[] r : parseRanges(ranges)) {
                            os.ranges.add(r[0], r[1], config.maxIntervals());
                        }
                    }
                    return kind + " " + rest + (ranges == null ? "" : " " + ranges) + " added";
                }
                if (os == null) {
                    return "nothing learned for " + key;
                }
                if (ranges == null) {
                    if (write && os.writers.length > 1) {
                        os.writers = java.util.Arrays.stream(os.writers).filter(w -> w != c.id).toArray();
                        return "writer " + c.ip + " removed from " + rest;
                    }
                    objects.remove(k);
                    return kind + " " + rest + " removed";
                }
                for (long[] r : parseRanges(ranges)) {
                    os.ranges.remove(r[0], r[1]);
                }
                return kind + " " + rest + " " + ranges + " removed";
            }
            case "value" -> {
                Device s = known(parts[0], add);
                int p = protocol(parts[1]).ordinal();
                int unit = Integer.parseInt(parts[2]);
                int a = area(parts[3]);
                long number = Long.parseLong(parts[4]);
                String[] addr = parts[5].split("=", -1);
                long address = Long.parseLong(addr[0]);
                Variable v = variables.get(s.id, p, unit, a, number, address);
                if (!add) {
                    if (variables.remove(s.id, p, unit, a, number, address)) {
                        s.variables--;
                    }
                    return "variable " + rest + " removed";
                }
                String value = addr.length > 1 ? addr[1] : seen;
                if (value == null) {
                    throw new IllegalArgumentException("approve a value with --key value:...=VALUE or --observation");
                }
                if (v == null) {
                    Variables.Block b = variables.add(s.id, p, unit, a, number, address, t);
                    if (b == null) {
                        throw new IllegalArgumentException("variable " + rest + " collides with another in the baseline's table");
                    }
                    v = new Variable(b, b.find(address), address);
                    s.variables++;
                }
                long x = Long.parseLong(value.trim());
                boolean many = v.block().many(v.index());
                v.block().learn(v.index(), x);
                v.block().many(v.index(), many && v.block().many(v.index()));
                return "value " + x + " accepted for " + parts[0] + "/" + String.join("/", java.util.Arrays.copyOfRange(parts, 1, 5)) + "/" + address;
            }
            case "identity" -> {
                Device d = known(parts[0], add);
                String[] fv = parts[1].split("=", 2);
                if (d.identity == null) {
                    d.identity = new TreeMap<>();
                }
                if (add) {
                    String value = fv.length > 1 ? fv[1] : seen;
                    d.identity.put(fv[0], value);
                    return fv[0] + " of " + d.ip + " is now " + value;
                }
                d.identity.remove(fv[0]);
                return fv[0] + " of " + d.ip + " forgotten";
            }
            case "io" -> {
                Device c = known(pair[0], add);
                Device s = known(pair[1], add);
                long k = Keys.of(c.id, s.id, 0x10);
                if (add) {
                    ioPairs.put(k, new long[] {c.id, s.id});
                } else {
                    ioPairs.remove(k);
                }
                return "I/O connection " + rest + (add ? " added" : " removed");
            }
            case "flood", "timing", "stop" -> {
                Device c = known(pair[0], false);
                Device s = known(pair[1], false);
                int p = protocol(parts[1]).ordinal();
                int unit = Integer.parseInt(parts[2]);
                int fn = Integer.parseInt(parts[3]);
                int sub = Integer.parseInt(parts[4]);
                if (kind.equals("flood")) {
                    Channel ch = channels.get(Keys.of(c.id, s.id, p, unit, fn, sub));
                    if (ch == null) {
                        return "nothing learned for " + key;
                    }
                    if (add) {
                        int n = seen == null ? ch.minuteCount : Integer.parseInt(seen.split(" ")[0]);
                        ch.maxPerMinute = Math.max(ch.maxPerMinute, n);
                        return "up to " + ch.maxPerMinute + " per minute accepted for " + rest;
                    }
                    ch.maxPerMinute = 0;
                    return "rate of " + rest + " forgotten";
                }
                int a = area(parts[5]);
                long number = Long.parseLong(parts[6]);
                String[] sc = parts[7].split("\\+");
                long k = Keys.of(Keys.of(c.id, s.id, p, unit, fn, sub), a, number, Long.parseLong(sc[0]), Long.parseLong(sc[1]));
                Rhythm r = rhythms.get(k);
                if (r == null) {
                    return "nothing learned for " + key;
                }
                if (add && kind.equals("timing")) {
                    r.period = r.fast;
                    r.monitored = 0;
                    return "period of " + rest + " is now " + millis(r.period) + " ms";
                }
                rhythms.remove(k);
                return "rhythm of " + rest + " forgotten";
            }
            case "silent" -> {
                Device d = known(rest, false);
                if (add) {
                    d.maxGap = Math.max(d.maxGap, t - d.lastTx);
                    return "gaps up to " + d.maxGap / BaselineConfig.SECOND + " s accepted for " + d.ip;
                }
                d.maxGap = 0;
                d.learnedTx = 0;
                return "rhythm of " + d.ip + " forgotten (no silence reported)";
            }
            default -> throw new IllegalArgumentException("unknown key kind '" + kind + "' in " + key);
        }
    }

    private static String lastWord(String s) {
        int sp = s.lastIndexOf(' ');
        return sp < 0 ? s : s.substring(sp + 1);
    }

    private static Protocol protocol(String wire) {
        Protocol p = Protocol.of(wire);
        if (p == null) {
            throw new IllegalArgumentException("unknown protocol " + wire);
        }
        return p;
    }

    /** {@code 100-109,200} to half-open ranges. */
    static List<long[]> parseRanges(String text) {
        List<long[]> out = new ArrayList<>();
        for (String r : text.split(",")) {
            if (r.isBlank()) {
                continue;
            }
            int dash = r.indexOf('-', 1);
            long a = Long.parseLong(dash < 0 ? r.trim() : r.substring(0, dash).trim());
            long b = dash < 0 ? a : Long.parseLong(r.substring(dash + 1).trim());
            out.add(new long[] {a, b + 1});
        }
        return out;
    }

    int areaId(String name) {
        return area(name);
    }
}
