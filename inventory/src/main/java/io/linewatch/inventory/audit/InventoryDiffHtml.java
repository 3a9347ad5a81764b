package io.linewatch.inventory.audit;

import static io.linewatch.inventory.export.HtmlReport.esc;

import io.linewatch.inventory.AssetRole;
import io.linewatch.inventory.export.ExportMetadata;
import io.linewatch.inventory.export.HtmlReport;
import io.linewatch.inventory.export.RunInfo;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code inventory diff --format html}: the comparison as a self-contained report with the same cover as an
 * export (the later run's sensor, window and inputs, and how to verify the file), what each side was, and the
 * new, gone and changed devices.
 */
public final class InventoryDiffHtml {
    private InventoryDiffHtml() {
    }

    public static void write(InventoryDiff.Result r, String oldName, RunInfo oldRun, String newName, ExportMetadata meta,
                             Writer out) throws IOException {
        StringBuilder h = new StringBuilder(8192);
        HtmlReport.head(h, meta.title());
        HtmlReport.cover(h, meta, null);
        h.append("<h2>Compared</h2>\n<table id=\"compared\"><tr><th></th><th>inventory</th><th>sensor</th><th>observation window</th></tr>\n");
        side(h, "before", oldName, oldRun);
        side(h, "after", newName, meta.run());
        h.append("</table>\n<p id=\"diff-counts\">").append(r.added().size()).append(" new, ").append(r.removed().size())
                .append(" gone, ").append(r.changed().size()).append(" changed.</p>\n");
        h.append("<p>Legend: <span class=\"swatch added\"></span>new device · <span class=\"swatch removed\"></span>gone device.</p>\n");
        if (!r.added().isEmpty() || !r.removed().isEmpty()) {
            h.append("<h2>New and gone devices</h2>\n<table id=\"added-removed\"><tr><th></th><th>asset</th><th>IP</th><th>role</th>")
                    .append("<th>manufacturer</th><th>model</th><th>firmware</th></tr>\n");
            for (EventDoc d : r.added()) {
                device(h, "added", "new", d);
            }
            for (EventDoc d : r.removed()) {
                device(h, "removed", "gone", d);
            }
            h.append("</table>\n");
        }
        if (!r.changed().isEmpty()) {
            h.append("<h2>Changed devices</h2>\n<table id=\"changed\"><tr><th>asset</th><th>IP</th><th>field</th><th>before</th>")
                    .append("<th>after</th></tr>\n");
            for (InventoryDiff.Changed c : r.changed()) {
                boolean first = true;
                for (InventoryDiff.FieldChange f : c.changes()) {
                    h.append("<tr>");
                    if (first) {
                        h.append("<td rowspan=\"").append(c.changes().size()).append("\">").append(esc(c.assetId()))
                                .append("</td><td rowspan=\"").append(c.changes().size()).append("\">")
                                .append(esc(String.join(", ", c.ips()))).append("</td>");
                        first = false;
                    }
                    h.append("<td>").append(esc(f.field())).append("</td><td>").append(esc(f.oldValue() == null ? "(none)" : f.oldValue()))
                            .append("</td><td>").append(esc(f.newValue() == null ? "(none)" : f.newValue())).append("</td></tr>\n");
                }
            }
            h.append("</table>\n");
        }
        HtmlReport.end(h);
        out.write(h.toString());
    }

    private static void side(StringBuilder h, String label, String name, RunInfo run) {
        h.append("<tr><td>").append(label).append("</td><td>").append(esc(name)).append("</td><td>")
                .append(esc(run == null ? "(no run.json)" : run.sensorName())).append("</td><td>")
                .append(esc(run == null || run.firstPacket() == null ? "" : run.firstPacket() + " to " + run.lastPacket()))
                .append("</td></tr>\n");
    }

    private static void device(StringBuilder h, String cls, String what, EventDoc d) {
        h.append("<tr class=\"").append(cls).append("\"><td>").append(what).append("</td><td>").append(esc(d.getString(Fields.ASSET_ID)))
                .append("</td><td>").append(esc(String.join(", ", InventoryDiff.ips(d)))).append("</td><td>")
                .append(esc(AssetRole.label(d.getString(Fields.ASSET_ROLE)))).append("</td><td>")
                .append(esc(d.getString(Fields.DEVICE_MANUFACTURER))).append("</td><td>")
                .append(esc(d.getString(Fields.DEVICE_MODEL_NAME))).append("</td><td>")
                .append(esc(d.getString(Fields.DEVICE_FIRMWARE_VERSION))).append("</td></tr>\n");
    }
}
