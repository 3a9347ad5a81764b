package io.linewatch.inventory.report;

import io.linewatch.inventory.report.FoundationReport.Evidence;
import io.linewatch.inventory.report.FoundationReport.Finding;
import io.linewatch.inventory.report.FoundationReport.Link;
import io.linewatch.inventory.report.FoundationReport.Row;
import io.linewatch.inventory.report.FoundationReport.Section;
import io.linewatch.inventory.report.FoundationReport.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one HTML page: no script, no external resource (a Content-Security-Policy allowing only the
 * page's own style, by hash, enforces it), a print style for PDF (the summary on its own page), and every
 * evidence row an anchor that highlights when a finding's link jumps to it. Text from the wire is escaped.
 */
final class HtmlReport {
    static final String CSS = String.join("\n",
            ":root{--fg:#1d232a;--muted:#5b6570;--line:#d5dae0;--bg:#f6f7f9;--crit:#8e0b0b;--high:#c2410c;--med:#b7791f;"
                    + "--low:#2f6f9f;--info:#66707a}",
            "*{box-sizing:border-box}",
            "[id]{scroll-margin-top:3.5em}",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);margin:0;background:#fff}",
            "header{padding:1.2em 2em .8em;border-bottom:3px solid var(--fg)}",
            "header h1{margin:0 0 .2em;font-size:1.6em}",
            "header p{margin:0;color:var(--muted)}",
            "nav{padding:.5em 2em;background:var(--bg);border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}",
            "nav a{margin-right:1.2em;color:var(--fg);text-decoration:none;font-weight:600}",
            "main{padding:0 2em 2em}",
            "section{margin-top:1.6em}",
            "h2{font-size:1.3em;border-bottom:2px solid var(--line);padding-bottom:.2em}",
            "h3{font-size:1.05em;margin:1.2em 0 .4em}",
            ".intro{color:var(--muted);max-width:60em}",
            ".measures{display:flex;flex-wrap:wrap;gap:.5em;margin:.6em 0;padding:0}",
            ".measures div{background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.3em .7em}",
            ".measures dt{font-size:.75em;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}",
            ".measures dd{margin:0;font-weight:600}",
            ".finding{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:4px;padding:.6em 1em;"
                    + "margin:.8em 0;max-width:70em}",
            ".finding h3{margin:.1em 0 .4em}",
            ".finding p{margin:.35em 0}",
            ".sev-critical{border-left-color:var(--crit)}.sev-high{border-left-color:var(--high)}"
                    + ".sev-medium{border-left-color:var(--med)}.sev-low{border-left-color:var(--low)}",
            ".badge{display:inline-block;color:#fff;background:var(--info);border-radius:3px;padding:0 .45em;font-size:.8em;"
                    + "font-weight:700;text-transform:uppercase;vertical-align:middle;margin-right:.4em}",
            ".badge.sev-critical{background:var(--crit)}.badge.sev-high{background:var(--high)}"
                    + ".badge.sev-medium{background:var(--med)}.badge.sev-low{background:var(--low)}",
            ".code{color:var(--muted);font-size:.8em;font-weight:400}",
            ".rec{background:#eef6ee;border-radius:3px;padding:.3em .6em}",
            ".evidence a{display:inline-block;margin:.1em .3em .1em 0;padding:0 .4em;border:1px solid var(--line);"
                    + "border-radius:3px;font-size:.85em;text-decoration:none;color:#1a4f8b}",
            ".tablewrap{overflow-x:auto}",
            "table{border-collapse:collapse;margin:.3em 0 1em;font-size:.85em}",
            "th,td{border:1px solid var(--line);padding:.2em .5em;text-align:left;vertical-align:top}",
            "th{background:var(--bg);font-weight:600}",
            "td.num{text-align:right;font-variant-numeric:tabular-nums}",
            "tr:target{background:#fff0b3;outline:2px solid #d69e2e}",
            "article:target{outline:3px solid #d69e2e}",
            ".note{color:var(--muted);font-style:italic}",
            ".summary ol{padding-left:1.4em;max-width:70em}",
            ".summary li{margin:.5em 0}",
            ".summary .rec{display:block;margin-top:.2em}",
            ".none{color:#2f7a3b;font-weight:600}",
            "footer{border-top:1px solid var(--line);margin-top:2em;padding:1em 2em;color:var(--muted);font-size:.85em}",
            "footer code{word-break:break-all}",
            "@page{size:A4;margin:12mm}",
            "@media print{nav{display:none}body{font-size:9.5pt}header,main,footer{padding-left:0;padding-right:0}"
                    + "#summary{break-after:page}section{break-before:auto}.finding{break-inside:avoid}"
                    + "a{color:inherit;text-decoration:none}.evidence a{border:none;padding:0}.tablewrap{overflow:visible}"
                    + "table{font-size:7.5pt}thead{display:table-header-group}tr{break-inside:avoid}"
                    + "td,th{word-break:break-word}tr:target{outline:none;background:none}}");

    private HtmlReport() {
    }

    static String render(FoundationReport r) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '")
                .append(styleHash()).append("'; img-src 'none'; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"linewatch report\">\n")
                .append("<title>").append(esc(r.title)).append("</title>\n<style>").append(CSS).append("</style>\n</head><body>\n");
        Map<String, Object> o = r.overview;
        h.append("<header><h1>").append(esc(r.title)).append("</h1>\n<p>From <b>").append(esc(r.source)).append("</b>");
        if (o.get("capture_first") != null) {
            h.append(", traffic seen ").append(esc(String.valueOf(o.get("capture_first")))).append(" to ")
                    .append(esc(String.valueOf(o.get("capture_last"))));
        }
        h.append(". Passive: built from what the sensor saw on the wire.</p></header>\n");
        h.append("<nav><a href=\"#summary\">Summary</a>");
        for (Section s : r.sections) {
            h.append("<a href=\"#").append(esc(s.id())).append("\">").append(esc(s.title())).append("</a>");
        }
        h.append("</nav>\n<main>\n");
        summary(r, h);
        for (Section s : r.sections) {
            section(s, h);
        }
        h.append("</main>\n<footer>\n");
        if (r.signedBy != null) {
            h.append("<p id=\"signature\">").append(esc(r.signedBy)).append("</p>\n");
        }
        h.append("<p>Source: ");
        Object files = r.provenance.get("files");
        h.append(esc(String.valueOf(r.provenance.get("directory")))).append(" (").append(esc(String.valueOf(files))).append(")");
        if (r.provenance.get("not_used") != null) {
            h.append(". Not used: ").append(esc(String.valueOf(r.provenance.get("not_used"))));
        }
        if (r.provenance.get("baseline") != null) {
            h.append(". Baseline: ").append(esc(String.valueOf(r.provenance.get("baseline"))));
        }
        h.append(".</p>\n</footer>\n</body></html>\n");
        return h.toString();
    }

    private static void summary(FoundationReport r, StringBuilder h) {
        h.append("<section id=\"summary\" class=\"summary\"><h2>Summary</h2>\n");
        Map<String, Object> o = r.overview;
        h.append("<dl class=\"measures\">");
        measure(h, "devices", o.get("devices"));
        measure(h, "controllers", o.get("controllers"));
        measure(h, "office hosts", o.get("office_hosts"));
        measure(h, "segments", o.get("segments"));
        measure(h, "controllers identified", pct(o.get("controller_identity_coverage_percent")));
        measure(h, "devices identified", pct(o.get("identity_coverage_percent")));
        measure(h, "findings", o.get("findings"));
        if (o.get("findings_by_severity") instanceof Map<?, ?> sev) {
            sev.forEach((k, v) -> {
                if (v instanceof Number n && n.intValue() > 0) {
                    measure(h, String.valueOf(k), v);
                }
            });
        }
        h.append("</dl>\n");
        for (Section s : r.sections) {
            if (s.id().equals("previous")) {
                h.append("<p>Against the last report (").append(esc(String.valueOf(s.measures().get("previous"))))
                        .append("): ");
                h.append(s.measures().get("findings_new")).append(" new, ").append(s.measures().get("findings_worse"))
                        .append(" worse, ").append(s.measures().get("findings_improved")).append(" improved, ")
                        .append(s.measures().get("findings_resolved")).append(" resolved. <a href=\"#previous\">Details</a>.</p>\n");
            }
        }
        if (r.top.isEmpty()) {
            h.append("<p class=\"none\" id=\"no-findings\">No findings: nothing the report checks for was seen.</p>\n");
        } else {
            h.append("<h3>The ").append(r.top.size() == 1 ? "finding" : r.top.size() + " findings")
                    .append(" that matter most</h3>\n<ol class=\"top\">\n");
            for (Finding f : r.top) {
                h.append("<li class=\"top-finding\"><span class=\"badge sev-").append(f.severityLabel()).append("\">")
                        .append(f.severityLabel()).append("</span><a href=\"#").append(esc(f.id())).append("\">")
                        .append(esc(f.title())).append("</a> <span class=\"code\">").append(esc(f.kind().code)).append(", ")
                        .append(ReportBuilder.plural(f.devices().size(), "device")).append(", score ")
                        .append(Math.round(f.score())).append("</span>")
                        .append("<span class=\"rec\">").append(esc(f.recommendation())).append("</span></li>\n");
            }
            h.append("</ol>\n");
            h.append("<p class=\"intro\">Ranked by severity × breadth (the number of devices affected, counted "
                    + "logarithmically: 1, 2, 4, 8 devices weigh 1, 2, 3, 4).</p>\n");
        }
        h.append("</section>\n");
    }

    private static void section(Section s, StringBuilder h) {
        h.append("<section id=\"").append(esc(s.id())).append("\"><h2>").append(esc(s.title())).append("</h2>\n");
        h.append("<p class=\"intro\">").append(esc(s.intro())).append("</p>\n");
        if (!s.measures().isEmpty()) {
            h.append("<dl class=\"measures\">");
            s.measures().forEach((k, v) -> measure(h, k.replace('_', ' '), v));
            h.append("</dl>\n");
        }
        for (Finding f : s.findings()) {
            finding(f, h);
        }
        for (Table t : s.tables()) {
            table(t, h);
        }
        h.append("</section>\n");
    }

    private static void finding(Finding f, StringBuilder h) {
        h.append("<article class=\"finding sev-").append(f.severityLabel()).append("\" id=\"").append(esc(f.id()))
                .append("\" data-key=\"").append(esc(f.key())).append("\">\n<h3><span class=\"badge sev-")
                .append(f.severityLabel()).append("\">").append(f.severityLabel()).append(' ').append(f.severity())
                .append("</span>").append(esc(f.title())).append(" <span class=\"code\">").append(esc(f.kind().code))
                .append("</span></h3>\n<p class=\"detail\">").append(esc(f.detail())).append("</p>\n<p class=\"rec\"><b>What to do:</b> ")
                .append(esc(f.recommendation())).append("</p>\n<p class=\"evidence\"><b>Evidence:</b> ");
        for (Evidence e : f.evidence()) {
            h.append("<a href=\"#").append(esc(e.ref())).append("\">").append(esc(e.label())).append("</a>");
        }
        h.append("</p>\n</article>\n");
    }

    private static void table(Table t, StringBuilder h) {
        h.append("<h3 id=\"").append(esc(t.id())).append("\">").append(esc(t.title())).append("</h3>\n");
        if (t.rows().isEmpty()) {
            h.append("<p class=\"note\">").append(esc(t.note() == null ? "Nothing to show." : t.note())).append("</p>\n");
            return;
        }
        h.append("<div class=\"tablewrap\"><table><thead><tr>");
        for (String c : t.columns()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (Row r : t.rows()) {
            h.append("<tr id=\"").append(esc(r.id())).append("\">");
            for (Object c : r.cells()) {
                cell(c, h);
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
        if (t.note() != null) {
            h.append("<p class=\"note\">").append(esc(t.note())).append("</p>\n");
        }
    }

    private static void cell(Object c, StringBuilder h) {
        if (c instanceof Link l) {
            h.append("<td><a href=\"#").append(esc(l.ref())).append("\">").append(esc(l.text())).append("</a></td>");
        } else if (c instanceof Number n) {
            h.append("<td class=\"num\">").append(esc(number(n))).append("</td>");
        } else {
            h.append("<td>").append(esc(String.valueOf(c))).append("</td>");
        }
    }

    private static void measure(StringBuilder h, String name, Object value) {
        h.append("<div><dt>").append(esc(name)).append("</dt><dd>")
                .append(esc(value instanceof Number n ? number(n) : value == null || "".equals(value) ? "n/a" : String.valueOf(value)))
                .append("</dd></div>");
    }

    private static Object pct(Object v) {
        return v instanceof Number n ? number(n) + " %" : "n/a";
    }

    static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.valueOf((long) d);
            }
            return String.format(Locale.ROOT, "%s", d);
        }
        return String.format(Locale.ROOT, "%,d", n.longValue());
    }

    /** The CSP source for the page's one style element. */
    static String styleHash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(CSS.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** HTML-escapes text (device names and every value from the wire are attacker-controlled). */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append('\uFFFD'); // control characters from the wire render as one replacement mark
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
