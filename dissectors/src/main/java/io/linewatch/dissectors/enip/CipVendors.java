package io.linewatch.dissectors.enip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * CIP vendor id to vendor name, from the ODVA vendor list as public dissectors publish it
 * ({@code cip-vendors.tsv} beside this class: one {@code id<TAB>name} per line).
 */
public final class CipVendors {
    private static final Map<Integer, String> NAMES = load();

    private CipVendors() {
    }

    /** The vendor's name, or null for an id not in the list. */
    public static String name(int vendorId) {
        return NAMES.get(vendorId);
    }

    public static int size() {
        return NAMES.size();
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> m = new HashMap<>(2048);
        try (InputStream in = CipVendors.class.getResourceAsStream("cip-vendors.tsv")) {
            if (in == null) {
                throw new IllegalStateException("cip-vendors.tsv missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    m.put(Integer.parseInt(line.substring(0, tab)), line.substring(tab + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
