package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A metrics report an engine sent about a table (Iceberg's scan and commit reports), kept as sent.
 *
 * @param id 0 until the store assigns it
 * @param reportType Iceberg's report type ({@code scan-report}, {@code commit-report}, …)
 * @param report the report as JSON
 */
public record TableMetricsReport(
    long id, TableName table, String reportType, String report, Instant receiveTime) {
  public TableMetricsReport {
    requireNonNull(table, "table is null");
    requireNonNull(reportType, "reportType is null");
    requireNonNull(report, "report is null");
    requireNonNull(receiveTime, "receiveTime is null");
  }
}
