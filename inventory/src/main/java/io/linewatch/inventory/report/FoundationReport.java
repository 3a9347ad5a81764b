package io.linewatch.inventory.report;

import io.linewatch.model.Json;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The foundation report of one output directory: what stands in the way of the next line (flat segments, who
 * can change the process, controllers nothing identifies, what is exposed, data nobody can trust), each finding
 * with its evidence rows and a recommendation, the same measures per segment, and what changed since the last
 * report. {@link #toHtml()} is the self-contained page, {@link #toJson()} the same content for scripts; both
 * depend only on the input, never on the clock, so the same directory always gives the same bytes.
 *
 * <pre>{@code
 * FoundationReport r = FoundationReport.build(Path.of("out/line3"), ReportOptions.defaults());
 * Files.writeString(Path.of("report.html"), r.toHtml());
 * }</pre>
 */
public final class FoundationReport {
    /** A pointer from a finding to one evidence row ({@code ref} is the row's id, an HTML anchor). */
    public record Evidence(String ref, String label) {
    }

    /**
     * One finding. {@code key} is stable across reports (kind and scope) and pairs findings with the previous
     * report; {@code devices} are the affected devices' addresses; {@code score} ranks the summary.
     */
    public record Finding(String id, String key, FindingKind kind, String title, int severity, List<String> devices,
                          String detail, String recommendation, List<Evidence> evidence, double score) {
        public String severityLabel() {
            return FoundationReport.severityLabel(severity);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("key", key);
            m.put("code", kind.code);
            m.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
            m.put("section", kind.section);
            m.put("title", title);
            m.put("severity", severity);
            m.put("severity_label", severityLabel());
            m.put("score", Math.round(score * 10) / 10.0);
            m.put("devices", devices);
            m.put("detail", detail);
            m.put("recommendation", recommendation);
            List<Map<String, Object>> ev = new ArrayList<>();
            for (Evidence e : evidence) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("ref", e.ref());
                x.put("label", e.label());
                ev.add(x);
            }
            m.put("evidence", ev);
            return m;
        }
    }

    /** A table cell that points at another row (a device, a channel). */
    public record Link(String ref, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** One evidence row: {@code id} is its anchor; cells line up with the table's columns. */
    public record Row(String id, List<Object> cells) {
    }

    public record Table(String id, String title, List<String> columns, List<Row> rows, String note) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("title", title);
            m.put("columns", columns);
            List<Map<String, Object>> rs = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", r.id());
                for (int i = 0; i < columns.size() && i < r.cells().size(); i++) {
                    Object c = r.cells().get(i);
                    if (c instanceof Link l) {
                        Map<String, Object> link = new LinkedHashMap<>();
                        link.put("text", l.text());
                        link.put("ref", l.ref());
                        c = link;
                    }
                    x.put(columns.get(i), c);
                }
                rs.add(x);
            }
            m.put("rows", rs);
            if (note != null) {
                m.put("note", note);
            }
            return m;
        }
    }

    /** A section of the report: what it measures, its findings and the tables holding their evidence. */
    public record Section(String id, String title, String intro, Map<String, Object> measures, List<Finding> findings,
                          List<Table> tables) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("title", title);
            m.put("intro", intro);
            m.put("measures", measures);
            m.put("findings", findings.stream().map(Finding::id).toList());
            m.put("tables", tables.stream().map(Table::toMap).toList());
            return m;
        }
    }

    final String title;
    final String source;
    final Map<String, Object> overview;
    final List<Finding> findings;
    final List<Finding> top;
    final List<Section> sections;
    final Map<String, Object> provenance;
    final String signedBy;

    FoundationReport(String title, String source, Map<String, Object> overview, List<Finding> findings, List<Finding> top,
                     List<Section> sections, Map<String, Object> provenance, String signedBy) {
        this.title = title;
        this.source = source;
        this.overview = overview;
        this.findings = List.copyOf(findings);
        this.top = List.copyOf(top);
        this.sections = List.copyOf(sections);
        this.provenance = provenance;
        this.signedBy = signedBy;
    }

    /** Builds the report of an output directory ({@code assets.json} required; events, alerts, baseline when present). */
    public static FoundationReport build(Path dir, ReportOptions options) throws ReportException {
        return new ReportBuilder(options).build(dir);
    }

    public static FoundationReport build(Path dir) throws ReportException {
        return build(dir, ReportOptions.defaults());
    }

    /** Every finding, highest score first. */
    public List<Finding> findings() {
        return findings;
    }

    /** The findings on the summary page: the five highest scores. */
    public List<Finding> top() {
        return top;
    }

    public List<Section> sections() {
        return sections;
    }

    public String title() {
        return title;
    }

    /** The headline measures of the summary (devices, controllers, segments, identity coverage, findings). */
    public Map<String, Object> overview() {
        return overview;
    }

    /** The whole report as plain maps and lists (what {@link #toJson()} writes). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "linewatch-foundation-report");
        m.put("version", 1);
        m.put("title", title);
        m.put("source", source);
        m.put("overview", overview);
        m.put("top", top.stream().map(Finding::id).toList());
        m.put("findings", findings.stream().map(Finding::toMap).toList());
        m.put("sections", sections.stream().map(Section::toMap).toList());
        m.put("provenance", provenance);
        return m;
    }

    public String toJson() {
        StringWriter w = new StringWriter(1 << 16);
        Json.writePretty(w, toMap());
        return w.append('\n').toString();
    }

    /** The self-contained page: no script, no external resource, a strict Content-Security-Policy, a print style. */
    public String toHtml() {
        return HtmlReport.render(this);
    }

    static String severityLabel(int severity) {
        if (severity >= 80) {
            return "critical";
        }
        if (severity >= 60) {
            return "high";
        }
        if (severity >= 35) {
            return "medium";
        }
        if (severity >= 15) {
            return "low";
        }
        return "info";
    }
}
