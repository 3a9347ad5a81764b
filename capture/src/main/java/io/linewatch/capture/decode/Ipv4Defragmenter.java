package io.linewatch.capture.decode;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembles fragmented IPv4 datagrams (RFC 791). Bounded: at most {@code maxDatagrams} waiting, each for
 * at most {@code timeoutNanos} of capture time, and at most {@code maxBufferedBytes} held for all of them
 * together (the bytes that arrived plus a fixed overhead per fragment and per datagram: a pending datagram
 * holds what arrived, never a 64 KiB buffer up front). Whatever a bound discards is counted (oldest datagram
 * first); fragments still waiting are counted as incomplete. Overlapping fragments keep the bytes that
 * arrived first.
 */
public final class Ipv4Defragmenter {
    private static final int MAX_DATAGRAM = 65_535;
    /** Default for all pending datagrams together: 8 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 8L << 20;
    /** What a held piece costs beyond its bytes (map entry, array header, key), counted against the cap. */
    static final int PIECE_OVERHEAD = 64;
    /** What a pending datagram costs beyond its pieces. */
    static final int DATAGRAM_OVERHEAD = 160;

    public record Datagram(byte[] buffer, int headerLength, int length) {
    }

    private record Key(long addresses, int id, int protocol, int vlan) {
    }

    private static final class Pending {
        final long firstSeen;
        byte[] header;
        /** Received bytes by datagram offset; pieces never overlap (first arrival wins). */
        final TreeMap<Integer, byte[]> pieces = new TreeMap<>();
        int received;
        long cost = DATAGRAM_OVERHEAD;
        int total = -1; // known once the last fragment arrived
        int fragments;

        Pending(long firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    private final int maxDatagrams;
    private final long timeoutNanos;
    private final long maxBufferedBytes;
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();
    private long buffered;
    private long pendingFragments;
    private long expired;
    private long droppedAtCap;

    public Ipv4Defragmenter() {
        this(1024, 30_000_000_000L);
    }

    public Ipv4Defragmenter(int maxDatagrams, long timeoutNanos) {
        this(maxDatagrams, timeoutNanos, DEFAULT_MAX_BUFFERED_BYTES);
    }

    public Ipv4Defragmenter(int maxDatagrams, long timeoutNanos, long maxBufferedBytes) {
        this.maxDatagrams = maxDatagrams;
        this.timeoutNanos = timeoutNanos;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /**
     * Adds one fragment whose IP header starts at {@code ipOff}.
     *
     * @return the whole datagram (IP header followed by the reassembled payload) once complete, else null
     */
    public Datagram add(byte[] b, int ipOff, int ihl, int payloadLen, int fragOffset, boolean more, int vlan, long now) {
        expire(now);
        long addresses = ((long) PacketDecoder.i32(b, ipOff + 12) << 32) | (PacketDecoder.i32(b, ipOff + 16) & 0xffffffffL);
        Key key = new Key(addresses, PacketDecoder.u16(b, ipOff + 4), b[ipOff + 9] & 0xff, vlan);
        Pending p = pending.get(key);
        if (p == null) {
            if (pending.size() >= maxDatagrams) {
                dropOldest();
            }
            p = new Pending(now);
            pending.put(key, p);
            buffered += p.cost;
        }
        p.fragments++;
        pendingFragments++;
        if (fragOffset + payloadLen > MAX_DATAGRAM) {
            discard(key, p);
            droppedAtCap += p.fragments;
            return null;
        }
        if (fragOffset == 0 && p.header == null) {
            p.header = Arrays.copyOfRange(b, ipOff, ipOff + ihl);
            charge(p, p.header.length);
        }
        copyNewBytes(p, b, ipOff + ihl, fragOffset, payloadLen);
        if (!more) {
            p.total = fragOffset + payloadLen;
        }
        while (buffered > maxBufferedBytes && pending.size() > 1) {
            dropOldest(); // never the newest datagram: one alone fits (64 KiB plus overheads)
        }
        if (!pending.containsKey(key) || p.header == null || p.total < 0 || p.received < p.total
                || covered(p) < p.total) {
            return null;
        }
        discard(key, p);
        byte[] whole = new byte[p.header.length + p.total];
        System.arraycopy(p.header, 0, whole, 0, p.header.length);
        for (Map.Entry<Integer, byte[]> e : p.pieces.entrySet()) {
            int at = e.getKey();
            if (at >= p.total) {
                break;
            }
            System.arraycopy(e.getValue(), 0, whole, p.header.length + at, Math.min(e.getValue().length, p.total - at));
        }
        return new Datagram(whole, p.header.length, whole.length);
    }

    private void charge(Pending p, long bytes) {
        p.cost += bytes;
        buffered += bytes;
    }

    private void discard(Key key, Pending p) {
        pending.remove(key);
        buffered -= p.cost;
        pendingFragments -= p.fragments;
    }

    private void dropOldest() {
        Iterator<Map.Entry<Key, Pending>> oldest = pending.entrySet().iterator();
        Pending p = oldest.next().getValue();
        oldest.remove();
        buffered -= p.cost;
        pendingFragments -= p.fragments;
        droppedAtCap += p.fragments;
    }

    /** First arrival wins: only bytes not yet covered by an earlier fragment are kept, as new pieces. */
    private void copyNewBytes(Pending p, byte[] b, int src, int offset, int len) {
        int end = offset + len;
        int cursor = offset;
        Map.Entry<Integer, byte[]> before = p.pieces.floorEntry(offset);
        if (before != null) {
            cursor = Math.max(cursor, before.getKey() + before.getValue().length);
        }
        while (cursor < end) {
            Map.Entry<Integer, byte[]> next = p.pieces.ceilingEntry(cursor);
            int stop = next == null ? end : Math.min(end, next.getKey());
            if (stop > cursor) {
                p.pieces.put(cursor, Arrays.copyOfRange(b, src + (cursor - offset), src + (stop - offset)));
                p.received += stop - cursor;
                charge(p, stop - cursor + PIECE_OVERHEAD);
            }
            if (next == null) {
                break;
            }
            cursor = Math.max(cursor, next.getKey() + next.getValue().length);
        }
    }

    /** Length of the contiguous prefix covered by fragments. */
    private static int covered(Pending p) {
        int reach = 0;
        for (Map.Entry<Integer, byte[]> e : p.pieces.entrySet()) {
            if (e.getKey() > reach) {
                break;
            }
            reach = Math.max(reach, e.getKey() + e.getValue().length);
        }
        return reach;
    }

    private void expire(long now) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now - p.firstSeen <= timeoutNanos) {
                break; // insertion order is arrival order
            }
            expired += p.fragments;
            buffered -= p.cost;
            pendingFragments -= p.fragments;
            it.remove();
        }
    }

    public int pendingCount() {
        return pending.size();
    }

    /** What the pending datagrams hold, as counted against the cap. */
    public long bufferedBytes() {
        return buffered;
    }

    void copyStats(DecodeStats stats) {
        stats.fragmentsExpired = expired;
        stats.fragmentsDroppedAtCap = droppedAtCap;
        stats.fragmentsIncompleteAtEnd = pendingFragments;
    }
}
