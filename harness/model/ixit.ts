/**
 * IXIT: the facts about an IUT that the wire alone cannot tell the harness (see the IUT contract).
 * Validated on load with a JSON schema; an unknown key or a wrong type is a set-up error that
 * names the key, so a vendor's typo never silently turns into a default.
 *
 * Bounds: the file is read up to IXIT_MAX_BYTES (counted in bytes, before any parsing), and every
 * string has a length bound, so a runaway file cannot fill memory or every line of a report.
 * The identifiers are held to the rule of the wire check that compares against them
 * (parseDeviceId, used by DMC-5.4-03): an IXIT accepts exactly the deviceId and IMEI values that
 * check accepts, the draft's own 14-digit "IMEI:01234567890123" included, so a vendor can never
 * declare a value the check must then fail, nor be refused one it would pass.
 */
import { open } from "node:fs/promises";
import type { ErrorObject } from "ajv";
import { parseDeviceId } from "../protocol/http-rules.ts";
import { validatorOnFirstUse } from "./schema-validator.ts";

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

/** An IXIT is a few hundred bytes; anything near this is not one. */
export const IXIT_MAX_BYTES = 64 * 1024;
/** Identifiers and names (deviceId, MAN, MOD); codes (MCC, MNC) are shorter still. */
const NAME_MAX = 256;
const CODE_MAX = 16;
/** MOIDs and ClientURIs. */
const URI_MAX = 1024;
const MOS_MAX = 256;

const nullableCode = { type: ["string", "null"], maxLength: CODE_MAX };
const IXIT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    deviceId: { type: "string", minLength: 1, maxLength: NAME_MAX },
    imei: { type: "string", minLength: 1, maxLength: CODE_MAX },
    man: { type: "string", maxLength: NAME_MAX },
    mod: { type: "string", maxLength: NAME_MAX },
    mcc: nullableCode,
    mnc: nullableCode,
    cmcc: nullableCode,
    cmnc: nullableCode,
    supportedMOs: {
      type: "array",
      maxItems: MOS_MAX,
      items: { type: "string", minLength: 1, maxLength: URI_MAX },
    },
    show: { type: "boolean" },
    exec: {
      anyOf: [
        { type: "null" },
        {
          type: "object",
          additionalProperties: false,
          required: ["node", "alertServer"],
          properties: {
            node: { type: "string", minLength: 1, maxLength: URI_MAX },
            alertServer: { type: "boolean" },
          },
        },
      ],
    },
    writableNode: { type: "string", minLength: 1, maxLength: URI_MAX },
    unsupportedStatus: { type: "integer", minimum: 100, maximum: 999 },
    browserIsolated: { type: "boolean" },
    sendsNotifications: { type: "boolean" },
  },
} as const;

/*
 * Compiled on first use: every module that names the Ixit type imports this one, the reference
 * device run as a trigger (one process per session) among them, and loading ajv and compiling the
 * schema cost it about a third of its start-up when no IXIT file is given.
 */
const validator = validatorOnFirstUse(IXIT_SCHEMA);

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

/**
 * Why the wire check of X-OMADMDeviceID would refuse `value`, or null when it accepts it. Surrounding
 * whitespace is refused too: the check compares the trimmed header with the IXIT's value.
 */
function deviceIdProblem(value: string): string | null {
  const parsed = parseDeviceId(value);
  const whitespace = parsed.findings.find((f) => f.code === "device-id-whitespace");
  if (whitespace) return whitespace.message;
  return parsed.ok ? null : parsed.findings.map((f) => f.message).join("; ");
}

/** Merges a partial IXIT over the defaults after validating it; throws IxitError naming the bad key. */
export function parseIxit(input: unknown, source = "IXIT"): Ixit {
  const validate = validator();
  if (!validate(input)) throw new IxitError(`${source}: ${describe(validate.errors![0]!)}`);
  const given = input as Partial<Ixit>;
  if (given.deviceId !== undefined) {
    const why = deviceIdProblem(given.deviceId);
    if (why)
      throw new IxitError(
        `${source}: key "deviceId" is not a device identifier X-OMADMDeviceID may carry (${why})`,
      );
  }
  if (given.imei !== undefined) {
    const why = deviceIdProblem(`IMEI:${given.imei}`);
    if (why) throw new IxitError(`${source}: key "imei" is not an IMEI (${why})`);
  }
  return { ...DEFAULT_IXIT, ...given };
}

/** Reads at most `limit` bytes of `path` (a FIFO or /dev/zero included); more is an IxitError. */
async function readBounded(path: string, limit: number): Promise<Buffer> {
  const file = await open(path, "r");
  try {
    const buf = Buffer.alloc(limit + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await file.read(buf, size, buf.length - size, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > limit)
        throw new IxitError(`IXIT file ${path}: larger than ${limit} bytes; an IXIT is a few hundred`);
    }
    return buf.subarray(0, size);
  } finally {
    await file.close();
  }
}

export async function loadIxit(path: string | undefined): Promise<Ixit> {
  if (path === undefined) return { ...DEFAULT_IXIT };
  let text: string;
  try {
    text = (await readBounded(path, IXIT_MAX_BYTES)).toString("utf8");
  } catch (e) {
    if (e instanceof IxitError) throw e;
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
