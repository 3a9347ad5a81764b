/**
 * The foundation report: what stands in the way of the next line, read from an output directory (assets,
 * events, alerts, baseline) and written as signed, self-contained HTML or as JSON.
 */
package io.linewatch.inventory.report;
