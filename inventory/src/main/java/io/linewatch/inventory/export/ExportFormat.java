package io.linewatch.inventory.export;

/** {@code inventory export --format} values. */
public enum ExportFormat {
    CSV, JSON, HTML
}
