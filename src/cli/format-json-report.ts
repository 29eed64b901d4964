import { sortKinds } from '../shared/kinds.js';
import { REPORT_VERSION, type CheckFileReport, type CleanFileReport } from '../shared/report.js';

/**
 * Serialises `clean` results as the `--json` envelope `{"version":1,"files":[...]}`. Each
 * entry carries exactly the report fields, in a fixed order, whatever else the report holds.
 */
export function formatCleanJson(reports: readonly CleanFileReport[]): string {
  const files = reports.map((report) => ({
    input: report.input,
    output: report.output,
    original: report.original,
    status: report.status,
    removed: sortKinds(report.removed),
    kept: sortKinds(report.kept),
    code: report.code,
    reason: report.reason,
  }));
  return `${JSON.stringify({ version: REPORT_VERSION, files })}\n`;
}

/** Serialises `check` results as the `--json` envelope, like {@link formatCleanJson}. */
export function formatCheckJson(reports: readonly CheckFileReport[]): string {
  const files = reports.map((report) => ({
    input: report.input,
    status: report.status,
    found: sortKinds(report.found),
    kept: sortKinds(report.kept),
    code: report.code,
    reason: report.reason,
  }));
  return `${JSON.stringify({ version: REPORT_VERSION, files })}\n`;
}
