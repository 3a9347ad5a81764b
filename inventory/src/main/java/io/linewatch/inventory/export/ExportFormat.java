package io.linewatch.inventory.export;

import java.util.Locale;

/** {@code inventory export --format} values. */
public enum ExportFormat {
    CSV, JSON, HTML,
    /** The communication matrix: one row per (client, server, protocol). */
    MATRIX_CSV,
    /** The communication matrix as a GraphML graph (yEd, Gephi, NetworkX). */
    GRAPHML,
    /** The communication matrix as a Graphviz digraph. */
    DOT;

    /** {@code matrix-csv} → {@link #MATRIX_CSV}; null when unknown. */
    public static ExportFormat parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
