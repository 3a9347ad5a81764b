package io.linewatch.inventory.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts every HTML report shares: a self-contained page (no script, no external resource, a content
 * security policy that forbids both), the cover that says where the report comes from and how to verify it, and
 * small inline SVG bar charts. All text from the wire is escaped.
 */
public final class HtmlReport {
    /** Nothing may load or run: styles are inline, charts are inline SVG. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
    static final int CHART_BARS = 10;

    private HtmlReport() {
    }

    public static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(esc(CSP)).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width\">\n<title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.4em 0 1em}")
                .append("td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top;font-size:.9em}")
                .append("th{background:#eee}.role-it_host{background:#fde2e2}.role-communication_module{background:#fff4d6}.behind{background:#eef3fb}.vuln{color:#a00;font-weight:bold}")
                .append(".swatch{display:inline-block;width:1.2em;height:.9em;border:1px solid #999;vertical-align:middle;margin-right:.3em}")
                .append("section{border-top:2px solid #888;margin-top:1.5em}small{color:#666}code{background:#f4f4f4;padding:.1em .3em}")
                .append(".cover td:first-child{font-weight:bold;white-space:nowrap}.charts{display:flex;flex-wrap:wrap;gap:1.5em}")
                .append(".chart h3{margin:.2em 0}.added{background:#e3f6e3}.removed{background:#fde2e2}\n</style></head><body>\n");
    }

    public static void end(StringBuilder h) {
        h.append("</body></html>\n");
    }

    /** Sensor, generation time, observation window, inputs, signer and the exact command that verifies the file. */
    public static void cover(StringBuilder h, ExportMetadata meta, String heading) {
        RunInfo run = meta.run();
        h.append("<h1>").append(esc(meta.title())).append("</h1>\n");
        h.append("<table class=\"cover\" id=\"cover\">\n");
        row(h, "Sensor", run == null || run.sensorName() == null ? "(not recorded: no run.json beside the inventory)" : run.sensorName(), "cover-sensor");
        row(h, "Generated", meta.generatedAt(), "cover-generated");
        if (run != null) {
            row(h, "Observation window", (run.firstPacket() == null ? "no packets" : run.firstPacket() + " to " + run.lastPacket())
                    + " (capture time of the first and last packet; " + run.packets() + " packets)", "cover-window");
            StringBuilder in = new StringBuilder();
            for (RunInfo.Input i : run.inputs()) {
                in.append(in.length() == 0 ? "" : "\n").append(i.name());
                if (i.bytes() >= 0) {
                    in.append(" (").append(i.bytes()).append(" bytes");
                    if (i.sha256() != null) {
                        in.append(", SHA-256 ").append(i.sha256());
                    }
                    in.append(')');
                }
            }
            h.append("<tr><td>Inputs</td><td id=\"cover-inputs\">").append(esc(in.toString()).replace("\n", "<br>"))
                    .append("</td></tr>\n");
            row(h, "Recorded by", "linewatch " + (run.version() == null ? "" : run.version()) + " " + run.mode()
                    + (run.finishedAt() == null ? "" : ", run ended " + run.finishedAt()), "cover-run");
        }
        if (meta.signerFingerprint() != null) {
            row(h, "Signed by", "Ed25519 key, SHA-256 fingerprint " + meta.signerFingerprint()
                    + " (public key " + meta.publicKeyFile() + "; the signature is " + meta.fileName() + ".sig beside this file)",
                    "cover-signer");
        } else {
            row(h, "Signed by", "not signed at export (sign with: linewatch inventory sign " + meta.fileName() + ")", "cover-signer");
        }
        h.append("<tr><td>How to verify</td><td>Obtain the public key and its fingerprint from the signer through another "
                        + "channel, then run (OpenSSL 3.0 or later):<br><code id=\"cover-verify\">")
                .append(esc(meta.opensslCommand())).append("</code><br>It prints <code>Signature Verified Successfully</code>; "
                        + "any edit to this file makes it fail.</td></tr>\n");
        h.append("</table>\n");
        if (heading != null) {
            h.append("<h2>").append(esc(heading)).append("</h2>\n");
        }
    }

    private static void row(StringBuilder h, String k, String v, String id) {
        h.append("<tr><td>").append(esc(k)).append("</td><td id=\"").append(id).append("\">").append(esc(v)).append("</td></tr>\n");
    }

    /**
     * A horizontal bar chart of counts (largest first, the rest folded into "others") beside its table; the
     * chart is drawn as inline SVG so the page needs nothing from outside.
     */
    public static void chart(StringBuilder h, String id, String title, Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey()) : Long.compare(b.getValue(), a.getValue()));
        if (entries.size() > CHART_BARS) {
            long rest = 0;
            for (Map.Entry<String, Long> e : entries.subList(CHART_BARS - 1, entries.size())) {
                rest += e.getValue();
            }
            entries = new ArrayList<>(entries.subList(0, CHART_BARS - 1));
            entries.add(Map.entry("(" + (counts.size() - CHART_BARS + 1) + " others)", rest));
        }
        long max = entries.stream().mapToLong(Map.Entry::getValue).max().orElse(1);
        int barH = 16;
        int labelW = 230;
        int plotW = 160;
        int height = Math.max(1, entries.size()) * (barH + 4) + 4;
        h.append("<div class=\"chart\" id=\"").append(id).append("\"><h3>").append(esc(title)).append("</h3>\n");
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelW + plotW + 50).append("\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
        int y = 4;
        for (Map.Entry<String, Long> e : entries) {
            int w = (int) Math.max(1, Math.round((double) e.getValue() / max * plotW));
            String label = e.getKey().length() > 34 ? e.getKey().substring(0, 33) + "…" : e.getKey();
            h.append("<text x=\"").append(labelW - 4).append("\" y=\"").append(y + barH - 4)
                    .append("\" font-size=\"11\" text-anchor=\"end\">").append(esc(label)).append("</text>")
                    .append("<rect x=\"").append(labelW).append("\" y=\"").append(y).append("\" width=\"").append(w)
                    .append("\" height=\"").append(barH).append("\" fill=\"#4a78b5\"/>")
                    .append("<text x=\"").append(labelW + w + 4).append("\" y=\"").append(y + barH - 4)
                    .append("\" font-size=\"11\">").append(e.getValue()).append("</text>\n");
            y += barH + 4;
        }
        h.append("</svg>\n<table class=\"counts\"><tr><th>").append(esc(title)).append("</th><th>devices</th></tr>\n");
        List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
        all.sort((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey()) : Long.compare(b.getValue(), a.getValue()));
        for (Map.Entry<String, Long> e : all) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(e.getValue()).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    /** HTML-escapes text from the wire (device names are attacker-controlled). */
    public static String esc(String s) {
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
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String format(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
