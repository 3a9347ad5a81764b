package io.linewatch.inventory.report;

import io.linewatch.inventory.AssetFields;
import io.linewatch.inventory.ServiceCatalog;
import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.inventory.report.FoundationReport.Evidence;
import io.linewatch.inventory.report.FoundationReport.Finding;
import io.linewatch.inventory.report.FoundationReport.Link;
import io.linewatch.inventory.report.FoundationReport.Row;
import io.linewatch.inventory.report.FoundationReport.Section;
import io.linewatch.inventory.report.FoundationReport.Table;
import io.linewatch.inventory.report.ReportInput.ChannelKey;
import io.linewatch.inventory.report.ReportInput.ChannelStat;
import io.linewatch.inventory.report.ReportInput.FlowKey;
import io.linewatch.inventory.report.ReportInput.FlowStat;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns what an output directory holds into findings, sections and evidence tables. */
final class ReportBuilder {
    /** Roles that name an OT host: never an office host, whatever else it does. */
    static final Set<String> OT_ROLES = Set.of("plc", "io_adapter", "communication_module", "hmi",
            "engineering_workstation", "historian");
    /** Controllers and what stands in front of them (AssetRole.CONTROL_LEVEL). */
    static final Set<String> CONTROLLER_ROLES = Set.of("plc", "io_adapter", "communication_module");
    /** Operations that change the process or the controller. */
    static final Set<String> CHANGE_OPS = Set.of(Values.OP_WRITE, Values.OP_PROGRAM, Values.OP_CONTROL, Values.OP_FIRMWARE);
    static final Set<String> ENGINEERING_OPS = Set.of(Values.OP_PROGRAM, Values.OP_CONTROL, Values.OP_FIRMWARE);
    /** Industrial protocols whose messages carry integrity protection (S7comm-plus on current firmware). */
    static final Set<String> INTEGRITY_PROTECTED = Set.of("s7comm_plus");
    /** A controller written to or programmed by this many hosts or more: "writable from many". */
    static final int MANY_WRITERS = 3;
    /** Data nobody can trust: exceptions at or above this share of at least MIN_TRANSACTIONS, or malformed records. */
    static final double EXCEPTION_RATE = 0.05;
    static final double MALFORMED_RATE = 0.01;
    static final long MIN_TRANSACTIONS = 20;
    static final int TOP = 5;
    static final int BUSIEST = 10;
    /** Evidence links listed per finding; the tables hold every row. */
    static final int MAX_EVIDENCE = 40;

    /** Cleartext remote access and file transfer: TCP server port → what it is, its severity. */
    record Cleartext(String name, int severity) {
    }

    static final Map<Long, Cleartext> CLEARTEXT = Map.of(
            23L, new Cleartext("Telnet", 80),
            21L, new Cleartext("FTP", 70),
            80L, new Cleartext("HTTP", 60),
            5900L, new Cleartext("VNC", 75),
            5901L, new Cleartext("VNC", 75));

    /** One device of the report, read from its asset document. */
    static final class Device {
        String assetId;
        String anchor;
        String idAnchor;
        String ip;
        List<String> ips = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        Set<Integer> vlans = new TreeSet<>();
        String role;
        String manufacturer;
        String manufacturerSource;
        String modelName;
        String modelId;
        String firmware;
        String serial;
        String identitySources;
        boolean controller;
        /** printer, server, workstation or null (not an office host). */
        String itKind;
        Segment segment;
        final Set<String> served = new TreeSet<>();
        final Set<String> used = new TreeSet<>();
        final List<Map<String, Object>> advisories = new ArrayList<>();

        boolean identified() {
            return modelName != null || modelId != null || firmware != null;
        }

        boolean macVendorOnly() {
            return !identified() && manufacturer != null && AssetFields.SOURCE_IEEE_OUI.equals(manufacturerSource);
        }

        String model() {
            return modelName != null ? modelName : modelId;
        }

        Link link() {
            return new Link(anchor, ip);
        }
    }

    /** A broadcast domain or a configured zone. */
    static final class Segment {
        final String name;
        final String kind;
        final String where;
        final Double level;
        final String levelText;
        final List<Device> devices = new ArrayList<>();
        String anchor;
        final byte[] sortKey;

        Segment(String name, String kind, String where, Double level, String levelText, byte[] sortKey) {
            this.name = name;
            this.kind = kind;
            this.where = where;
            this.level = level;
            this.levelText = levelText;
            this.sortKey = sortKey;
        }

        List<Device> controllers() {
            return devices.stream().filter(d -> d.controller).toList();
        }

        List<Device> itHosts() {
            return devices.stream().filter(d -> d.itKind != null).toList();
        }
    }

    private final ReportOptions options;
    private ReportInput in;
    private final List<Device> devices = new ArrayList<>();
    private final Map<String, Device> byIp = new HashMap<>();
    private final List<Segment> segments = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Integer> findingCounter = new HashMap<>();
    /** Channel rows (data path) by channel, so findings can point at them. */
    private final Map<ChannelKey, String> channelAnchors = new HashMap<>();

    ReportBuilder(ReportOptions options) {
        this.options = options;
    }

    FoundationReport build(Path dir) throws ReportException {
        in = ReportInput.read(dir);
        if (options.advisories() != null) {
            options.advisories().annotate(in.assets);
        }
        devices();
        segments();

        List<Table> dataTables = dataPathTables();
        Section segmentsSection = segmentsSection();
        Section change = changeSection();
        Section identity = identitySection();
        Section exposure = exposureSection();
        Section data = dataPathSection(dataTables);
        Section comparison = comparisonSection();
        Section devicesSection = devicesSection();

        findings.sort(Comparator.comparingDouble(Finding::score).reversed().thenComparing(Finding::id));
        List<Finding> top = findings.subList(0, Math.min(TOP, findings.size()));

        List<Section> sections = new ArrayList<>(List.of(segmentsSection, change, identity, exposure, data, comparison));
        if (options.previous() != null) {
            FoundationReport before = new ReportBuilder(new ReportOptions(options.title(), options.zones(), null,
                    options.advisories(), null)).build(options.previous());
            sections.add(previousSection(before));
        }
        sections.add(devicesSection);
        sections = sections.stream().map(this::withSortedFindings).toList();

        return new FoundationReport(options.title(), dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
                overview(), findings, top, sections, provenance(dir), options.signedBy());
    }

    private Section withSortedFindings(Section s) {
        List<Finding> f = new ArrayList<>(s.findings());
        f.sort(Comparator.comparingDouble(Finding::score).reversed().thenComparing(Finding::id));
        return new Section(s.id(), s.title(), s.intro(), s.measures(), f, s.tables());
    }

    // ---- devices and segments ----

    @SuppressWarnings("unchecked")
    private void devices() {
        Set<String> anchors = new java.util.HashSet<>();
        for (EventDoc a : in.assets) {
            Device d = new Device();
            d.assetId = a.getString(Fields.ASSET_ID);
            d.ips = strings(a.get(Fields.HOST_IP));
            d.ip = d.ips.isEmpty() ? d.assetId : d.ips.get(0);
            d.macs = strings(a.get(Fields.HOST_MAC));
            for (String v : strings(a.get(Fields.NETWORK_VLAN_ID))) {
                try {
                    d.vlans.add(Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    // a VLAN id is a number; anything else names no VLAN
                }
            }
            d.role = a.getString(Fields.ASSET_ROLE) == null ? "unknown" : a.getString(Fields.ASSET_ROLE);
            d.manufacturer = a.getString(Fields.DEVICE_MANUFACTURER);
            d.modelName = blank(a.getString(Fields.DEVICE_MODEL_NAME));
            // a device that names only a product code (Modbus ProductCode, CIP product code) is still identified by it
            d.modelId = blank(a.getString(Fields.DEVICE_MODEL_IDENTIFIER));
            if (d.modelId == null && blank(a.getString(Fields.DEVICE_PRODUCT_CODE)) != null) {
                d.modelId = "product code " + a.getString(Fields.DEVICE_PRODUCT_CODE);
            }
            d.firmware = blank(a.getString(Fields.DEVICE_FIRMWARE_VERSION));
            d.serial = blank(a.getString(Fields.DEVICE_SERIAL_NUMBER));
            if (a.get(Fields.ASSET_IDENTITY_SOURCE) instanceof Map<?, ?> src) {
                Object m = src.get(Fields.DEVICE_MANUFACTURER);
                d.manufacturerSource = m == null ? null : m.toString();
                Set<String> sources = new TreeSet<>();
                src.values().forEach(v -> sources.add(String.valueOf(v)));
                d.identitySources = String.join(", ", sources);
            }
            if (a.get(Fields.ASSET_PROTOCOLS) instanceof List<?> protocols) {
                for (Object o : protocols) {
                    if (o instanceof Map<?, ?> p && p.get("protocol") != null) {
                        ("server".equals(p.get("as")) ? d.served : d.used).add(p.get("protocol").toString());
                    }
                }
            }
            if (a.get(AssetFields.ADVISORIES) instanceof List<?> adv) {
                for (Object o : adv) {
                    if (o instanceof Map<?, ?> m) {
                        d.advisories.add((Map<String, Object>) m);
                    }
                }
            }
            boolean servesIndustrial = d.served.stream().anyMatch(p -> category(p) == ServiceCatalog.Category.INDUSTRIAL);
            d.controller = CONTROLLER_ROLES.contains(d.role) || servesIndustrial;
            d.itKind = itKind(d);
            String base = "dev-" + (d.assetId == null ? "x" : d.assetId.replaceAll("[^A-Za-z0-9]", "-"));
            String anchor = base;
            for (int i = 2; !anchors.add(anchor); i++) {
                anchor = base + "-" + i;
            }
            d.anchor = anchor;
            d.idAnchor = "id-" + anchor.substring(4);
            devices.add(d);
            for (String ip : d.ips) {
                byIp.putIfAbsent(ip, d);
            }
        }
    }

    /** An office host: an IT role, or no OT role and office services served or used. */
    private static String itKind(Device d) {
        if (d.controller || (OT_ROLES.contains(d.role))) {
            return null;
        }
        boolean printer = d.served.stream().anyMatch(p -> category(p) == ServiceCatalog.Category.PRINTING);
        boolean server = d.served.stream().anyMatch(p -> category(p) == ServiceCatalog.Category.IT);
        boolean workstation = d.used.stream().anyMatch(p -> category(p) == ServiceCatalog.Category.IT
                || category(p) == ServiceCatalog.Category.PRINTING);
        if (printer) {
            return "printer";
        }
        if (server) {
            return "server";
        }
        if (workstation) {
            return "workstation";
        }
        return "it_host".equals(d.role) ? "office host" : null;
    }

    private static ServiceCatalog.Category category(String protocol) {
        return ServiceCatalog.categoryOf(protocol);
    }

    private void segments() {
        Map<String, Segment> byName = new LinkedHashMap<>();
        for (Zones.Zone z : options.zones().zones()) {
            List<String> where = new ArrayList<>();
            z.cidrs().forEach(c -> where.add(c.text()));
            z.vlans().forEach(v -> where.add("VLAN " + v));
            byName.put("zone:" + z.name(), new Segment(z.name(), "zone", String.join(", ", where), z.level(), z.levelText(), null));
        }
        for (Device d : devices) {
            Zones.Zone z = options.zones().zoneOf(d.ip, d.vlans);
            Segment s;
            if (z != null) {
                s = byName.get("zone:" + z.name());
            } else if (!d.vlans.isEmpty()) {
                int vlan = d.vlans.iterator().next();
                s = byName.computeIfAbsent("vlan:" + vlan, k -> new Segment("VLAN " + vlan, "VLAN", "802.1Q VLAN " + vlan,
                        null, "", new byte[] {0, (byte) (vlan >> 8), (byte) vlan}));
            } else {
                byte[] a = Zones.Cidr.bytes(d.ip);
                if (a == null) {
                    s = byName.computeIfAbsent("other", k -> new Segment("other addresses", "other", "", null, "", new byte[] {9}));
                } else {
                    int prefix = a.length == 4 ? 24 : 64;
                    String name = subnet(a, prefix);
                    byte[] key = new byte[a.length + 1];
                    key[0] = (byte) (a.length == 4 ? 1 : 2);
                    System.arraycopy(a, 0, key, 1, a.length);
                    s = byName.computeIfAbsent("net:" + name, k -> new Segment(name, "subnet", "inferred /" + prefix
                            + " (no zones configured)", null, "", key));
                }
            }
            s.devices.add(d);
            d.segment = s;
        }
        List<Segment> zonesFirst = new ArrayList<>();
        List<Segment> inferred = new ArrayList<>();
        for (Segment s : byName.values()) {
            (s.sortKey == null ? zonesFirst : inferred).add(s);
        }
        inferred.sort((x, y) -> java.util.Arrays.compareUnsigned(x.sortKey, y.sortKey));
        segments.addAll(zonesFirst);
        segments.addAll(inferred);
        int i = 1;
        for (Segment s : segments) {
            s.anchor = "seg-" + i++;
        }
    }

    private static String subnet(byte[] a, int prefix) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            b.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
        }
        return b.append(":/").append(prefix).toString();
    }

    // ---- segments ----

    private Section segmentsSection() {
        List<Row> segRows = new ArrayList<>();
        for (Segment s : segments) {
            Map<String, List<String>> byRole = new TreeMap<>();
            for (Device d : s.devices) {
                byRole.computeIfAbsent(d.itKind != null ? d.itKind : d.role, k -> new ArrayList<>()).add(d.ip);
            }
            List<String> parts = new ArrayList<>();
            byRole.forEach((role, ips) -> parts.add(role + ": " + String.join(", ", ips)));
            segRows.add(new Row(s.anchor, cells(s.name, s.kind, s.levelText, s.where, s.devices.size(),
                    s.controllers().size(), s.itHosts().size(), String.join("; ", parts))));
        }
        Table segTable = new Table("segments-table", "Segments and their devices by role", List.of("segment", "kind",
                "purdue level", "where", "devices", "controllers", "office hosts", "devices by role"), segRows, null);

        // office traffic inside segments that hold controllers: the evidence of what the office hosts do there
        List<Row> itRows = new ArrayList<>();
        Map<Segment, List<String>> itRowsBySegment = new HashMap<>();
        int n = 1;
        for (Map.Entry<FlowKey, FlowStat> e : sortedFlows()) {
            FlowKey k = e.getKey();
            Device c = byIp.get(k.client());
            Device s = byIp.get(k.server());
            ServiceCatalog.Category cat = category(k.service());
            if (c == null || s == null || c.segment != s.segment || s.segment.controllers().isEmpty()
                    || (cat != ServiceCatalog.Category.PRINTING && cat != ServiceCatalog.Category.IT)
                    || (c.itKind == null && s.itKind == null) || s.controller) {
                continue;
            }
            String id = "it-" + n++;
            FlowStat f = e.getValue();
            itRows.add(new Row(id, cells(s.segment.name, c.link(), s.link(), k.service(), port(k), f.flows, f.packets,
                    f.bytes, iso(f.first), iso(f.last))));
            itRowsBySegment.computeIfAbsent(s.segment, x -> new ArrayList<>()).add(id);
        }
        Table itTable = new Table("office-traffic", "Office and IT traffic inside segments that hold controllers",
                List.of("segment", "client", "server", "service", "port", "flows", "packets", "bytes", "first", "last"),
                itRows, itRows.isEmpty() ? "No office or IT traffic was seen inside a segment that holds controllers." : null);

        List<Finding> out = new ArrayList<>();
        int flat = 0;
        for (Segment s : segments) {
            List<Device> ctl = s.controllers();
            List<Device> it = s.itHosts();
            if (ctl.isEmpty() || it.isEmpty()) {
                continue;
            }
            flat++;
            List<Evidence> ev = new ArrayList<>();
            ev.add(new Evidence(s.anchor, "segment " + s.name));
            for (Device d : it) {
                ev.add(new Evidence(d.anchor, d.itKind + " " + d.ip));
            }
            for (Device d : ctl) {
                ev.add(new Evidence(d.anchor, "controller " + d.ip));
            }
            for (String id : itRowsBySegment.getOrDefault(s, List.of())) {
                ev.add(new Evidence(id, "office traffic " + id.substring(3)));
            }
            List<Device> affected = new ArrayList<>(ctl);
            affected.addAll(it);
            String where = "zone".equals(s.kind) ? "zone " + s.name : s.name;
            out.add(finding(FindingKind.FLAT_SEGMENT, s.name, FindingKind.FLAT_SEGMENT.severity,
                    where + ": office hosts share " + ("zone".equals(s.kind) ? "a zone" : "a broadcast domain") + " with "
                            + plural(ctl.size(), "controller"),
                    describeIt(it) + " share " + where + " with " + plural(ctl.size(), "controller") + " (" + ips(ctl)
                            + "). Anything on the office side (a broadcast storm, a scan, malware on a workstation, a "
                            + "printer's firmware) reaches the controllers directly, with nothing in between.",
                    "Move the printers, office workstations and servers to their own VLAN or subnet, and let only the hosts "
                            + "that need the controllers (HMI, engineering station, historian) reach them, through a "
                            + "firewall that allows only the industrial protocols they use.",
                    affected, ev));
        }

        // industrial traffic that crosses segments
        List<Row> xsRows = new ArrayList<>();
        Map<Segment, List<String>> xsBySegment = new LinkedHashMap<>();
        Map<Segment, Set<Device>> xsServers = new HashMap<>();
        Map<Segment, Set<Device>> xsClients = new HashMap<>();
        Map<Segment, Integer> xsSeverity = new HashMap<>();
        n = 1;
        for (Map.Entry<FlowKey, FlowStat> e : sortedFlows()) {
            FlowKey k = e.getKey();
            ServiceCatalog.Category cat = category(k.service());
            if (cat != ServiceCatalog.Category.INDUSTRIAL && cat != ServiceCatalog.Category.IMPLICIT_IO) {
                continue;
            }
            Device c = byIp.get(k.client());
            Device s = byIp.get(k.server());
            if (c == null || s == null || c.segment == s.segment || e.getValue().answered == 0) {
                continue;
            }
            String id = "xs-" + n++;
            FlowStat f = e.getValue();
            xsRows.add(new Row(id, cells(c.link(), c.segment.name, c.itKind != null ? c.itKind : c.role, s.link(),
                    s.segment.name, s.role, k.service(), f.flows, f.packets, iso(f.first), iso(f.last))));
            xsBySegment.computeIfAbsent(s.segment, x -> new ArrayList<>()).add(id);
            xsServers.computeIfAbsent(s.segment, x -> new TreeSetByIp()).add(s);
            xsClients.computeIfAbsent(s.segment, x -> new TreeSetByIp()).add(c);
            int sev = FindingKind.CROSS_SEGMENT.severity;
            if (c.itKind != null) {
                sev = 60; // an office host reaching controllers in another segment
            } else if (c.segment.level != null && s.segment.level != null && Math.abs(c.segment.level - s.segment.level) >= 2) {
                sev = 55; // skips a Purdue level
            }
            xsSeverity.merge(s.segment, sev, Math::max);
        }
        Table xsTable = new Table("cross-segment", "Industrial traffic between segments",
                List.of("client", "client segment", "client role", "server", "server segment", "server role", "service",
                        "flows", "packets", "first", "last"), xsRows,
                xsRows.isEmpty() ? "No industrial traffic crosses from one segment to another." : null);
        for (Map.Entry<Segment, List<String>> e : xsBySegment.entrySet()) {
            Segment s = e.getKey();
            Set<Device> servers = xsServers.get(s);
            Set<Device> clients = xsClients.get(s);
            Set<String> from = new TreeSet<>();
            clients.forEach(c -> from.add(c.segment.name));
            List<Evidence> ev = new ArrayList<>();
            e.getValue().forEach(id -> ev.add(new Evidence(id, "flow " + id.substring(3))));
            List<Device> affected = new ArrayList<>(servers);
            out.add(finding(FindingKind.CROSS_SEGMENT, s.name, xsSeverity.get(s),
                    "Industrial traffic reaches " + s.name + " from " + plural(from.size(), "other segment"),
                    plural(clients.size(), "host") + " in " + String.join(", ", from) + (clients.size() == 1 ? " speaks" : " speak") + " industrial protocols to "
                            + plural(servers.size(), "device") + " in " + s.name + " (" + ips(affected) + ")."
                            + (xsSeverity.get(s) >= 55 ? " Some of it comes from office hosts or skips a Purdue level." : ""),
                    "Check that each of these conversations is needed and passes a firewall or conduit that allows only "
                            + "these hosts and protocols; route supervisory traffic through a DMZ rather than directly "
                            + "from office or enterprise segments to controllers.",
                    affected, ev));
        }

        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("segments", segments.size());
        measures.put("segments_from", options.zones().isEmpty() ? "inferred (VLAN, else /24 or /64)" : "zones file, then inferred");
        measures.put("segments_with_controllers", segments.stream().filter(s -> !s.controllers().isEmpty()).count());
        measures.put("flat_segments", flat);
        measures.put("industrial_flows_between_segments", xsRows.size());
        findings.addAll(out);
        return new Section("segments", "Segments",
                "Each VLAN or subnet (or configured zone) with its devices by role; segments where office hosts "
                        + "(printers, workstations, servers) share a broadcast domain with controllers; industrial "
                        + "traffic that crosses segments.",
                measures, out, List.of(segTable, itTable, xsTable));
    }

    /** A set of devices ordered by address. */
    private static final class TreeSetByIp extends TreeSet<Device> {
        private static final long serialVersionUID = 1L;

        TreeSetByIp() {
            super(Comparator.comparing((Device d) -> d.ip));
        }
    }

    private static String describeIt(List<Device> it) {
        Map<String, List<String>> byKind = new TreeMap<>();
        it.forEach(d -> byKind.computeIfAbsent(d.itKind, k -> new ArrayList<>()).add(d.ip));
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, list) -> parts.add(plural(list.size(), kind) + " (" + String.join(", ", list) + ")"));
        String s = String.join(", ", parts);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- who can change the process ----

    private Section changeSection() {
        List<Row> rows = new ArrayList<>();
        Map<Device, List<String>> rowsByController = new LinkedHashMap<>();
        Map<Device, Set<Device>> writers = new LinkedHashMap<>();
        Map<Device, List<String>> itRows = new LinkedHashMap<>();
        int n = 1;
        for (Map.Entry<ChannelKey, ChannelStat> e : sortedChannels()) {
            ChannelKey k = e.getKey();
            ChannelStat c = e.getValue();
            Device server = byIp.get(k.server());
            if (server == null || !server.controller) {
                continue;
            }
            long changes = CHANGE_OPS.stream().mapToLong(c::operation).sum();
            if (changes == 0) {
                continue;
            }
            Device client = byIp.get(k.client());
            String id = "wr-" + n++;
            List<String> ops = new ArrayList<>();
            for (String op : List.of(Values.OP_WRITE, Values.OP_PROGRAM, Values.OP_CONTROL, Values.OP_FIRMWARE)) {
                if (c.operation(op) > 0) {
                    ops.add(op + " ×" + c.operation(op));
                }
            }
            rows.add(new Row(id, cells(server.link(), client != null ? client.link() : k.client(),
                    client == null ? "" : client.itKind != null ? client.itKind : client.role,
                    client == null ? "" : client.segment.name, k.protocol(), String.join(", ", ops),
                    actions(c), c.count, iso(c.first), iso(c.last))));
            rowsByController.computeIfAbsent(server, x -> new ArrayList<>()).add(id);
            if (client != null) {
                writers.computeIfAbsent(server, x -> new TreeSetByIp()).add(client);
                if (client.itKind != null) {
                    itRows.computeIfAbsent(server, x -> new ArrayList<>()).add(id);
                }
            } else {
                writers.computeIfAbsent(server, x -> new TreeSetByIp());
            }
        }
        Table table = new Table("writers", "Hosts that write to or program each controller",
                List.of("controller", "host", "host role", "host segment", "protocol", "operations", "actions",
                        "transactions", "first", "last"), rows, rows.isEmpty()
                        ? "No write, program, control or firmware operation to a controller was seen." : null);

        List<Finding> out = new ArrayList<>();
        if (!itRows.isEmpty()) {
            List<Evidence> ev = new ArrayList<>();
            Set<String> it = new TreeSet<>();
            itRows.forEach((ctl, ids) -> ids.forEach(id -> ev.add(new Evidence(id, ctl.ip + " changed from an office host"))));
            writers.forEach((ctl, ws) -> ws.stream().filter(w -> w.itKind != null && itRows.containsKey(ctl)).forEach(w -> it.add(w.ip)));
            List<Device> affected = new ArrayList<>(itRows.keySet());
            out.add(finding(FindingKind.WRITABLE_FROM_IT, "", FindingKind.WRITABLE_FROM_IT.severity,
                    plural(affected.size(), "controller") + " changed from office hosts",
                    "Office hosts (" + String.join(", ", it) + ") write to or program " + ips(affected)
                            + ". A compromised office machine can change the process.",
                    "Only engineering workstations and HMIs should write to controllers. Find out why these office hosts "
                            + "do, move that task to an engineering workstation in the control segment, and block "
                            + "industrial protocols from the office side.",
                    affected, ev));
        }
        List<Device> many = new ArrayList<>();
        List<Evidence> manyEv = new ArrayList<>();
        writers.forEach((ctl, ws) -> {
            if (ws.size() >= MANY_WRITERS) {
                many.add(ctl);
                rowsByController.get(ctl).forEach(id -> manyEv.add(new Evidence(id, ctl.ip + " writer")));
            }
        });
        if (!many.isEmpty()) {
            int most = many.stream().mapToInt(d -> writers.get(d).size()).max().orElse(0);
            out.add(finding(FindingKind.WRITABLE_FROM_MANY, "", FindingKind.WRITABLE_FROM_MANY.severity,
                    plural(many.size(), "controller") + " changed from " + MANY_WRITERS + " or more hosts",
                    ips(many) + " accept" + (many.size() == 1 ? "s" : "") + " writes or program changes from up to "
                            + most + " different hosts. Every one of them can change the process, and a change is "
                            + "hard to trace back.",
                    "Reduce the hosts that may write to each controller to the one HMI or engineering station that needs "
                            + "it; enforce it with the controller's access protection or a firewall in front of it.",
                    many, manyEv));
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("controllers", devices.stream().filter(d -> d.controller).count());
        measures.put("controllers_changed", writers.size());
        measures.put("hosts_that_change_the_process", writers.values().stream().flatMap(Set::stream).distinct().count());
        measures.put("most_hosts_per_controller", writers.values().stream().mapToInt(Set::size).max().orElse(0));
        findings.addAll(out);
        return new Section("change", "Who can change the process",
                "Per controller, the hosts seen writing values to it, downloading or changing its program, starting or "
                        + "stopping it, or changing its firmware.", measures, out, List.of(table));
    }

    // ---- identity and visibility ----

    private Section identitySection() {
        List<Row> rows = new ArrayList<>();
        for (Device d : sortedDevices()) {
            rows.add(new Row(d.idAnchor, cells(d.link(), d.role, d.controller ? "yes" : "", nz(d.manufacturer),
                    d.manufacturer == null ? "" : AssetFields.SOURCE_IEEE_OUI.equals(d.manufacturerSource) ? "MAC vendor (OUI)"
                            : "protocol", nz(d.modelName), nz(d.modelId), nz(d.firmware), nz(d.serial),
                    d.identified() ? "identified" : d.macVendorOnly() ? "MAC vendor only" : "none", nz(d.identitySources))));
        }
        Table table = new Table("identity-table", "What each device said about itself",
                List.of("device", "role", "controller", "manufacturer", "manufacturer from", "model", "order number",
                        "firmware", "serial", "identity", "sources"), rows, null);

        List<Finding> out = new ArrayList<>();
        List<Device> unidentified = devices.stream().filter(d -> d.controller && !d.identified()).sorted(byIpOrder()).toList();
        if (!unidentified.isEmpty()) {
            List<Evidence> ev = new ArrayList<>();
            for (Device d : unidentified) {
                ev.add(new Evidence(d.idAnchor, "identity of " + d.ip));
                sortedChannels().stream().filter(e -> e.getKey().server().equals(d.ip)).limit(3)
                        .forEach(e -> ev.add(new Evidence(channelAnchors.get(e.getKey()), "traffic served by " + d.ip)));
            }
            out.add(finding(FindingKind.UNIDENTIFIED_CONTROLLER, "", FindingKind.UNIDENTIFIED_CONTROLLER.severity,
                    plural(unidentified.size(), "controller") + " that nothing identifies",
                    ips(unidentified) + (unidentified.size() == 1 ? " serves" : " serve")
                            + " industrial traffic but never told the sensor its model or firmware: no protocol "
                            + "exchange seen on the wire identified it. Nobody can tell which advisories apply, or plan "
                            + "its replacement, from what the network shows.",
                    "Read the identity once from the engineering tool (or let a poller ask it: Modbus Read Device "
                            + "Identification, S7 SZL 0x0011, CIP Identity), record model, order number and firmware in "
                            + "the asset register, and check them against vendor advisories.",
                    unidentified, ev));
        }
        List<Device> ouiOnly = devices.stream().filter(d -> !d.controller && d.itKind == null && d.macVendorOnly())
                .sorted(byIpOrder()).toList();
        if (!ouiOnly.isEmpty()) {
            List<Evidence> ev = new ArrayList<>();
            ouiOnly.forEach(d -> ev.add(new Evidence(d.idAnchor, "identity of " + d.ip)));
            out.add(finding(FindingKind.MAC_VENDOR_ONLY, "", FindingKind.MAC_VENDOR_ONLY.severity,
                    plural(ouiOnly.size(), "device") + " known only by the MAC address's vendor",
                    "For " + ips(ouiOnly) + " the only identity is the vendor registered for the network card's MAC "
                            + "address: no model, firmware or serial.",
                    "Complete these entries in the asset register from the devices themselves (label, web page, "
                            + "engineering tool).", ouiOnly, ev));
        }
        long controllers = devices.stream().filter(d -> d.controller).count();
        long controllersIdentified = devices.stream().filter(d -> d.controller && d.identified()).count();
        long identified = devices.stream().filter(Device::identified).count();
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("controllers", controllers);
        measures.put("controllers_identified", controllersIdentified);
        measures.put("controller_identity_coverage_percent", percent(controllersIdentified, controllers));
        measures.put("devices", devices.size());
        measures.put("devices_identified", identified);
        measures.put("identity_coverage_percent", percent(identified, devices.size()));
        measures.put("devices_known_only_by_mac_vendor", devices.stream().filter(Device::macVendorOnly).count());
        if (in.baseline != null && in.baseline.get("devices_learned") != null) {
            measures.put("devices_with_a_learned_baseline", in.baseline.get("devices_learned"));
        }
        findings.addAll(out);
        return new Section("identity", "Identity and visibility",
                "Identified means the device told the sensor its model or firmware over a protocol (Modbus Read Device "
                        + "Identification, S7 SZL, CIP Identity, ...); the vendor of a MAC address alone is not an identity.",
                measures, out, List.of(table));
    }

    // ---- exposure ----

    private Section exposureSection() {
        List<Finding> out = new ArrayList<>();
        // cleartext remote access and file transfer to controllers
        List<Row> ctRows = new ArrayList<>();
        List<Evidence> ctEv = new ArrayList<>();
        Set<Device> ctTargets = new TreeSetByIp();
        Set<String> ctServices = new TreeSet<>();
        int ctSeverity = 0;
        int n = 1;
        for (Map.Entry<FlowKey, FlowStat> e : sortedFlows()) {
            FlowKey k = e.getKey();
            Cleartext ct = "tcp".equals(k.transport()) ? CLEARTEXT.get(k.port()) : null;
            Device s = byIp.get(k.server());
            FlowStat f = e.getValue();
            if (ct == null || s == null || !s.controller || f.answered == 0) {
                continue;
            }
            Device c = byIp.get(k.client());
            String id = "ct-" + n++;
            ctRows.add(new Row(id, cells(c != null ? c.link() : k.client(), c == null ? "" : c.itKind != null ? c.itKind : c.role,
                    s.link(), ct.name(), port(k), f.flows, f.answered, f.packets, f.bytes, iso(f.first), iso(f.last))));
            ctEv.add(new Evidence(id, ct.name() + " " + k.client() + " → " + s.ip));
            ctTargets.add(s);
            ctServices.add(ct.name());
            ctSeverity = Math.max(ctSeverity, ct.severity());
        }
        Table ctTable = new Table("cleartext", "Cleartext remote access and file transfer to controllers",
                List.of("client", "client role", "controller", "service", "port", "flows", "accepted", "packets", "bytes",
                        "first", "last"), ctRows, ctRows.isEmpty() ? "No Telnet, FTP, HTTP or VNC session to a controller was seen." : null);
        if (!ctRows.isEmpty()) {
            List<Device> affected = new ArrayList<>(ctTargets);
            out.add(finding(FindingKind.CLEARTEXT_ACCESS, "", ctSeverity,
                    "Cleartext " + String.join(", ", ctServices) + " sessions to " + plural(affected.size(), "controller"),
                    ips(affected) + " accepted " + String.join(", ", ctServices) + " sessions (" + plural(ctRows.size(), "client/service pair")
                            + "). These protocols send passwords and commands in clear text: anyone on the path can read "
                            + "them and log in later.",
                    "Turn these services off on the controllers if nobody needs them; otherwise allow them only from the "
                            + "engineering workstation, and prefer the vendor's encrypted alternatives (HTTPS, SSH, SFTP).",
                    affected, ctEv));
        }

        // engineering and writes over protocols without integrity protection
        List<Row> ueRows = new ArrayList<>();
        List<Evidence> engEv = new ArrayList<>();
        List<Evidence> wrEv = new ArrayList<>();
        Set<Device> engTargets = new TreeSetByIp();
        Set<Device> wrTargets = new TreeSetByIp();
        Set<String> engProtocols = new TreeSet<>();
        Set<String> wrProtocols = new TreeSet<>();
        n = 1;
        for (Map.Entry<ChannelKey, ChannelStat> e : sortedChannels()) {
            ChannelKey k = e.getKey();
            ChannelStat c = e.getValue();
            Device s = byIp.get(k.server());
            if (s == null || !s.controller) {
                continue;
            }
            long eng = ENGINEERING_OPS.stream().mapToLong(c::operation).sum();
            long writes = c.operation(Values.OP_WRITE);
            if (eng + writes == 0) {
                continue;
            }
            boolean protectedProtocol = INTEGRITY_PROTECTED.contains(k.protocol());
            String id = "ue-" + n++;
            Device client = byIp.get(k.client());
            ueRows.add(new Row(id, cells(client != null ? client.link() : k.client(), s.link(), k.protocol(),
                    protectedProtocol ? "yes (S7comm-plus integrity)" : "no", eng, writes, actions(c))));
            if (protectedProtocol) {
                continue;
            }
            if (eng > 0) {
                engEv.add(new Evidence(id, k.protocol() + " " + k.client() + " → " + s.ip));
                engTargets.add(s);
                engProtocols.add(k.protocol());
            }
            if (writes > 0) {
                wrEv.add(new Evidence(id, k.protocol() + " writes " + k.client() + " → " + s.ip));
                wrTargets.add(s);
                wrProtocols.add(k.protocol());
            }
        }
        Table ueTable = new Table("integrity", "Engineering commands and writes, and whether the protocol protects their integrity",
                List.of("client", "controller", "protocol", "integrity protection", "engineering operations", "writes", "actions"),
                ueRows, ueRows.isEmpty() ? "No engineering command or write to a controller was seen." : null);
        if (!engEv.isEmpty()) {
            List<Device> affected = new ArrayList<>(engTargets);
            out.add(finding(FindingKind.UNPROTECTED_ENGINEERING, "", FindingKind.UNPROTECTED_ENGINEERING.severity,
                    "Engineering commands without integrity protection to " + plural(affected.size(), "controller"),
                    "Program, start/stop or firmware commands reach " + ips(affected) + " over " + String.join(", ", engProtocols)
                            + ", which carries no authentication or integrity check: any host that can reach the "
                            + "controller can send the same commands, or alter them on the way.",
                    "Where the controllers support it, move engineering to an integrity-protected protocol (S7comm-plus "
                            + "on S7-1200/1500, CIP Security), set the controllers' access protection or key switch to "
                            + "refuse changes outside maintenance, and restrict who can reach the engineering ports.",
                    affected, engEv));
        }
        if (!wrEv.isEmpty()) {
            List<Device> affected = new ArrayList<>(wrTargets);
            out.add(finding(FindingKind.UNPROTECTED_WRITES, "", FindingKind.UNPROTECTED_WRITES.severity,
                    "Process writes without integrity protection to " + plural(affected.size(), "controller"),
                    "Values are written to " + ips(affected) + " over " + String.join(", ", wrProtocols)
                            + ", which has no authentication: the controller cannot tell a legitimate HMI from any other "
                            + "host on the segment.",
                    "Limit which hosts can reach these controllers' write services (firewall or the controller's own "
                            + "access list) and watch writes from unexpected hosts with the baseline.",
                    affected, wrEv));
        }

        // firmware with known advisories
        List<Row> advRows = new ArrayList<>();
        List<Evidence> advEv = new ArrayList<>();
        Set<Device> advTargets = new TreeSetByIp();
        double worst = 0;
        boolean confirmed = false;
        n = 1;
        for (Device d : sortedDevices()) {
            for (Map<String, Object> a : d.advisories) {
                String id = "adv-" + n++;
                Object cvss = a.get(AssetFields.ADVISORY_CVSS);
                String match = String.valueOf(a.get(AssetFields.ADVISORY_FIRMWARE_MATCH));
                advRows.add(new Row(id, cells(d.link(), nz(d.model()), nz(d.firmware), String.valueOf(a.get(AssetFields.ADVISORY_ID)),
                        nz(text(a.get(AssetFields.ADVISORY_TITLE))), cvss instanceof Number x ? x.doubleValue() : "",
                        match, nz(text(a.get(AssetFields.ADVISORY_URL))))));
                advEv.add(new Evidence(id, a.get(AssetFields.ADVISORY_ID) + " on " + d.ip));
                advTargets.add(d);
                if (AdvisoryLibrary.FIRMWARE_AFFECTED.equals(match) || AdvisoryLibrary.FIRMWARE_ALL_VERSIONS.equals(match)) {
                    confirmed = true;
                    if (cvss instanceof Number x) {
                        worst = Math.max(worst, x.doubleValue());
                    }
                }
            }
        }
        Table advTable = new Table("advisories", "Firmware with known advisories (CSAF)",
                List.of("device", "model", "firmware", "advisory", "title", "cvss", "firmware match", "url"), advRows,
                advRows.isEmpty() ? (in.assets.stream().anyMatch(a -> a.get(AssetFields.ADVISORIES) != null) || options.advisories() != null
                        ? "No advisory matches the devices seen."
                        : "No advisories were matched: run analyze or report with --advisories DIR (CSAF 2.0 files).") : null);
        if (!advRows.isEmpty()) {
            List<Device> affected = new ArrayList<>(advTargets);
            int severity = confirmed ? (int) Math.max(40, Math.min(95, Math.round(worst * 10))) : 30;
            out.add(finding(FindingKind.KNOWN_ADVISORIES, "", severity,
                    plural(affected.size(), "device") + " with firmware named in security advisories",
                    ips(affected) + " match " + plural(advRows.size(), "advisory entry", "advisory entries")
                            + (confirmed ? String.format(Locale.ROOT, " (highest CVSS %.1f).", worst)
                            : "; the firmware version was not seen, so whether it is affected is not known."),
                    "Check each advisory's remediation with the vendor; plan the firmware update in a maintenance window "
                            + "or apply the listed mitigations.", affected, advEv));
        }

        // firmware spread per model
        Map<String, Map<String, List<Device>>> byModel = new TreeMap<>();
        for (Device d : sortedDevices()) {
            if (d.model() != null && d.firmware != null) {
                String model = (d.manufacturer == null ? "" : d.manufacturer + " ") + d.model();
                byModel.computeIfAbsent(model, k -> new TreeMap<>()).computeIfAbsent(d.firmware, k -> new ArrayList<>()).add(d);
            }
        }
        List<Row> fwRows = new ArrayList<>();
        List<Evidence> fwEv = new ArrayList<>();
        List<Device> spread = new ArrayList<>();
        int models = 0;
        n = 1;
        for (Map.Entry<String, Map<String, List<Device>>> e : byModel.entrySet()) {
            boolean several = e.getValue().size() > 1;
            if (several) {
                models++;
            }
            for (Map.Entry<String, List<Device>> v : e.getValue().entrySet()) {
                String id = "fw-" + n++;
                fwRows.add(new Row(id, cells(e.getKey(), v.getKey(), v.getValue().size(), ips(v.getValue()),
                        several ? e.getValue().size() + " versions of this model" : "")));
                if (several) {
                    fwEv.add(new Evidence(id, e.getKey() + " " + v.getKey()));
                    spread.addAll(v.getValue());
                }
            }
        }
        Table fwTable = new Table("firmware", "Firmware per model", List.of("model", "firmware", "devices", "addresses", "spread"),
                fwRows, fwRows.isEmpty() ? "No device reported both its model and its firmware." : null);
        if (!fwEv.isEmpty()) {
            out.add(finding(FindingKind.FIRMWARE_SPREAD, "", FindingKind.FIRMWARE_SPREAD.severity,
                    plural(models, "model") + " running several firmware versions",
                    "The same model runs different firmware on " + plural(spread.size(), "device") + " (" + ips(spread)
                            + "): spare parts, advisories and behaviour differ from one to the next.",
                    "Agree one firmware version per model with the vendor and bring the others to it in planned "
                            + "maintenance windows.", spread, fwEv));
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("controllers_with_cleartext_access", ctTargets.size());
        measures.put("controllers_engineered_without_integrity", engTargets.size());
        measures.put("controllers_written_without_integrity", wrTargets.size());
        measures.put("devices_with_advisories", advTargets.size());
        measures.put("models_with_several_firmware_versions", models);
        findings.addAll(out);
        return new Section("exposure", "Exposure",
                "Cleartext remote access and file transfer to controllers (Telnet 23, FTP 21, HTTP 80, VNC 5900-5901, "
                        + "accepted sessions only), engineering protocols without integrity protection, firmware with "
                        + "known advisories, and firmware spread per model.",
                measures, out, List.of(ctTable, ueTable, advTable, fwTable));
    }

    // ---- data path ----

    private List<Table> dataPathTables() {
        List<Row> rows = new ArrayList<>();
        int n = 1;
        for (Map.Entry<ChannelKey, ChannelStat> e : sortedChannels()) {
            ChannelKey k = e.getKey();
            ChannelStat c = e.getValue();
            String id = "ch-" + n++;
            channelAnchors.put(k, id);
            Device client = byIp.get(k.client());
            Device server = byIp.get(k.server());
            double seconds = c.last > c.first ? (c.last - c.first) / 1e9 : 0;
            rows.add(new Row(id, cells(client != null ? client.link() : k.client(), server != null ? server.link() : k.server(),
                    k.protocol(), c.count, c.operation(Values.OP_READ), CHANGE_OPS.stream().mapToLong(c::operation).sum(),
                    c.count > 1 && seconds > 0 ? round(seconds / (c.count - 1), 3) : "",
                    seconds > 0 ? round(c.count * 60 / seconds, 1) : "", c.failures, topActions(c), iso(c.first), iso(c.last))));
        }
        Table channels = new Table("channels", "Who polls what, at which rates", List.of("client", "server", "protocol",
                "transactions", "reads", "changes", "mean interval s", "per minute", "exceptions", "actions", "first", "last"),
                rows, rows.isEmpty() ? "No industrial transaction was decoded." : null);

        List<Map.Entry<ChannelKey, ChannelStat>> busiest = new ArrayList<>(sortedChannels());
        busiest.sort(Comparator.comparingLong((Map.Entry<ChannelKey, ChannelStat> e) -> e.getValue().count).reversed()
                .thenComparing(e -> channelAnchors.get(e.getKey())));
        List<Row> busyRows = new ArrayList<>();
        n = 1;
        for (Map.Entry<ChannelKey, ChannelStat> e : busiest.subList(0, Math.min(BUSIEST, busiest.size()))) {
            ChannelKey k = e.getKey();
            busyRows.add(new Row("busy-" + n, cells(n, new Link(channelAnchors.get(k), k.client() + " → " + k.server()),
                    k.protocol(), e.getValue().count, percent(e.getValue().count, in.transactions))));
            n++;
        }
        Table busy = new Table("busiest", "Busiest channels", List.of("rank", "channel", "protocol", "transactions",
                "share of all percent"), busyRows, null);
        return List.of(channels, busy);
    }

    private Section dataPathSection(List<Table> tables) {
        List<Row> rows = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        List<Device> flagged = new ArrayList<>();
        int n = 1;
        List<Map.Entry<String, ReportInput.ServerStat>> servers = new ArrayList<>(in.servers.entrySet());
        servers.sort(Map.Entry.comparingByKey(ReportBuilder::compareIps));
        for (Map.Entry<String, ReportInput.ServerStat> e : servers) {
            ReportInput.ServerStat s = e.getValue();
            Device d = byIp.get(e.getKey());
            double exRate = s.transactions == 0 ? 0 : (double) s.failures / s.transactions;
            double malRate = (double) s.malformed / Math.max(1, s.transactions + s.malformed);
            boolean bad = (s.transactions >= MIN_TRANSACTIONS && exRate >= EXCEPTION_RATE)
                    || (s.malformed > 0 && malRate >= MALFORMED_RATE);
            String id = "q-" + n++;
            rows.add(new Row(id, cells(d != null ? d.link() : e.getKey(), s.transactions, s.failures, round(100 * exRate, 1),
                    s.malformed, round(100 * malRate, 1), bad ? "untrusted" : "")));
            if (bad && d != null) {
                ev.add(new Evidence(id, "data quality of " + d.ip));
                flagged.add(d);
            }
        }
        Table quality = new Table("quality", "Exceptions and malformed records per device (as a server)",
                List.of("device", "transactions", "exceptions", "exception percent", "malformed", "malformed percent", "verdict"),
                rows, rows.isEmpty() ? "No device answered an industrial request." : null);
        List<Finding> out = new ArrayList<>();
        if (!flagged.isEmpty()) {
            out.add(finding(FindingKind.UNTRUSTED_DATA, "", FindingKind.UNTRUSTED_DATA.severity,
                    plural(flagged.size(), "device") + " whose data nobody can trust",
                    ips(flagged) + " answer with exceptions or errors to at least " + Math.round(EXCEPTION_RATE * 100)
                            + " % of requests, or send malformed messages: values read from them may be stale or wrong.",
                    "Fix the pollers' configuration (addresses, unit ids, timeouts) or the device; an error rate this high "
                            + "often hides a misconfigured HMI or a failing device.", flagged, ev));
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("transactions", in.transactions);
        measures.put("channels", in.channels.size());
        measures.put("devices_with_untrusted_data", flagged.size());
        findings.addAll(out);
        List<Table> all = new ArrayList<>(tables);
        all.add(quality);
        return new Section("datapath", "Data path",
                "Who polls what and how often (mean interval between transactions of a channel), the busiest channels, "
                        + "and exception and malformed rates per device.", measures, out, all);
    }

    // ---- per segment comparison ----

    private Section comparisonSection() {
        List<Row> rows = new ArrayList<>();
        for (Segment s : segments) {
            Set<String> ips = new java.util.HashSet<>();
            s.devices.forEach(d -> ips.addAll(d.ips));
            List<Device> ctl = s.controllers();
            long identified = ctl.stream().filter(Device::identified).count();
            long cleartext = 0;
            for (Map.Entry<FlowKey, FlowStat> e : in.flows.entrySet()) {
                Device srv = byIp.get(e.getKey().server());
                if (srv != null && srv.segment == s && srv.controller && "tcp".equals(e.getKey().transport())
                        && CLEARTEXT.containsKey(e.getKey().port())) {
                    cleartext += e.getValue().answered;
                }
            }
            Set<String> writers = new TreeSet<>();
            long unprotected = 0;
            long tx = 0;
            long failures = 0;
            long malformed = 0;
            for (Map.Entry<ChannelKey, ChannelStat> e : in.channels.entrySet()) {
                Device srv = byIp.get(e.getKey().server());
                if (srv == null || srv.segment != s) {
                    continue;
                }
                long changes = CHANGE_OPS.stream().mapToLong(e.getValue()::operation).sum();
                if (srv.controller && changes > 0) {
                    writers.add(e.getKey().client());
                    if (!INTEGRITY_PROTECTED.contains(e.getKey().protocol())) {
                        unprotected += changes;
                    }
                }
            }
            for (String ip : ips) {
                ReportInput.ServerStat st = in.servers.get(ip);
                if (st != null) {
                    tx += st.transactions;
                    failures += st.failures;
                    malformed += st.malformed;
                }
            }
            long alerts = ips.stream().mapToLong(ip -> in.alertsByIp.getOrDefault(ip, 0L)).sum();
            long observations = ips.stream().mapToLong(ip -> in.observationsByIp.getOrDefault(ip, 0L)).sum();
            List<Finding> mine = findings.stream().filter(f -> f.devices().stream().anyMatch(ips::contains)).toList();
            int worst = mine.stream().mapToInt(Finding::severity).max().orElse(0);
            rows.add(new Row("cmp-" + s.anchor.substring(4), cells(new Link(s.anchor, s.name), s.levelText, s.devices.size(),
                    ctl.size(), s.itHosts().size(), s.itHosts().isEmpty() || ctl.isEmpty() ? "no" : "yes",
                    ctl.isEmpty() ? "" : percent(identified, ctl.size()), cleartext, writers.size(), unprotected,
                    tx == 0 ? "" : round(100.0 * failures / tx, 1), malformed, alerts, observations, mine.size(),
                    worst == 0 ? "" : FoundationReport.severityLabel(worst))));
        }
        Table table = new Table("comparison-table", "The same measures for every segment",
                List.of("segment", "purdue level", "devices", "controllers", "office hosts", "office and controllers together",
                        "controllers identified percent", "cleartext sessions to controllers", "hosts that change the process",
                        "changes without integrity", "exception percent", "malformed", "alerts", "baseline observations",
                        "findings", "worst"), rows, null);
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("segments", segments.size());
        return new Section("comparison", "Per line / per segment comparison",
                "The same measures side by side, so what made one line work can be checked on the others.",
                measures, List.of(), List.of(table));
    }

    // ---- against the last report ----

    private Section previousSection(FoundationReport before) {
        Map<String, Finding> old = new LinkedHashMap<>();
        before.findings.forEach(f -> old.put(f.key(), f));
        Map<String, Finding> now = new LinkedHashMap<>();
        findings.forEach(f -> now.put(f.key(), f));
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        int n = 1;
        Set<String> keys = new LinkedHashSet<>(now.keySet());
        keys.addAll(old.keySet());
        for (String key : keys) {
            Finding a = old.get(key);
            Finding b = now.get(key);
            String status;
            if (a == null) {
                status = "new";
            } else if (b == null) {
                status = "resolved";
            } else {
                int cmp = Integer.compare(b.devices().size() * 1000 + b.severity(), a.devices().size() * 1000 + a.severity());
                status = cmp > 0 ? "worse" : cmp < 0 ? "improved" : "unchanged";
            }
            counts.merge(status, 1, Integer::sum);
            Finding f = b != null ? b : a;
            rows.add(new Row("prev-" + n++, cells(f.kind().code, b != null ? new Link(b.id(), f.title()) : f.title(), status,
                    a == null ? "" : a.severityLabel() + ", " + plural(a.devices().size(), "device"),
                    b == null ? "" : b.severityLabel() + ", " + plural(b.devices().size(), "device"))));
        }
        Table table = new Table("previous-findings", "Findings against the last report",
                List.of("code", "finding", "status", "before", "now"), rows, rows.isEmpty() ? "No findings in either report." : null);

        // measures per segment, before and now
        Map<String, List<Object>> beforeRows = segmentMeasures(before);
        Map<String, List<Object>> nowRows = segmentMeasures(null);
        List<Row> segRows = new ArrayList<>();
        Set<String> segs = new LinkedHashSet<>(nowRows.keySet());
        segs.addAll(beforeRows.keySet());
        List<String> measureNames = List.of("devices", "controllers", "office hosts", "controllers identified percent",
                "cleartext sessions to controllers", "hosts that change the process");
        n = 1;
        for (String seg : segs) {
            List<Object> a = beforeRows.get(seg);
            List<Object> b = nowRows.get(seg);
            for (int i = 0; i < measureNames.size(); i++) {
                Object va = a == null ? "" : a.get(i);
                Object vb = b == null ? "" : b.get(i);
                if (String.valueOf(va).equals(String.valueOf(vb))) {
                    continue;
                }
                segRows.add(new Row("prevm-" + n++, cells(seg, measureNames.get(i), va, vb, direction(measureNames.get(i), va, vb))));
            }
        }
        Table measuresTable = new Table("previous-measures", "Segment measures that changed", List.of("segment", "measure",
                "before", "now", "direction"), segRows, segRows.isEmpty() ? "No segment measure changed." : null);

        Set<String> oldDevices = new TreeSet<>();
        before.sections.stream().filter(s -> s.id().equals("devices")).flatMap(s -> s.tables().stream())
                .flatMap(t -> t.rows().stream()).forEach(r -> oldDevices.add(String.valueOf(r.cells().get(0))));
        Set<String> nowDevices = new TreeSet<>();
        devices.forEach(d -> nowDevices.add(d.ip));
        Set<String> added = new TreeSet<>(nowDevices);
        added.removeAll(oldDevices);
        Set<String> gone = new TreeSet<>(oldDevices);
        gone.removeAll(nowDevices);

        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("previous", options.previous().getFileName() == null ? options.previous().toString()
                : options.previous().getFileName().toString());
        for (String s : List.of("new", "worse", "improved", "resolved", "unchanged")) {
            measures.put("findings_" + s, counts.getOrDefault(s, 0));
        }
        measures.put("devices_new", added.size());
        measures.put("devices_gone", gone.size());
        if (!added.isEmpty()) {
            measures.put("new_devices", String.join(", ", added));
        }
        if (!gone.isEmpty()) {
            measures.put("gone_devices", String.join(", ", gone));
        }
        return new Section("previous", "Against the last report",
                "Findings pair by their code and scope; a finding is worse when it covers more devices or is more "
                        + "severe, improved when less, resolved when gone.", measures, List.of(), List.of(table, measuresTable));
    }

    private static String direction(String measure, Object before, Object now) {
        if (!(before instanceof Number a) || !(now instanceof Number b)) {
            return "changed";
        }
        boolean higherIsBetter = measure.contains("identified");
        boolean neutral = measure.equals("devices") || measure.equals("controllers");
        if (neutral) {
            return "changed";
        }
        boolean up = b.doubleValue() > a.doubleValue();
        return up == higherIsBetter ? "improved" : "worse";
    }

    /** segment → the measures compared with the last report, from the comparison table (this report when null). */
    private Map<String, List<Object>> segmentMeasures(FoundationReport r) {
        List<Row> rows;
        if (r == null) {
            rows = new ArrayList<>();
            for (Row row : comparisonSection().tables().get(0).rows()) {
                rows.add(row);
            }
        } else {
            rows = r.sections.stream().filter(s -> s.id().equals("comparison")).flatMap(s -> s.tables().stream())
                    .flatMap(t -> t.rows().stream()).toList();
        }
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Object> c = row.cells();
            // segment, level, devices, controllers, office hosts, together, identified %, cleartext, writers, ...
            out.put(String.valueOf(c.get(0)), List.of(c.get(2), c.get(3), c.get(4), c.get(6), c.get(7), c.get(8)));
        }
        return out;
    }

    // ---- devices appendix, overview, provenance ----

    private Section devicesSection() {
        List<Row> rows = new ArrayList<>();
        for (Device d : sortedDevices()) {
            rows.add(new Row(d.anchor, cells(d.ip, String.join(" ", d.macs), d.vlans.isEmpty() ? "" : d.vlans.toString(),
                    d.role, nz(d.itKind), d.controller ? "yes" : "", new Link(d.segment.anchor, d.segment.name),
                    nz(d.manufacturer), nz(d.model()), nz(d.firmware), String.join(", ", d.served), String.join(", ", d.used),
                    d.ips.stream().mapToLong(ip -> in.alertsByIp.getOrDefault(ip, 0L)).sum(), nz(d.assetId))));
        }
        Table table = new Table("devices-table", "Every device seen", List.of("address", "mac", "vlan", "role", "office host",
                "controller", "segment", "manufacturer", "model", "firmware", "serves", "uses", "alerts", "asset id"), rows, null);
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("devices", devices.size());
        return new Section("devices", "Devices", "Every device in assets.json, the rows the findings point at.",
                measures, List.of(), List.of(table));
    }

    private Map<String, Object> overview() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("capture_first", in.first == Long.MAX_VALUE ? null : Timestamps.iso(in.first));
        m.put("capture_last", in.last == Long.MIN_VALUE ? null : Timestamps.iso(in.last));
        m.put("devices", (long) devices.size());
        long controllers = devices.stream().filter(d -> d.controller).count();
        m.put("controllers", controllers);
        m.put("office_hosts", devices.stream().filter(d -> d.itKind != null).count());
        m.put("segments", (long) segments.size());
        m.put("controller_identity_coverage_percent", percent(devices.stream().filter(d -> d.controller && d.identified()).count(), controllers));
        m.put("identity_coverage_percent", percent(devices.stream().filter(Device::identified).count(), devices.size()));
        m.put("transactions", in.transactions);
        m.put("alerts", in.alerts);
        m.put("findings", findings.size());
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (String label : List.of("critical", "high", "medium", "low", "info")) {
            bySeverity.put(label, (int) findings.stream().filter(f -> f.severityLabel().equals(label)).count());
        }
        m.put("findings_by_severity", bySeverity);
        return m;
    }

    private Map<String, Object> provenance(Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directory", dir.toString());
        m.put("files", in.filesRead);
        m.put("assets", in.assets.size());
        m.put("event_documents", in.eventDocuments);
        m.put("transactions", in.transactions);
        m.put("flow_channels", in.flows.size());
        m.put("alerts", in.alerts);
        if (!in.alertRules.isEmpty()) {
            m.put("alerts_by_rule", in.alertRules);
        }
        m.put("baseline_observations", in.observations);
        if (!in.observationTypes.isEmpty()) {
            m.put("observations_by_type", in.observationTypes);
        }
        if (in.baseline != null) {
            m.put("baseline", in.baseline);
        }
        if (!options.zones().isEmpty()) {
            m.put("zones", options.zones().zones().size());
        }
        if (!in.dropped.isEmpty()) {
            m.put("not_used", in.dropped);
        }
        if (options.signedBy() != null) {
            m.put("signature", options.signedBy());
        }
        return m;
    }

    // ---- helpers ----

    private Finding finding(FindingKind kind, String scope, int severity, String title, String detail, String recommendation,
                            List<Device> affected, List<Evidence> evidence) {
        int n = findingCounter.merge(kind.code, 1, Integer::sum);
        List<String> ips = affected.stream().map(d -> d.ip).distinct().sorted(ReportBuilder::compareIps).toList();
        List<Evidence> ev = new ArrayList<>(new LinkedHashSet<>(evidence));
        if (ev.size() > MAX_EVIDENCE) {
            int more = ev.size() - MAX_EVIDENCE;
            ev = new ArrayList<>(ev.subList(0, MAX_EVIDENCE));
            detail = detail + " (" + more + " more evidence rows in the tables below.)";
        }
        double score = severity * (1 + Math.log(Math.max(1, ips.size())) / Math.log(2));
        return new Finding(kind.code + "-" + n, kind.code + (scope.isEmpty() ? "" : ":" + scope), kind, title, severity, ips,
                detail, recommendation, ev, score);
    }

    private List<Map.Entry<FlowKey, FlowStat>> sortedFlows() {
        List<Map.Entry<FlowKey, FlowStat>> l = new ArrayList<>(in.flows.entrySet());
        l.sort(Comparator.comparing((Map.Entry<FlowKey, FlowStat> e) -> e.getKey().server(), ReportBuilder::compareIps)
                .thenComparing(e -> e.getKey().client(), ReportBuilder::compareIps)
                .thenComparing(e -> e.getKey().transport()).thenComparingLong(e -> e.getKey().port())
                .thenComparing(e -> e.getKey().service()));
        return l;
    }

    private List<Map.Entry<ChannelKey, ChannelStat>> sortedChannels() {
        List<Map.Entry<ChannelKey, ChannelStat>> l = new ArrayList<>(in.channels.entrySet());
        l.sort(Comparator.comparing((Map.Entry<ChannelKey, ChannelStat> e) -> e.getKey().server(), ReportBuilder::compareIps)
                .thenComparing(e -> e.getKey().client(), ReportBuilder::compareIps).thenComparing(e -> e.getKey().protocol()));
        return l;
    }

    private List<Device> sortedDevices() {
        return devices.stream().sorted(byIpOrder()).toList();
    }

    private static Comparator<Device> byIpOrder() {
        return Comparator.comparing((Device d) -> d.ip, ReportBuilder::compareIps).thenComparing(d -> nz(d.assetId));
    }

    /** Addresses in numeric order (IPv4 before IPv6, anything else last, by text). */
    static int compareIps(String a, String b) {
        byte[] x = a == null ? null : Zones.Cidr.bytes(a);
        byte[] y = b == null ? null : Zones.Cidr.bytes(b);
        if (x != null && y != null) {
            int c = Integer.compare(x.length, y.length);
            return c != 0 ? c : java.util.Arrays.compareUnsigned(x, y);
        }
        if (x != null) {
            return -1;
        }
        if (y != null) {
            return 1;
        }
        return nz(a).compareTo(nz(b));
    }

    /** Every action of the channel (the fold does not tie actions to operations). */
    private static String actions(ChannelStat c) {
        List<String> parts = new ArrayList<>();
        c.actions.forEach((a, n) -> parts.add(a + " ×" + n));
        return String.join(", ", parts);
    }

    private static String topActions(ChannelStat c) {
        List<Map.Entry<String, Long>> l = new ArrayList<>(c.actions.entrySet());
        l.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : l.subList(0, Math.min(4, l.size()))) {
            parts.add(e.getKey() + " ×" + e.getValue());
        }
        if (l.size() > 4) {
            parts.add("and " + (l.size() - 4) + " more");
        }
        return String.join(", ", parts);
    }

    private static String port(FlowKey k) {
        return k.port() < 0 ? k.transport() : k.transport() + "/" + k.port();
    }

    private static List<Object> cells(Object... values) {
        List<Object> l = new ArrayList<>(values.length);
        for (Object v : values) {
            l.add(v == null ? "" : v);
        }
        return l;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> {
                if (x != null) {
                    out.add(x.toString());
                }
            });
        } else if (o != null) {
            out.add(o.toString());
        }
        return out;
    }

    private static String ips(java.util.Collection<Device> ds) {
        List<String> l = ds.stream().map(d -> d.ip).distinct().sorted(ReportBuilder::compareIps).toList();
        if (l.size() > 12) {
            return String.join(", ", l.subList(0, 12)) + " and " + (l.size() - 12) + " more";
        }
        return String.join(", ", l);
    }

    static String plural(long n, String noun) {
        return plural(n, noun, noun + "s");
    }

    static String plural(long n, String noun, String nouns) {
        return n + " " + (n == 1 ? noun : nouns);
    }

    private static Object percent(long part, long whole) {
        return whole == 0 ? "" : round(100.0 * part / whole, 1);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String iso(long nanos) {
        return nanos == Long.MAX_VALUE || nanos == Long.MIN_VALUE ? "" : Timestamps.iso(nanos);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
