package io.linewatch.baseline;

import java.util.Arrays;

/**
 * Addresses as sorted, disjoint, non-adjacent half-open intervals {@code [start, end)}. Bounded: past
 * {@code max} intervals the two closest neighbours are merged (the set grows coarser, never larger), and that
 * is counted by the caller.
 */
final class IntervalSet {
    private long[] bounds; // start0, end0, start1, end1, ...
    private int n; // intervals

    IntervalSet() {
        bounds = new long[4];
    }

    IntervalSet copy() {
        IntervalSet c = new IntervalSet();
        c.bounds = bounds.clone();
        c.n = n;
        return c;
    }

    int intervals() {
        return n;
    }

    long start(int i) {
        return bounds[2 * i];
    }

    long end(int i) {
        return bounds[2 * i + 1];
    }

    /** Index of the last interval whose start is at most {@code x}, or -1. */
    private int floor(long x) {
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (bounds[2 * mid] <= x) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** True when all of {@code [start, end)} is inside one interval. */
    boolean covers(long start, long end) {
        int i = floor(start);
        return i >= 0 && bounds[2 * i + 1] >= end;
    }

    /**
     * Adds {@code [start, end)}; returns true when the set changed.
     *
     * @return whether a merge of neighbours was needed to stay within {@code max} (through {@link #coarsened})
     */
    boolean add(long start, long end, int max) {
        if (end <= start) {
            end = start + 1;
        }
        if (covers(start, end)) {
            return false;
        }
        // intervals touching [start, end): from the first with end >= start to the last with start <= end
        int first = 0;
        while (first < n && bounds[2 * first + 1] < start) {
            first++; // linear: sets are small (max a few dozen)
        }
        int last = first - 1;
        while (last + 1 < n && bounds[2 * (last + 1)] <= end) {
            last++;
        }
        long s = start;
        long e = end;
        if (last >= first) {
            s = Math.min(s, bounds[2 * first]);
            e = Math.max(e, bounds[2 * last + 1]);
        }
        int removed = last - first + 1;
        int newN = n - removed + 1;
        long[] out = newN * 2 > bounds.length ? new long[Math.max(newN * 2, bounds.length * 2)] : bounds;
        if (out != bounds) {
            System.arraycopy(bounds, 0, out, 0, 2 * first);
        }
        System.arraycopy(bounds, 2 * (last + 1), out, 2 * (first + 1), 2 * (n - last - 1));
        out[2 * first] = s;
        out[2 * first + 1] = e;
        bounds = out;
        n = newN;
        coarsened = false;
        while (n > max) {
            mergeClosest();
            coarsened = true;
        }
        return true;
    }

    /** Whether the last {@link #add} merged neighbours to stay within its bound. */
    boolean coarsened;

    private void mergeClosest() {
        int best = 0;
        long gap = Long.MAX_VALUE;
        for (int i = 0; i + 1 < n; i++) {
            long g = bounds[2 * (i + 1)] - bounds[2 * i + 1];
            if (g < gap) {
                gap = g;
                best = i;
            }
        }
        bounds[2 * best + 1] = bounds[2 * (best + 1) + 1];
        System.arraycopy(bounds, 2 * (best + 2), bounds, 2 * (best + 1), 2 * (n - best - 2));
        n--;
    }

    /** Removes {@code [start, end)} (unlearn); returns true when the set changed. */
    boolean remove(long start, long end) {
        long[] out = new long[2 * n + 2];
        int m = 0;
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            long s = bounds[2 * i];
            long e = bounds[2 * i + 1];
            if (e <= start || s >= end) {
                out[2 * m] = s;
                out[2 * m++ + 1] = e;
                continue;
            }
            changed = true;
            if (s < start) {
                out[2 * m] = s;
                out[2 * m++ + 1] = start;
            }
            if (e > end) {
                out[2 * m] = end;
                out[2 * m++ + 1] = e;
            }
        }
        bounds = Arrays.copyOf(out, Math.max(4, 2 * m));
        n = m;
        return changed;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n && i < 8; i++) {
            if (i > 0) {
                b.append(',');
            }
            long s = bounds[2 * i];
            long e = bounds[2 * i + 1];
            b.append(s);
            if (e - s > 1) {
                b.append('-').append(e - 1);
            }
        }
        if (n > 8) {
            b.append(",...(").append(n).append(" ranges)");
        }
        return n == 0 ? "none" : b.toString();
    }
}
