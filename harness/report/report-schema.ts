/**
 * report.json's JSON Schema (report.schema.json, shipped beside this module so vendors can
 * validate stored reports with their own tools) and the validator `merge` reads every input
 * through, with the same machinery as the IXIT (Ajv). A report that does not validate is refused
 * with one line naming the file and the field: merge never folds, let alone certifies, a document
 * it does not understand.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import { validatorOnFirstUse } from "../model/schema-validator.ts";
import type { Report } from "./report-model.ts";

export const REPORT_SCHEMA_FILE = fileURLToPath(new URL("./report.schema.json", import.meta.url));

export const REPORT_SCHEMA: object = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, "utf8"));

/** Only `merge` reads reports back: the validator is compiled when it first does. */
const reportValidator = validatorOnFirstUse<Report>(REPORT_SCHEMA);

export class ReportSchemaError extends Error {
  override name = "ReportSchemaError";
}

/** `/clauses/0/verdict` as `clauses[0].verdict`, the way a reader of the JSON names it. */
function fieldPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

/** One line: which field, what is wrong with it. */
export function describeSchemaError(err: ErrorObject, document = "report.json"): string {
  const at = fieldPath(err.instancePath);
  switch (err.keyword) {
    case "required": {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      return `field "${at ? `${at}.` : ""}${missing}" is missing`;
    }
    case "additionalProperties": {
      const extra = (err.params as { additionalProperty: string }).additionalProperty;
      return `field "${at ? `${at}.` : ""}${extra}" is not part of ${document}`;
    }
    case "enum": {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues;
      return `field "${at}" must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    default:
      return `field "${at || "(root)"}" ${err.message ?? "is invalid"}`;
  }
}

/** Returns the data typed as a Report when it validates; throws ReportSchemaError otherwise. */
export function validateReport(data: unknown, source: string): Report {
  const validate = reportValidator();
  if (!validate(data)) throw new ReportSchemaError(`${source}: ${describeSchemaError(validate.errors![0]!)}`);
  return data;
}
