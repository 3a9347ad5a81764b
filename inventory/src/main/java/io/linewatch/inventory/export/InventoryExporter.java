package io.linewatch.inventory.export;

import static io.linewatch.inventory.export.HtmlReport.esc;

import io.linewatch.inventory.AssetFields;
import io.linewatch.inventory.AssetRole;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Json;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an inventory as CSV (one row per asset, for spreadsheets), JSON (a header and the asset documents,
 * readable back by {@code inventory diff}), a self-contained HTML report, or the communication matrix
 * ({@link CommunicationMatrix}). Every format carries the same metadata ({@link ExportMetadata}): the sensor,
 * the observation window and inputs from the run's {@code run.json}, the generation time and the signer. Output
 * depends only on the inventory and that metadata, so the same input always exports to the same bytes.
 */
public final class InventoryExporter {
    /** CSV columns: header name and how to read it from an asset. New columns are appended, never reordered. */
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
            new Column("advisories", AssetView::advisories),
            new Column("role_name", d -> AssetRole.label(AssetView.text(d, Fields.ASSET_ROLE))),
            new Column("product_code", d -> AssetView.text(d, Fields.DEVICE_PRODUCT_CODE)),
            new Column("host_name", d -> AssetView.text(d, Fields.HOST_NAME)),
            new Column("station_name", d -> AssetView.text(d, Fields.DEVICE_STATION_NAME)),
            new Column("behind_module", AssetView::behind));

    /** Top-level keys of a JSON export. */
    static final String JSON_HEADER = "linewatch_export";
    static final String JSON_ASSETS = "assets";

    private InventoryExporter() {
    }

    public static void write(List<EventDoc> assets, ExportFormat format, ExportMetadata meta, Writer out) throws IOException {
        switch (format) {
            case CSV -> csv(assets, meta, out);
            case JSON -> {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put(JSON_HEADER, meta.toMap());
                root.put(JSON_ASSETS, assets.stream().map(EventDoc::asMap).toList());
                Json.writePretty(out, root);
                out.write('\n');
            }
            case HTML -> html(assets, meta, out);
            case MATRIX_CSV -> CommunicationMatrix.of(assets).csv(meta, out);
            case GRAPHML -> CommunicationMatrix.of(assets).graphml(meta, out);
            case DOT -> CommunicationMatrix.of(assets).dot(meta, out);
        }
    }

    // ---- CSV (RFC 4180 after a preamble of '#' lines) ----

    /**
     * The metadata as comment lines before the header row ({@code # sensor_name: plant1}); spreadsheet tools
     * show them as rows above the table, and CSV readers skip them with a comment option ({@code comment='#'}).
     */
    static void preamble(ExportMetadata meta, Writer out) throws IOException {
        StringBuilder b = new StringBuilder();
        meta.toMap().forEach((k, v) -> {
            if (v instanceof Map<?, ?> run) {
                Object inputs = run.get("inputs");
                if (inputs instanceof List<?> l) {
                    for (Object i : l) {
                        if (i instanceof Map<?, ?> m) {
                            b.append("# input: ").append(m.get("name"));
                            if (m.get("bytes") != null) {
                                b.append(" (").append(m.get("bytes")).append(" bytes, sha256 ").append(m.get("sha256")).append(')');
                            }
                            b.append("\r\n");
                        }
                    }
                }
                b.append("# packets: ").append(run.get("packets")).append("\r\n");
            } else if (v != null) {
                b.append("# ").append(k).append(": ").append(oneLine(String.valueOf(v))).append("\r\n");
            }
        });
        out.write(b.toString());
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    static void csv(List<EventDoc> assets, ExportMetadata meta, Writer out) throws IOException {
        preamble(meta, out);
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
        if (!v.isEmpty() && "=+-@\t\r#".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    // ---- HTML ----

    /** Counts by role, vendor, model, firmware and VLAN (the summary's charts and tables). */
    static Map<String, Map<String, Long>> summary(List<EventDoc> assets) {
        Map<String, Map<String, Long>> s = new LinkedHashMap<>();
        for (String k : List.of("role", "vendor", "model", "firmware", "vlan")) {
            s.put(k, new TreeMap<>());
        }
        for (EventDoc d : assets) {
            s.get("role").merge(AssetRole.label(AssetView.text(d, Fields.ASSET_ROLE)), 1L, Long::sum);
            s.get("vendor").merge(orNone(AssetView.text(d, Fields.DEVICE_MANUFACTURER), "(not identified)"), 1L, Long::sum);
            String model = model(d);
            s.get("model").merge(orNone(model, "(not identified)"), 1L, Long::sum);
            String fw = AssetView.text(d, Fields.DEVICE_FIRMWARE_VERSION);
            s.get("firmware").merge(fw.isEmpty() ? "(not reported)" : (model.isEmpty() ? "" : model + " ") + fw, 1L, Long::sum);
            Object vlans = d.get(Fields.NETWORK_VLAN_ID);
            if (vlans instanceof List<?> l && !l.isEmpty()) {
                for (Object v : l) {
                    s.get("vlan").merge("VLAN " + v, 1L, Long::sum);
                }
            } else {
                s.get("vlan").merge(d.get(Fields.ASSET_PARENT_IP) != null ? "(behind a module)" : "untagged", 1L, Long::sum);
            }
        }
        return s;
    }

    /** Model name, else the catalog number, else the product code. */
    static String model(EventDoc d) {
        String name = AssetView.text(d, Fields.DEVICE_MODEL_NAME);
        return name.isEmpty() ? AssetView.modelIdentifier(d) : name;
    }

    private static String orNone(String v, String none) {
        return v.isEmpty() ? none : v;
    }

    private static final Map<String, String> SUMMARY_TITLES = Map.of("role", "Devices by role", "vendor", "Devices by vendor",
            "model", "Devices by model", "firmware", "Devices by firmware (model and version)", "vlan", "Devices by VLAN");

    static void html(List<EventDoc> assets, ExportMetadata meta, Writer out) throws IOException {
        StringBuilder h = new StringBuilder(16384);
        HtmlReport.head(h, meta.title());
        HtmlReport.cover(h, meta, null);
        h.append("<h2>Summary</h2>\n<p id=\"asset-count\">").append(assets.size()).append(" devices.</p>\n<div class=\"charts\">\n");
        summary(assets).forEach((k, counts) -> HtmlReport.chart(h, "summary-" + k, SUMMARY_TITLES.get(k), counts));
        h.append("</div>\n<h2>Devices</h2>\n");
        boolean itHosts = assets.stream().anyMatch(d -> AssetRole.IT_HOST.value.equals(d.getString(Fields.ASSET_ROLE)));
        boolean behind = assets.stream().anyMatch(d -> d.get(Fields.ASSET_PARENT_IP) != null);
        boolean modules = assets.stream().anyMatch(d -> d.get(Fields.ASSET_PARENT_IP) == null
                && AssetRole.COMMUNICATION_MODULE.value.equals(d.getString(Fields.ASSET_ROLE)));
        boolean vulnerable = assets.stream().anyMatch(d -> !AssetView.entries(d, AssetFields.ADVISORIES).isEmpty());
        h.append("<p id=\"legend\">Legend: ");
        if (itHosts) {
            h.append("<span class=\"swatch role-it_host\"></span>IT host (office/IT device on the monitored segment). ");
        }
        if (modules) {
            h.append("<span class=\"swatch role-communication_module\"></span>communication module (reports itself as a ")
                    .append("communications adapter; the controllers behind it are reached through it). ");
        }
        if (behind) {
            h.append("<span class=\"swatch behind\"></span>device behind a communication module (no address of its own). ");
        }
        if (vulnerable) {
            h.append("<span class=\"vuln\">n</span> number of matching security advisories. ");
        }
        if (!itHosts && !modules && !behind && !vulnerable) {
            h.append("no row is highlighted. ");
        }
        h.append("\"product code N\": the device reported a product code but no catalog number.</p>\n");
        h.append("<table id=\"assets\"><tr><th>asset</th><th>IP</th><th>MAC</th><th>VLAN</th><th>role</th><th>name</th>")
                .append("<th>manufacturer</th><th>model</th><th>catalog / order number</th><th>firmware</th><th>serial</th>")
                .append("<th>first seen</th><th>last seen</th><th>advisories</th></tr>\n");
        for (EventDoc d : assets) {
            String role = AssetView.text(d, Fields.ASSET_ROLE);
            String cls = d.get(Fields.ASSET_PARENT_IP) != null ? "behind" : "role-" + role;
            h.append("<tr class=\"").append(esc(cls)).append("\" data-asset-id=\"").append(esc(AssetView.text(d, Fields.ASSET_ID)))
                    .append("\"><td><a href=\"#").append(anchor(d)).append("\">")
                    .append(esc(AssetView.text(d, Fields.ASSET_ID))).append("</a></td>");
            cell(h, AssetView.text(d, Fields.HOST_IP).isEmpty() ? "behind " + AssetView.behind(d) : AssetView.text(d, Fields.HOST_IP));
            cell(h, AssetView.text(d, Fields.HOST_MAC));
            cell(h, AssetView.text(d, Fields.NETWORK_VLAN_ID));
            cell(h, AssetRole.label(role));
            cell(h, AssetView.text(d, Fields.HOST_NAME));
            cell(h, AssetView.text(d, Fields.DEVICE_MANUFACTURER));
            cell(h, AssetView.text(d, Fields.DEVICE_MODEL_NAME));
            cell(h, AssetView.modelIdentifier(d));
            cell(h, AssetView.text(d, Fields.DEVICE_FIRMWARE_VERSION));
            cell(h, AssetView.text(d, Fields.DEVICE_SERIAL_NUMBER));
            cell(h, AssetView.text(d, Fields.ASSET_FIRST_SEEN));
            cell(h, AssetView.text(d, Fields.ASSET_LAST_SEEN));
            int n = AssetView.entries(d, AssetFields.ADVISORIES).size();
            h.append("<td").append(n > 0 ? " class=\"vuln\">" : ">").append(n > 0 ? n : "").append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (EventDoc d : assets) {
            detail(d, h);
        }
        HtmlReport.end(h);
        out.write(h.toString());
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(esc(text)).append("</td>");
    }

    private static void detail(EventDoc d, StringBuilder h) {
        h.append("<section id=\"").append(anchor(d)).append("\"><h2>").append(esc(AssetView.text(d, Fields.ASSET_ID)))
                .append(" <small>").append(esc(AssetRole.label(AssetView.text(d, Fields.ASSET_ROLE)))).append("</small></h2>\n");
        h.append("<p>");
        if (d.get(Fields.ASSET_PARENT_IP) != null) {
            h.append("Behind the communication module ").append(esc(AssetView.behind(d))).append(" (reached by a routed CIP path)");
        } else {
            h.append("IP ").append(esc(AssetView.text(d, Fields.HOST_IP))).append(" · MAC ").append(esc(AssetView.text(d, Fields.HOST_MAC)));
        }
        h.append(" · first seen ").append(esc(AssetView.text(d, Fields.ASSET_FIRST_SEEN))).append(" · last seen ")
                .append(esc(AssetView.text(d, Fields.ASSET_LAST_SEEN))).append("</p>\n");
        table(h, "Identity (where each value came from)", AssetView.entries(d, AssetFields.ASSET_IDENTITY), new String[] {
                AssetFields.IDENTITY_FIELD, AssetFields.IDENTITY_VALUE, AssetFields.IDENTITY_SOURCE,
                AssetFields.IDENTITY_FIRST_SEEN, AssetFields.IDENTITY_LAST_CONFIRMED, AssetFields.IDENTITY_EVENT_ID});
        Object src = d.get(Fields.ASSET_IDENTITY_SOURCE);
        if (src instanceof Map<?, ?> m && AssetFields.SOURCE_IEEE_OUI.equals(m.get(Fields.DEVICE_MANUFACTURER))) {
            h.append("<p>Manufacturer from the MAC address's IEEE OUI assignment: ")
                    .append(esc(AssetView.text(d, Fields.DEVICE_MANUFACTURER))).append("</p>\n");
        }
        table(h, "Identity changes", AssetView.entries(d, AssetFields.ASSET_IDENTITY_HISTORY), new String[] {
                AssetFields.IDENTITY_FIELD, AssetFields.CHANGE_OLD_VALUE, AssetFields.CHANGE_NEW_VALUE, AssetFields.CHANGE_AT,
                AssetFields.CHANGE_OLD_SOURCE, AssetFields.IDENTITY_SOURCE, AssetFields.IDENTITY_EVENT_ID});
        table(h, "Role evidence", AssetView.entries(d, AssetFields.ASSET_ROLE_EVIDENCE), new String[] {
                AssetFields.EVIDENCE_ROLE, AssetFields.EVIDENCE_WEIGHT, AssetFields.EVIDENCE_REASON});
        table(h, "Communication (peers)", AssetView.entries(d, AssetFields.ASSET_PEERS), new String[] {AssetFields.PEER_IP,
                AssetFields.PEER_PROTOCOL, AssetFields.PEER_AS, AssetFields.PEER_FUNCTIONS, AssetFields.PEER_FIRST_SEEN,
                AssetFields.PEER_LAST_SEEN, AssetFields.PEER_TRANSACTIONS, AssetFields.PEER_FLOWS});
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
                String text = v instanceof Double x ? String.format(Locale.ROOT, "%.1f", x)
                        : k.equals(AssetFields.EVIDENCE_ROLE) && v != null ? AssetRole.label(String.valueOf(v)) : AssetView.get(r, k);
                h.append("<td>").append(esc(text)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static String anchor(EventDoc d) {
        return "a-" + AssetView.text(d, Fields.ASSET_ID).replaceAll("[^A-Za-z0-9]", "-");
    }
}
