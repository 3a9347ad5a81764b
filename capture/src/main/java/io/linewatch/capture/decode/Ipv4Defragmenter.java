package io.linewatch.capture.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles fragmented IPv4 datagrams (RFC 791). Bounded: at most {@code maxDatagrams} waiting,
 * each at most 64 KiB, each for at most {@code timeoutNanos} of capture time; whatever a bound
 * discards is counted. Overlapping fragments keep the bytes that arrived first.
 */
public final class Ipv4Defragmenter {
    private static final int MAX_DATAGRAM = 65_535;

    public record Datagram(byte[] buffer, int headerLength, int length) {
    }

    private record Key(long addresses, int id, int protocol, int vlan) {
    }

    private static final class Pending {
        final long firstSeen;
        byte[] header;
        final List<int[]> ranges = new ArrayList<>(); // {offset, length}
        final byte[] data = new byte[MAX_DATAGRAM];
        int total = -1; // known once the last fragment arrived
        int fragments;

        Pending(long firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    private final int maxDatagrams;
    private final long timeoutNanos;
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();
    private long expired;
    private long droppedAtCap;

    public Ipv4Defragmenter() {
        this(1024, 30_000_000_000L);
    }

    public Ipv4Defragmenter(int maxDatagrams, long timeoutNanos) {
        this.maxDatagrams = maxDatagrams;
        this.timeoutNanos = timeoutNanos;
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
                Iterator<Map.Entry<Key, Pending>> oldest = pending.entrySet().iterator();
                droppedAtCap += oldest.next().getValue().fragments;
                oldest.remove();
            }
            p = new Pending(now);
            pending.put(key, p);
        }
        p.fragments++;
        if (fragOffset + payloadLen > MAX_DATAGRAM) {
            pending.remove(key);
            droppedAtCap += p.fragments;
            return null;
        }
        if (fragOffset == 0) {
            p.header = Arrays.copyOfRange(b, ipOff, ipOff + ihl);
        }
        copyNewBytes(p, b, ipOff + ihl, fragOffset, payloadLen);
        if (!more) {
            p.total = fragOffset + payloadLen;
        }
        if (p.header == null || p.total < 0 || covered(p) < p.total) {
            return null;
        }
        pending.remove(key);
        byte[] whole = new byte[p.header.length + p.total];
        System.arraycopy(p.header, 0, whole, 0, p.header.length);
        System.arraycopy(p.data, 0, whole, p.header.length, p.total);
        return new Datagram(whole, p.header.length, whole.length);
    }

    /** First arrival wins: only bytes not yet covered by an earlier fragment are copied. */
    private static void copyNewBytes(Pending p, byte[] b, int src, int offset, int len) {
        int end = offset + len;
        int cursor = offset;
        p.ranges.sort((x, y) -> Integer.compare(x[0], y[0]));
        for (int[] r : p.ranges) {
            int rEnd = r[0] + r[1];
            if (rEnd <= cursor || r[0] >= end) {
                continue;
            }
            if (r[0] > cursor) {
                System.arraycopy(b, src + (cursor - offset), p.data, cursor, r[0] - cursor);
            }
            cursor = Math.max(cursor, rEnd);
        }
        if (cursor < end) {
            System.arraycopy(b, src + (cursor - offset), p.data, cursor, end - cursor);
        }
        p.ranges.add(new int[] {offset, len});
    }

    /** Length of the contiguous prefix covered by fragments. */
    private static int covered(Pending p) {
        p.ranges.sort((x, y) -> Integer.compare(x[0], y[0]));
        int reach = 0;
        for (int[] r : p.ranges) {
            if (r[0] > reach) {
                break;
            }
            reach = Math.max(reach, r[0] + r[1]);
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
            it.remove();
        }
    }

    public int pendingCount() {
        return pending.size();
    }

    void copyStats(DecodeStats stats) {
        stats.fragmentsExpired = expired;
        stats.fragmentsDroppedAtCap = droppedAtCap;
    }
}
