package io.linewatch.capture.flow;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Text forms of addresses as they appear in documents. */
public final class Addresses {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Addresses() {
    }

    /** Dotted quad or RFC 5952 IPv6 text of the address at {@code off}. */
    public static String ip(byte[] b, int off, int len) {
        if (len == 4) {
            return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
        }
        byte[] a = new byte[len];
        System.arraycopy(b, off, a, 0, len);
        try {
            return compressIpv6(InetAddress.getByAddress(a).getHostAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + len, e);
        }
    }

    /** Lower-case colon form, {@code 00:1b:1b:01:02:03}; null for -1 (no MAC). */
    public static String mac(long mac) {
        if (mac < 0) {
            return null;
        }
        char[] c = new char[17];
        for (int i = 0; i < 6; i++) {
            int v = (int) (mac >>> (40 - 8 * i)) & 0xff;
            c[i * 3] = HEX[v >>> 4];
            c[i * 3 + 1] = HEX[v & 0xf];
            if (i < 5) {
                c[i * 3 + 2] = ':';
            }
        }
        return new String(c);
    }

    public static long mac(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** Java prints 0:0:0:0:0:0:0:1; ECS and Wireshark print ::1. */
    static String compressIpv6(String full) {
        String[] parts = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < parts.length && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
        return head + "::" + tail;
    }
}
