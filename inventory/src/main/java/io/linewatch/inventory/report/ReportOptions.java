package io.linewatch.inventory.report;

import io.linewatch.inventory.advisories.AdvisoryLibrary;
import java.nio.file.Path;

/**
 * How to build a report.
 *
 * @param title      the heading
 * @param zones      the user's zones, or {@link Zones#none()} to infer segments (VLAN, else /24 or /64)
 * @param previous   an earlier output directory to compare against, or null
 * @param advisories CSAF advisories to match against the assets (as {@code inventory export --advisories}), or null
 * @param signedBy   a line naming the signing key (fingerprint) and how to check the signature, or null
 */
public record ReportOptions(String title, Zones zones, Path previous, AdvisoryLibrary advisories, String signedBy) {
    public static final String DEFAULT_TITLE = "Linewatch foundation report";

    public ReportOptions {
        title = title == null || title.isBlank() ? DEFAULT_TITLE : title;
        zones = zones == null ? Zones.none() : zones;
    }

    public static ReportOptions defaults() {
        return new ReportOptions(DEFAULT_TITLE, Zones.none(), null, null, null);
    }

    public ReportOptions withZones(Zones z) {
        return new ReportOptions(title, z, previous, advisories, signedBy);
    }

    public ReportOptions withPrevious(Path dir) {
        return new ReportOptions(title, zones, dir, advisories, signedBy);
    }

    public ReportOptions withAdvisories(AdvisoryLibrary library) {
        return new ReportOptions(title, zones, previous, library, signedBy);
    }

    public ReportOptions withSignedBy(String line) {
        return new ReportOptions(title, zones, previous, advisories, line);
    }

    public ReportOptions withTitle(String t) {
        return new ReportOptions(t, zones, previous, advisories, signedBy);
    }
}
