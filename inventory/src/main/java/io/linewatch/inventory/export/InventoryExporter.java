package io.linewatch.inventory.export;

import io.linewatch.inventory.AssetFields;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an inventory as CSV (one row per asset, for spreadsheets), JSON (the asset documents, readable
 * back by {@code inventory diff}) or a self-contained HTML report. Output depends only on the input, never on
 * the clock, so the same inventory always exports to the same bytes (and the same signature).
 */
public final class InventoryExporter {
    /** CSV columns: header name and how to read it from an asset. */
    private record Column(String header, java.util.function.Function<EventDoc, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("asset_id", d -> AssetView.text(d, Fields.ASSET_ID)),
            new Column("ip", d -> AssetView.text(d, Fields.HOST_IP)),
            new Column("mac", d -> AssetView.text(d, Fields.HOST_MAC)),
            new Column("vlan", d -> AssetView.text(d, Fields.NETWORK_VLAN_ID)),
            new Column("role", d -> AssetView.text(d, Fields.ASSET_ROLE)),
            new Column("manufacturer", d -> AssetView.text(d, Fields.DEVICE_MANUFACTURER)),
            new Column("model_name", d -> AssetView.text(d, Fields.DEVICE_MODEL_NAME)),
            new Column("model_identifier", d -> AssetView.text(d, Fields.DEVICE_MODEL_IDENTIFIER)),
            new Column("firmware_version", d -> AssetView.text(d, Fields.DEVICE_FIRMWARE_VERSION)),
            new Column("serial_number", d -> AssetView.text(d, Fields.DEVICE_SERIAL_NUMBER)),
            new Column("identity_sources", AssetView::identitySources),
            new Column("protocols", AssetView::protocols),
            new Column("peers", AssetView::peerIps),
            new Column("first_seen", d -> AssetView.text(d, Fields.ASSET_FIRST_SEEN)),
            new Column("last_seen", d -> AssetView.text(d, Fields.ASSET_LAST_SEEN)),
            new Column("identity_changes", d -> String.valueOf(AssetView.entries(d, AssetFields.ASSET_IDENTITY_HISTORY).size())),
            new Column("advisories", AssetView::advisories));

    private InventoryExporter() {
    }

    public static void write(List<EventDoc> assets, ExportFormat format, String title, Writer out) throws IOException {
        switch (format) {
            case CSV -> csv(assets, out);
            case JSON -> {
                Json.writePretty(out, assets.stream().map(EventDoc::asMap).toList());
                out.write('\n');
            }
            case HTML -> html(assets, title, out);
        }
    }

    // ---- CSV (RFC 4180) ----

    static void csv(List<EventDoc> assets, Writer out) throws IOException {
        StringBuilder line = new StringBuilder();
        for (Column c : COLUMNS) {
            line.append(line.length() == 0 ? "" : ",").append(c.header());
        }
        out.write(line.append("\r\n").toString());
        for (EventDoc d : assets) {
            line.setLength(0);
            boolean first = true;
            for (Column c : COLUMNS) {
                if (!first) {
                    line.append(',');
                }
                first = false;
                line.append(csvCell(c.value().apply(d)));
            }
            out.write(line.append("\r\n").toString());
        }
    }

    /**
     * Quotes when needed, and defuses spreadsheet formulas: device names come from the wire, and a PLC named
     * "=HYPERLINK(...)" must not run in an auditor's spreadsheet (OWASP CSV injection).
     */
    static String csvCell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    // ---- HTML ----

    static void html(List<EventDoc> assets, String title, Writer out) throws IOException {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.4em 0 1em}")
                .append("td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top;font-size:.9em}")
                .append("th{background:#eee}.role-it_host{background:#fde2e2}.vuln{color:#a00;font-weight:bold}")
                .append("section{border-top:2px solid #888;margin-top:1.5em}small{color:#666}\n</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p>").append(assets.size()).append(" assets.</p>\n");
        h.append("<table><tr><th>asset</th><th>ip</th><th>mac</th><th>vlan</th><th>role</th><th>manufacturer</th>")
                .append("<th>model</th><th>order number</th><th>firmware</th><th>serial</th><th>advisories</th></tr>\n");
        for (EventDoc d : assets) {
            String role = AssetView.text(d, Fields.ASSET_ROLE);
            h.append("<tr class=\"role-").append(esc(role)).append("\"><td><a href=\"#").append(anchor(d)).append("\">")
                    .append(esc(AssetView.text(d, Fields.ASSET_ID))).append("</a></td>");
            for (String f : new String[] {Fields.HOST_IP, Fields.HOST_MAC, Fields.NETWORK_VLAN_ID, Fields.ASSET_ROLE,
                    Fields.DEVICE_MANUFACTURER, Fields.DEVICE_MODEL_NAME, Fields.DEVICE_MODEL_IDENTIFIER,
                    Fields.DEVICE_FIRMWARE_VERSION, Fields.DEVICE_SERIAL_NUMBER}) {
                h.append("<td>").append(esc(AssetView.text(d, f))).append("</td>");
            }
            int n = AssetView.entries(d, AssetFields.ADVISORIES).size();
            h.append("<td").append(n > 0 ? " class=\"vuln\">" : ">").append(n > 0 ? n : "").append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (EventDoc d : assets) {
            detail(d, h);
        }
        h.append("</body></html>\n");
        out.write(h.toString());
    }

    private static void detail(EventDoc d, StringBuilder h) {
        h.append("<section id=\"").append(anchor(d)).append("\"><h2>").append(esc(AssetView.text(d, Fields.ASSET_ID)))
                .append(" <small>").append(esc(AssetView.text(d, Fields.ASSET_ROLE))).append("</small></h2>\n");
        h.append("<p>IP ").append(esc(AssetView.text(d, Fields.HOST_IP))).append(" · MAC ")
                .append(esc(AssetView.text(d, Fields.HOST_MAC))).append(" · first seen ")
                .append(esc(AssetView.text(d, Fields.ASSET_FIRST_SEEN))).append(" · last seen ")
                .append(esc(AssetView.text(d, Fields.ASSET_LAST_SEEN))).append("</p>\n");
        table(h, "Identity", AssetView.entries(d, AssetFields.ASSET_IDENTITY), new String[] {AssetFields.IDENTITY_FIELD,
                AssetFields.IDENTITY_VALUE, AssetFields.IDENTITY_SOURCE, AssetFields.IDENTITY_LAST_CONFIRMED, AssetFields.IDENTITY_EVENT_ID});
        Object src = d.get(Fields.ASSET_IDENTITY_SOURCE);
        if (src instanceof Map<?, ?> m && AssetFields.SOURCE_IEEE_OUI.equals(m.get("device.manufacturer"))) {
            h.append("<p>Manufacturer from the MAC address's IEEE OUI assignment: ")
                    .append(esc(AssetView.text(d, Fields.DEVICE_MANUFACTURER))).append("</p>\n");
        }
        table(h, "Identity changes", AssetView.entries(d, AssetFields.ASSET_IDENTITY_HISTORY), new String[] {
                AssetFields.IDENTITY_FIELD, AssetFields.CHANGE_OLD_VALUE, AssetFields.CHANGE_NEW_VALUE, AssetFields.CHANGE_AT,
                AssetFields.CHANGE_OLD_SOURCE, AssetFields.IDENTITY_SOURCE, AssetFields.IDENTITY_EVENT_ID});
        table(h, "Role evidence", AssetView.entries(d, AssetFields.ASSET_ROLE_EVIDENCE), new String[] {
                AssetFields.EVIDENCE_ROLE, AssetFields.EVIDENCE_WEIGHT, AssetFields.EVIDENCE_REASON});
        table(h, "Communication", AssetView.entries(d, AssetFields.ASSET_PEERS), new String[] {AssetFields.PEER_IP,
                AssetFields.PEER_PROTOCOL, AssetFields.PEER_AS, AssetFields.PEER_FIRST_SEEN, AssetFields.PEER_LAST_SEEN,
                AssetFields.PEER_TRANSACTIONS, AssetFields.PEER_FLOWS});
        table(h, "Advisories", AssetView.entries(d, AssetFields.ADVISORIES), new String[] {AssetFields.ADVISORY_ID,
                AssetFields.ADVISORY_TITLE, AssetFields.ADVISORY_CVES, AssetFields.ADVISORY_CVSS, AssetFields.ADVISORY_PRODUCT,
                AssetFields.ADVISORY_FIRMWARE_MATCH, AssetFields.ADVISORY_URL});
        h.append("</section>\n");
    }

    private static void table(StringBuilder h, String caption, List<Map<String, Object>> rows, String[] keys) {
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h3>").append(esc(caption)).append("</h3>\n<table><tr>");
        for (String k : keys) {
            h.append("<th>").append(esc(k.replace('_', ' '))).append("</th>");
        }
        h.append("</tr>\n");
        for (Map<String, Object> r : rows) {
            h.append("<tr>");
            for (String k : keys) {
                Object v = r.get(k);
                String text = v instanceof Double x ? String.format(Locale.ROOT, "%.1f", x) : AssetView.get(r, k);
                h.append("<td>").append(esc(text)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String anchor(EventDoc d) {
        return "a-" + AssetView.text(d, Fields.ASSET_ID).replaceAll("[^A-Za-z0-9]", "-");
    }

    /** HTML-escapes text from the wire (device names are attacker-controlled). */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
