/**
 * Writes the report formats of one run (or of a merge) into its output folder, and reads a
 * report.json back for `merge`.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderHtml } from "./html-report.ts";
import { REPORT_FORMAT, type Report } from "./report-model.ts";
import { ReportSchemaError, validateReport } from "./report-schema.ts";

export const REPORT_FORMATS = ["json", "junit", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FILES: Record<ReportFormat, string> = {
  json: "report.json",
  junit: "junit.xml",
  html: "report.html",
};

async function render(report: Report, format: ReportFormat): Promise<string> {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "junit":
      // Loaded when written: junit-report-builder is ~0.47 MB compiled, which every run and
      // self-test loaded at start-up, beside the modules its first session needs.
      return (await import("./junit.ts")).junitXml(report);
    case "html":
      return renderHtml(report);
  }
}

/** Writes the chosen formats into outDir (created if missing); resolves with the paths written. */
export async function writeReports(
  report: Report,
  outDir: string,
  formats: readonly ReportFormat[] = REPORT_FORMATS,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const path = join(outDir, REPORT_FILES[format]);
    await writeFile(path, await render(report, format), "utf8");
    written.push(path);
  }
  return written;
}

export class ReportFileError extends Error {
  override name = "ReportFileError";
}

/**
 * Reads a report.json for merging; a file that is not one of ours, or not in this version's layout,
 * or that does not validate against report.schema.json, is refused with the file and the field, so
 * `merge` never folds something it does not understand.
 */
export async function readReport(path: string): Promise<Report> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new ReportFileError(`${path}: not a readable JSON file (${(err as Error).message})`);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (typeof format !== "string" || !format.startsWith("dm20-conformance-report/")) {
    throw new ReportFileError(
      `${path}: not a dm20-conformance report.json (no "format": "${REPORT_FORMAT}")`,
    );
  }
  if (format !== REPORT_FORMAT) {
    throw new ReportFileError(
      `${path}: written in layout ${format}, this harness merges ${REPORT_FORMAT} (re-run it, or merge with the harness version that wrote it)`,
    );
  }
  try {
    return validateReport(data, path);
  } catch (err) {
    if (err instanceof ReportSchemaError) throw new ReportFileError(err.message);
    throw err;
  }
}
