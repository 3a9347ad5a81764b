package io.linewatch.inventory.export;

import io.linewatch.inventory.AssetFields;
import io.linewatch.inventory.AssetRole;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who talks to whom, from the inventory's communication map ({@code asset.peers}): one edge per client,
 * server and protocol, with the functions used, transaction and flow counts and first/last seen. Both ends of a
 * conversation record it; the two records are merged (counts: the larger, since each side counted the same
 * traffic). Written as CSV, GraphML or Graphviz DOT, each with the export's metadata.
 */
public final class CommunicationMatrix {
    /** A device (node): an address, and the asset that holds it when it is one. */
    record Node(String ip, String assetId, String role, String manufacturer, String model, String firmware) {
    }

    /** A directed edge from client to server for one protocol. */
    static final class Edge {
        final String client;
        final String server;
        final String protocol;
        final Set<String> functions = new TreeSet<>();
        long transactions;
        long flows;
        String firstSeen;
        String lastSeen;

        Edge(String client, String server, String protocol) {
            this.client = client;
            this.server = server;
            this.protocol = protocol;
        }
    }

    final Map<String, Node> nodes = new TreeMap<>();
    final Map<String, Edge> edges = new TreeMap<>();

    private CommunicationMatrix() {
    }

    public static CommunicationMatrix of(List<EventDoc> assets) {
        CommunicationMatrix m = new CommunicationMatrix();
        for (EventDoc d : assets) {
            Object ips = d.get(Fields.HOST_IP);
            if (ips instanceof List<?> l) {
                for (Object ip : l) {
                    m.nodes.put(String.valueOf(ip), new Node(String.valueOf(ip), AssetView.text(d, Fields.ASSET_ID),
                            AssetView.text(d, Fields.ASSET_ROLE), AssetView.text(d, Fields.DEVICE_MANUFACTURER),
                            InventoryExporter.model(d), AssetView.text(d, Fields.DEVICE_FIRMWARE_VERSION)));
                }
            }
        }
        for (EventDoc d : assets) {
            Object ips = d.get(Fields.HOST_IP);
            if (!(ips instanceof List<?> l) || l.isEmpty()) {
                continue;
            }
            String self = String.valueOf(l.get(0));
            for (Map<String, Object> p : AssetView.entries(d, AssetFields.ASSET_PEERS)) {
                String peer = AssetView.get(p, AssetFields.PEER_IP);
                boolean client = "client".equals(AssetView.get(p, AssetFields.PEER_AS));
                String c = client ? self : peer;
                String s = client ? peer : self;
                String protocol = AssetView.get(p, AssetFields.PEER_PROTOCOL);
                Edge e = m.edges.computeIfAbsent(c + "\u0000" + s + "\u0000" + protocol, k -> new Edge(c, s, protocol));
                if (p.get(AssetFields.PEER_FUNCTIONS) instanceof List<?> fs) {
                    fs.forEach(f -> e.functions.add(String.valueOf(f)));
                }
                e.transactions = Math.max(e.transactions, number(p.get(AssetFields.PEER_TRANSACTIONS)));
                e.flows = Math.max(e.flows, number(p.get(AssetFields.PEER_FLOWS)));
                String first = AssetView.get(p, AssetFields.PEER_FIRST_SEEN);
                String last = AssetView.get(p, AssetFields.PEER_LAST_SEEN);
                if (!first.isEmpty() && (e.firstSeen == null || first.compareTo(e.firstSeen) < 0)) {
                    e.firstSeen = first;
                }
                if (!last.isEmpty() && (e.lastSeen == null || last.compareTo(e.lastSeen) > 0)) {
                    e.lastSeen = last;
                }
                m.nodes.computeIfAbsent(peer, ip -> new Node(ip, "", "", "", "", ""));
            }
        }
        return m;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    public int edgeCount() {
        return edges.size();
    }

    public int nodeCount() {
        return nodes.size();
    }

    void csv(ExportMetadata meta, Writer out) throws IOException {
        InventoryExporter.preamble(meta, out);
        StringBuilder b = new StringBuilder("client_ip,client_asset_id,client_role,server_ip,server_asset_id,server_role,"
                + "protocol,functions,transactions,flows,first_seen,last_seen\r\n");
        for (Edge e : edges.values()) {
            Node c = nodes.get(e.client);
            Node s = nodes.get(e.server);
            List<String> cells = List.of(e.client, c.assetId(), c.role(), e.server, s.assetId(), s.role(), e.protocol,
                    String.join(" ", e.functions), Long.toString(e.transactions), Long.toString(e.flows),
                    e.firstSeen == null ? "" : e.firstSeen, e.lastSeen == null ? "" : e.lastSeen);
            List<String> quoted = new ArrayList<>();
            cells.forEach(x -> quoted.add(InventoryExporter.csvCell(x)));
            b.append(String.join(",", quoted)).append("\r\n");
        }
        out.write(b.toString());
    }

    void graphml(ExportMetadata meta, Writer out) throws IOException {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
        b.append("<!--\n");
        meta.toMap().forEach((k, v) -> {
            if (v != null && !(v instanceof Map)) {
                b.append("  ").append(xml(k)).append(": ").append(xml(String.valueOf(v)).replace("--", "- -")).append('\n');
            }
        });
        b.append("-->\n");
        String[][] nodeKeys = {{"asset_id", "string"}, {"ip", "string"}, {"role", "string"}, {"role_name", "string"},
            {"manufacturer", "string"}, {"model", "string"}, {"firmware", "string"}};
        String[][] edgeKeys = {{"protocol", "string"}, {"functions", "string"}, {"transactions", "long"}, {"flows", "long"},
            {"first_seen", "string"}, {"last_seen", "string"}};
        for (String[] k : nodeKeys) {
            b.append("<key id=\"n_").append(k[0]).append("\" for=\"node\" attr.name=\"").append(k[0]).append("\" attr.type=\"")
                    .append(k[1]).append("\"/>\n");
        }
        for (String[] k : edgeKeys) {
            b.append("<key id=\"e_").append(k[0]).append("\" for=\"edge\" attr.name=\"").append(k[0]).append("\" attr.type=\"")
                    .append(k[1]).append("\"/>\n");
        }
        b.append("<key id=\"g_sensor\" for=\"graph\" attr.name=\"sensor_name\" attr.type=\"string\"/>\n");
        b.append("<key id=\"g_window\" for=\"graph\" attr.name=\"observation_window\" attr.type=\"string\"/>\n");
        b.append("<graph id=\"communication\" edgedefault=\"directed\">\n");
        RunInfo run = meta.run();
        if (run != null) {
            b.append("<data key=\"g_sensor\">").append(xml(run.sensorName())).append("</data>\n");
            b.append("<data key=\"g_window\">").append(xml(run.firstPacket() + " / " + run.lastPacket())).append("</data>\n");
        }
        for (Node n : nodes.values()) {
            b.append("<node id=\"").append(xml(n.ip())).append("\">");
            data(b, "n_asset_id", n.assetId());
            data(b, "n_ip", n.ip());
            data(b, "n_role", n.role());
            data(b, "n_role_name", n.role().isEmpty() ? "" : AssetRole.label(n.role()));
            data(b, "n_manufacturer", n.manufacturer());
            data(b, "n_model", n.model());
            data(b, "n_firmware", n.firmware());
            b.append("</node>\n");
        }
        int i = 0;
        for (Edge e : edges.values()) {
            b.append("<edge id=\"e").append(i++).append("\" source=\"").append(xml(e.client)).append("\" target=\"")
                    .append(xml(e.server)).append("\">");
            data(b, "e_protocol", e.protocol);
            data(b, "e_functions", String.join(" ", e.functions));
            data(b, "e_transactions", Long.toString(e.transactions));
            data(b, "e_flows", Long.toString(e.flows));
            data(b, "e_first_seen", e.firstSeen);
            data(b, "e_last_seen", e.lastSeen);
            b.append("</edge>\n");
        }
        b.append("</graph>\n</graphml>\n");
        out.write(b.toString());
    }

    private static void data(StringBuilder b, String key, String value) {
        if (value != null && !value.isEmpty()) {
            b.append("<data key=\"").append(key).append("\">").append(xml(value)).append("</data>");
        }
    }

    void dot(ExportMetadata meta, Writer out) throws IOException {
        StringBuilder b = new StringBuilder();
        meta.toMap().forEach((k, v) -> {
            if (v != null && !(v instanceof Map)) {
                b.append("// ").append(k).append(": ").append(String.valueOf(v).replace('\n', ' ').replace('\r', ' ')).append('\n');
            }
        });
        b.append("digraph communication {\n  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];\n")
                .append("  edge [fontname=\"sans-serif\", fontsize=10];\n");
        for (Node n : nodes.values()) {
            StringBuilder label = new StringBuilder(n.ip());
            if (!n.role().isEmpty()) {
                label.append("\\n").append(dotEsc(AssetRole.label(n.role())));
            }
            String what = (n.manufacturer() + " " + n.model()).strip();
            if (!what.isEmpty()) {
                label.append("\\n").append(dotEsc(what));
            }
            b.append("  \"").append(dotEsc(n.ip())).append("\" [label=\"").append(label).append("\"];\n");
        }
        for (Edge e : edges.values()) {
            String fs = e.functions.isEmpty() ? "" : " " + String.join(", ", e.functions);
            if (fs.length() > 80) {
                fs = fs.substring(0, 79) + "…";
            }
            b.append("  \"").append(dotEsc(e.client)).append("\" -> \"").append(dotEsc(e.server)).append("\" [label=\"")
                    .append(dotEsc(e.protocol + fs + " (" + (e.transactions > 0 ? e.transactions + " transactions" : e.flows + " flows") + ")"))
                    .append("\"];\n");
        }
        b.append("}\n");
        out.write(b.toString());
    }

    private static String dotEsc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ");
    }

    private static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    // XML 1.0 forbids most control characters: a device name from the wire must not break the file
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
