/**
 * IXIT: the facts about an IUT that the wire alone cannot tell the harness (see the IUT contract).
 * Validated on load with a JSON schema; an unknown key or a wrong type is a set-up error that
 * names the key, so a vendor's typo never silently turns into a default.
 */
import { readFile } from "node:fs/promises";
import { Ajv, type ErrorObject } from "ajv";

export interface ExecDeclaration {
  /** ClientURI of a node the harness may EXEC. */
  node: string;
  /** True when that MO names its own alert server (then ServerURI is not where the Generic Alert goes). */
  alertServer: boolean;
}

export interface Ixit {
  deviceId: string;
  imei: string;
  man: string;
  mod: string;
  /** null where the device has no active SIM: `TBD` is then expected for [MCC] / [MNC]. */
  mcc: string | null;
  mnc: string | null;
  /** null where the device has no 3GPP/3GPP2 connection: `TBD` is then expected for [CMCC] / [CMNC]. */
  cmcc: string | null;
  cmnc: string | null;
  supportedMOs: string[];
  show: boolean;
  exec: ExecDeclaration | null;
  writableNode: string;
  /** Status code for "Optional Feature Not Supported"; the draft writes "xxx" (docs/interpretations.md). */
  unsupportedStatus: number;
  /** Declared for DMC-5.8-13, which the wire cannot show. */
  browserIsolated: boolean;
  /**
   * For a DM server under test: false declares that it never emits a notification (Pkg#0), which
   * makes DMS-5.3-01 not-applicable (harness/catalog/applicability.ts). True (the default) expects
   * one through --notify-cmd; without it DMS-5.3-01 is not-exercised and the run incomplete.
   */
  sendsNotifications: boolean;
}

/** Defaults match the bundled reference device, so `selftest` needs no IXIT file. */
export const DEFAULT_IXIT: Ixit = {
  deviceId: "IMEI:004401074860001",
  imei: "004401074860001",
  man: "OMA Reference",
  mod: "RefDevice-1",
  mcc: "262",
  mnc: "01",
  cmcc: "262",
  cmnc: "02",
  supportedMOs: [
    "oma:mo:oma-dm-devinfo:1.0",
    "oma:mo:oma-dm-devdetail:1.0",
    "oma:mo:oma-mms:1.3",
    "oma:mo:oma-connmo:1.0",
    "oma:mo:oma-test-exec:1.0",
  ],
  show: true,
  exec: { node: "oma:mo:oma-test-exec:1.0/Run", alertServer: false },
  writableNode: "oma:mo:oma-mms:1.3/3",
  unsupportedStatus: 406,
  browserIsolated: true,
  sendsNotifications: true,
};

const nullableString = { type: ["string", "null"] };
const IXIT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    deviceId: { type: "string", minLength: 1 },
    imei: { type: "string", pattern: "^[0-9]{15}$" },
    man: { type: "string" },
    mod: { type: "string" },
    mcc: nullableString,
    mnc: nullableString,
    cmcc: nullableString,
    cmnc: nullableString,
    supportedMOs: { type: "array", items: { type: "string", minLength: 1 } },
    show: { type: "boolean" },
    exec: {
      anyOf: [
        { type: "null" },
        {
          type: "object",
          additionalProperties: false,
          required: ["node", "alertServer"],
          properties: { node: { type: "string", minLength: 1 }, alertServer: { type: "boolean" } },
        },
      ],
    },
    writableNode: { type: "string", minLength: 1 },
    unsupportedStatus: { type: "integer", minimum: 100, maximum: 999 },
    browserIsolated: { type: "boolean" },
    sendsNotifications: { type: "boolean" },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: true }).compile(IXIT_SCHEMA);

export class IxitError extends Error {
  override name = "IxitError";
}

function describe(err: ErrorObject): string {
  if (err.keyword === "additionalProperties") {
    return `unknown key "${(err.params as { additionalProperty: string }).additionalProperty}"`;
  }
  const key = err.instancePath.replace(/^\//, "").replaceAll("/", ".") || "(root)";
  return `key "${key}" ${err.message ?? "is invalid"}`;
}

/** Merges a partial IXIT over the defaults after validating it; throws IxitError naming the bad key. */
export function parseIxit(input: unknown, source = "IXIT"): Ixit {
  if (!validate(input)) throw new IxitError(`${source}: ${describe(validate.errors![0]!)}`);
  return { ...DEFAULT_IXIT, ...(input as Partial<Ixit>) };
}

export async function loadIxit(path: string | undefined): Promise<Ixit> {
  if (!path) return { ...DEFAULT_IXIT };
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new IxitError(`IXIT file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new IxitError(`IXIT file ${path}: not JSON (${(e as Error).message})`);
  }
  return parseIxit(json, `IXIT file ${path}`);
}
