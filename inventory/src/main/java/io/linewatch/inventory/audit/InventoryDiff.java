package io.linewatch.inventory.audit;

import io.linewatch.inventory.AssetFields;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two inventories (the last audit and now): devices that are new, gone, or changed, and for a
 * changed device which fields changed from what to what. Devices are paired by {@code asset.id}; a device
 * whose id changed (its MAC became known, so the id moved from IP to MAC) is paired by a shared IP address.
 */
public final class InventoryDiff {
    /** Fields compared, in report order. Lists compare as sets of their items' text. */
    static final List<String> COMPARED = List.of(Fields.ASSET_ID, Fields.HOST_IP, Fields.HOST_MAC, Fields.NETWORK_VLAN_ID,
            Fields.ASSET_ROLE, Fields.DEVICE_MANUFACTURER, Fields.DEVICE_MODEL_NAME, Fields.DEVICE_MODEL_IDENTIFIER,
            Fields.DEVICE_PRODUCT_CODE, Fields.DEVICE_FIRMWARE_VERSION, Fields.DEVICE_SERIAL_NUMBER, Fields.HOST_NAME,
            Fields.ASSET_PROTOCOLS, AssetFields.ASSET_PEERS, AssetFields.ADVISORIES);

    public record FieldChange(String field, String oldValue, String newValue) {
    }

    public record Changed(String assetId, List<String> ips, List<FieldChange> changes) {
    }

    public record Result(List<EventDoc> added, List<EventDoc> removed, List<Changed> changed) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }

        /** A JSON-shaped summary ({@code inventory diff --json}). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("new", added.stream().map(d -> brief(d)).toList());
            m.put("gone", removed.stream().map(d -> brief(d)).toList());
            List<Map<String, Object>> ch = new ArrayList<>();
            for (Changed c : changed) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("asset_id", c.assetId());
                e.put("ip", c.ips());
                List<Map<String, Object>> fields = new ArrayList<>();
                for (FieldChange f : c.changes()) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("field", f.field());
                    x.put("old", f.oldValue());
                    x.put("new", f.newValue());
                    fields.add(x);
                }
                e.put("changes", fields);
                ch.add(e);
            }
            m.put("changed", ch);
            return m;
        }
    }

    private InventoryDiff() {
    }

    public static Result compare(List<EventDoc> before, List<EventDoc> after) {
        Map<String, EventDoc> oldById = byId(before);
        Map<String, EventDoc> newById = byId(after);
        List<EventDoc> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        Set<String> pairedOld = new TreeSet<>();
        List<EventDoc> unpairedNew = new ArrayList<>();
        for (Map.Entry<String, EventDoc> e : newById.entrySet()) {
            EventDoc old = oldById.get(e.getKey());
            if (old != null) {
                pairedOld.add(e.getKey());
                changes(old, e.getValue(), changed);
            } else {
                unpairedNew.add(e.getValue());
            }
        }
        // second pass: same device under a new id, recognised by an IP address both records share
        for (EventDoc now : unpairedNew) {
            EventDoc match = null;
            for (Map.Entry<String, EventDoc> o : oldById.entrySet()) {
                if (!pairedOld.contains(o.getKey()) && sharesIp(o.getValue(), now)) {
                    match = o.getValue();
                    pairedOld.add(o.getKey());
                    break;
                }
            }
            if (match == null) {
                added.add(now);
            } else {
                changes(match, now, changed);
            }
        }
        List<EventDoc> removed = new ArrayList<>();
        oldById.forEach((id, d) -> {
            if (!pairedOld.contains(id)) {
                removed.add(d);
            }
        });
        changed.sort((a, b) -> a.assetId().compareTo(b.assetId()));
        return new Result(added, removed, changed);
    }

    private static void changes(EventDoc old, EventDoc now, List<Changed> out) {
        List<FieldChange> fields = new ArrayList<>();
        for (String f : COMPARED) {
            String a = render(old.get(f), f);
            String b = render(now.get(f), f);
            if (!Objects.equals(a, b)) {
                fields.add(new FieldChange(f, a, b));
            }
        }
        if (!fields.isEmpty()) {
            out.add(new Changed(now.getString(Fields.ASSET_ID), ips(now), fields));
        }
    }

    /** A comparable text: scalars as is, lists as sorted sets; peers and advisories by their identity, not their counters. */
    @SuppressWarnings("unchecked")
    static String render(Object v, String field) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            return String.valueOf(v);
        }
        Set<String> items = new TreeSet<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m0) {
                Map<String, Object> m = (Map<String, Object>) m0;
                if (field.equals(AssetFields.ASSET_PEERS)) {
                    items.add(m.get(AssetFields.PEER_IP) + " " + m.get(AssetFields.PEER_PROTOCOL) + "/" + m.get(AssetFields.PEER_AS));
                } else if (field.equals(AssetFields.ADVISORIES)) {
                    items.add(String.valueOf(m.get(AssetFields.ADVISORY_ID)));
                } else if (field.equals(Fields.ASSET_PROTOCOLS)) {
                    items.add(m.get("protocol") + "/" + m.get("as"));
                } else {
                    items.add(new java.util.TreeMap<>(m).toString());
                }
            } else {
                items.add(String.valueOf(o));
            }
        }
        return items.isEmpty() ? null : String.join(", ", items);
    }

    private static Map<String, EventDoc> byId(List<EventDoc> docs) {
        Map<String, EventDoc> m = new java.util.TreeMap<>();
        for (EventDoc d : docs) {
            m.putIfAbsent(d.getString(Fields.ASSET_ID), d);
        }
        return m;
    }

    private static boolean sharesIp(EventDoc a, EventDoc b) {
        List<String> x = ips(a);
        for (String ip : ips(b)) {
            if (x.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    static List<String> ips(EventDoc d) {
        Object v = d.get(Fields.HOST_IP);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(o -> out.add(String.valueOf(o)));
        } else if (v != null) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    /** A few readable fields of a new or gone device. */
    static Map<String, Object> brief(EventDoc d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asset_id", d.getString(Fields.ASSET_ID));
        m.put("ip", ips(d));
        m.put("role", d.getString(Fields.ASSET_ROLE));
        m.put("manufacturer", d.getString(Fields.DEVICE_MANUFACTURER));
        m.put("model", d.getString(Fields.DEVICE_MODEL_NAME));
        m.put("firmware", d.getString(Fields.DEVICE_FIRMWARE_VERSION));
        return m;
    }

    /** The readable report {@code inventory diff} prints. */
    public static String report(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(r.added().size()).append(" new, ").append(r.removed().size()).append(" gone, ")
                .append(r.changed().size()).append(" changed\n");
        for (EventDoc d : r.added()) {
            b.append("+ ").append(line(d)).append('\n');
        }
        for (EventDoc d : r.removed()) {
            b.append("- ").append(line(d)).append('\n');
        }
        for (Changed c : r.changed()) {
            b.append("~ ").append(c.assetId()).append(" (").append(String.join(", ", c.ips())).append(")\n");
            for (FieldChange f : c.changes()) {
                b.append("    ").append(f.field()).append(": ").append(f.oldValue() == null ? "(none)" : f.oldValue())
                        .append(" -> ").append(f.newValue() == null ? "(none)" : f.newValue()).append('\n');
            }
        }
        return b.toString();
    }

    private static String line(EventDoc d) {
        StringBuilder b = new StringBuilder(d.getString(Fields.ASSET_ID));
        b.append(" (").append(String.join(", ", ips(d))).append(")");
        for (String f : new String[] {Fields.ASSET_ROLE, Fields.DEVICE_MANUFACTURER, Fields.DEVICE_MODEL_NAME,
                Fields.DEVICE_FIRMWARE_VERSION}) {
            String v = d.getString(f);
            if (v != null) {
                b.append(' ').append(f).append('=').append(v);
            }
        }
        return b.toString();
    }
}
