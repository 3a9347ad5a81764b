package io.linewatch.inventory.export;

import io.linewatch.inventory.AssetFields;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Read helpers over one asset document, shared by the exporters and the diff. */
final class AssetView {
    private AssetView() {
    }

    static String text(EventDoc d, String field) {
        Object v = d.get(field);
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(o -> parts.add(String.valueOf(o)));
            return String.join(" ", parts);
        }
        return String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries(EventDoc d, String field) {
        Object v = d.get(field);
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map) {
                    out.add((Map<String, Object>) o);
                }
            }
        }
        return out;
    }

    static String get(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
    }

    /** The catalog/order number when the device gave one, else "product code 58", else empty. */
    static String modelIdentifier(EventDoc d) {
        String id = text(d, Fields.DEVICE_MODEL_IDENTIFIER);
        if (!id.isEmpty()) {
            return id;
        }
        String code = text(d, Fields.DEVICE_PRODUCT_CODE);
        return code.isEmpty() ? "" : "product code " + code;
    }

    /**
     * "192.168.10.120, backplane slot 0" for a device in the chassis of a communication module, "192.168.10.120,
     * route 1/2 > 2/10.0.0.5 > 1/0" for one further away; empty otherwise.
     */
    static String behind(EventDoc d) {
        String parent = text(d, Fields.ASSET_PARENT_IP);
        if (parent.isEmpty()) {
            return "";
        }
        String route = text(d, Fields.ASSET_PARENT_ROUTE);
        String slot = text(d, Fields.DEVICE_BACKPLANE_SLOT);
        return parent + (slot.isEmpty() || route.contains(",") ? ", route " + route.replace(",", " > ")
                : ", backplane slot " + slot);
    }

    /** "modbus/server s7comm/client" */
    static String protocols(EventDoc d) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> p : entries(d, Fields.ASSET_PROTOCOLS)) {
            parts.add(get(p, "protocol") + "/" + get(p, "as"));
        }
        return String.join(" ", parts);
    }

    static String peerIps(EventDoc d) {
        java.util.Set<String> ips = new java.util.TreeSet<>();
        for (Map<String, Object> p : entries(d, AssetFields.ASSET_PEERS)) {
            ips.add(get(p, AssetFields.PEER_IP));
        }
        return String.join(" ", ips);
    }

    static String identitySources(EventDoc d) {
        Object v = d.get(Fields.ASSET_IDENTITY_SOURCE);
        List<String> parts = new ArrayList<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, s) -> parts.add(k + "=" + s));
        }
        return String.join(" ", parts);
    }

    /** "ICSA-20-042-05 (CVE-2019-13940; CVSS 5.3; affected)" per advisory. */
    static String advisories(EventDoc d) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> a : entries(d, AssetFields.ADVISORIES)) {
            Object score = a.get(AssetFields.ADVISORY_CVSS);
            parts.add(get(a, AssetFields.ADVISORY_ID) + " (" + get(a, AssetFields.ADVISORY_CVES).replace(' ', ',')
                    + "; CVSS " + (score instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : "n/a")
                    + "; " + get(a, AssetFields.ADVISORY_FIRMWARE_MATCH) + ")");
        }
        return String.join("; ", parts);
    }
}
