package io.linewatch.inventory.oui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The IEEE MAC address block registry (MA-L, MA-M, MA-S and IAB), shipped as a resource so lookups work
 * offline. Longest assigned prefix wins: a 36-bit MA-S block inside an MA-L block names its own owner.
 * Regenerate the resource with {@code scripts/gen-oui.py} (see ORIGIN.md beside it).
 */
public final class OuiRegistry {
    static final String RESOURCE = "oui.tsv.gz";
    /** Prefix lengths in hex digits, longest first: MA-S/IAB (36 bits), MA-M (28), MA-L (24). */
    private static final int[] PREFIX_DIGITS = {9, 7, 6};

    private static volatile OuiRegistry shared;

    private final Map<String, String> organisationByPrefix;

    OuiRegistry(Map<String, String> organisationByPrefix) {
        this.organisationByPrefix = organisationByPrefix;
    }

    /** The registry shipped with Linewatch (loaded once). */
    public static OuiRegistry shipped() {
        OuiRegistry r = shared;
        if (r == null) {
            synchronized (OuiRegistry.class) {
                r = shared;
                if (r == null) {
                    try (InputStream in = OuiRegistry.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
                        }
                        r = read(new GZIPInputStream(in));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                    shared = r;
                }
            }
        }
        return r;
    }

    /** Reads "PREFIX&lt;TAB&gt;ORGANISATION" lines; malformed lines are skipped. */
    static OuiRegistry read(InputStream in) throws IOException {
        Map<String, String> map = new HashMap<>(1 << 17);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int tab = line.indexOf('\t');
                if (tab == 6 || tab == 7 || tab == 9) {
                    map.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return new OuiRegistry(map);
    }

    public int size() {
        return organisationByPrefix.size();
    }

    /**
     * The organisation a MAC address ("00:0e:8c:..", any case, ':' or '-' separated) was assigned to, or null
     * when unassigned, malformed, or locally administered (randomised and virtual MACs name no vendor).
     */
    public String organisation(String mac) {
        String hex = hexDigits(mac);
        if (hex == null || isLocallyAdministered(hex)) {
            return null;
        }
        for (int digits : PREFIX_DIGITS) {
            String org = organisationByPrefix.get(hex.substring(0, digits));
            if (org != null) {
                return org;
            }
        }
        return null;
    }

    private static String hexDigits(String mac) {
        if (mac == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(12);
        for (int i = 0; i < mac.length(); i++) {
            char c = mac.charAt(i);
            if (Character.digit(c, 16) >= 0) {
                b.append(Character.toUpperCase(c));
            } else if (c != ':' && c != '-' && c != '.') {
                return null;
            }
        }
        return b.length() == 12 ? b.toString() : null;
    }

    /** The U/L bit (second-lowest bit of the first octet) marks an address not assigned by the IEEE. */
    private static boolean isLocallyAdministered(String hex) {
        return (Character.digit(hex.charAt(1), 16) & 0x2) != 0;
    }
}
