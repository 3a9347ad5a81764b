/**
 * Maintenance windows: loading them (JSON, YAML configuration, iCalendar with recurrence), and the planner that
 * turns expected changes into {@code expected_change} records and writes briefings before and summaries after each
 * window, on capture time.
 */
package io.linewatch.rules.maintenance;
