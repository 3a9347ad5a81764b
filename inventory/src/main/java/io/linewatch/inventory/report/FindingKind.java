package io.linewatch.inventory.report;

/**
 * What the report can find. {@code code} is stable (scripts and the previous-report comparison key on it),
 * {@code severity} is the base severity (0-100) before a finding's own evidence raises or lowers it.
 */
public enum FindingKind {
    FLAT_SEGMENT("FR-SEG-1", "segments", 70),
    CROSS_SEGMENT("FR-SEG-2", "segments", 35),
    WRITABLE_FROM_IT("FR-CHG-1", "change", 80),
    WRITABLE_FROM_MANY("FR-CHG-2", "change", 45),
    UNIDENTIFIED_CONTROLLER("FR-ID-1", "identity", 40),
    MAC_VENDOR_ONLY("FR-ID-2", "identity", 10),
    CLEARTEXT_ACCESS("FR-EXP-1", "exposure", 75),
    UNPROTECTED_ENGINEERING("FR-EXP-2", "exposure", 65),
    UNPROTECTED_WRITES("FR-EXP-3", "exposure", 40),
    KNOWN_ADVISORIES("FR-EXP-4", "exposure", 60),
    FIRMWARE_SPREAD("FR-EXP-5", "exposure", 20),
    UNTRUSTED_DATA("FR-DATA-1", "datapath", 30);

    public final String code;
    /** The id of the section the finding is shown in. */
    public final String section;
    public final int severity;

    FindingKind(String code, String section, int severity) {
        this.code = code;
        this.section = section;
        this.severity = severity;
    }
}
