/**
 * interop.json: the devices and servers of an interop event. Validated on load with a JSON schema
 * (ajv, strict, as the IXIT is): an unknown key or a missing field is a set-up error that names
 * it and where it is, so a typo never silently becomes a default.
 *
 *   { "devices": [ { "label": "acme-phone", "trigger": "./wake.sh", "ixit": "acme-ixit.json" } ],
 *     "servers": [ { "label": "dm-corp", "url": "https://dm.corp.test/dm20", "ca": "corp-ca.pem",
 *                    "notify": "./send-push.sh" } ] }
 *
 * Relative file names (ixit, ca, pushCa) are read from the matrix file's folder.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { ErrorObject } from "ajv";
import { validatorOnFirstUse } from "../model/schema-validator.ts";

export interface DeviceEntry {
  label: string;
  /** Exactly one of trigger, push, manual. */
  trigger?: string;
  push?: string;
  pushCa?: string;
  manual?: boolean;
  ixit?: string;
}

export interface ServerEntry {
  label: string;
  url: string;
  ca: string;
  /** A shell command run with DM20_PUSH_URL and DM20_DEVICE_ID, or DEFAULT for a server that cannot notify. */
  notify: string;
  /** MOID of the device-initiated request for a DEFAULT server (default oma:mo:oma-mms:1.3). */
  defaultMoid?: string;
}

export interface MatrixFile {
  devices: DeviceEntry[];
  servers: ServerEntry[];
  /** The folder relative names are read from. */
  baseDir: string;
}

/** Labels name folders and `--pair DEVICE:SERVER`: no colon, no slash. */
const LABEL = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$" } as const;
const TEXT = { type: "string", minLength: 1 } as const;

const MATRIX_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["devices", "servers"],
  properties: {
    $schema: { type: "string" },
    devices: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["label"],
        properties: {
          label: LABEL,
          trigger: TEXT,
          push: TEXT,
          pushCa: TEXT,
          manual: { type: "boolean" },
          ixit: TEXT,
        },
      },
    },
    servers: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["label", "url", "ca", "notify"],
        properties: {
          label: LABEL,
          url: { type: "string", pattern: "^https://" },
          ca: TEXT,
          notify: TEXT,
          defaultMoid: TEXT,
        },
      },
    },
  },
} as const;

const matrixValidator = validatorOnFirstUse(MATRIX_SCHEMA);

export class MatrixFileError extends Error {
  override name = "MatrixFileError";
}

function where(path: string): string {
  return path.replace(/^\//, "").replaceAll("/", ".") || "(root)";
}

function describe(err: ErrorObject): string {
  const at = where(err.instancePath);
  switch (err.keyword) {
    case "additionalProperties":
      return `unknown key "${(err.params as { additionalProperty: string }).additionalProperty}" in ${at}`;
    case "required":
      return `${at} is missing "${(err.params as { missingProperty: string }).missingProperty}"`;
    case "pattern":
      return at.endsWith("label")
        ? `${at} must be letters, digits, ".", "_" or "-" (it names a folder and --pair DEVICE:SERVER)`
        : `${at} must match ${(err.params as { pattern: string }).pattern}`;
    default:
      return `${at} ${err.message ?? "is invalid"}`;
  }
}

const ADAPTERS = ["trigger", "push", "manual"] as const;

export function parseMatrix(input: unknown, source: string, baseDir: string): MatrixFile {
  const validate = matrixValidator();
  if (!validate(input)) throw new MatrixFileError(`${source}: ${describe(validate.errors![0]!)}`);
  const m = input as { devices: DeviceEntry[]; servers: ServerEntry[] };
  m.devices.forEach((d, i) => {
    const given = ADAPTERS.filter((a) => d[a] !== undefined && d[a] !== false);
    if (given.length !== 1)
      throw new MatrixFileError(
        `${source}: devices.${i} ("${d.label}") needs exactly one of trigger, push, manual${given.length ? ` (has ${given.join(", ")})` : ""}`,
      );
    if (d.pushCa !== undefined && d.push === undefined)
      throw new MatrixFileError(`${source}: devices.${i} ("${d.label}") has pushCa without push`);
  });
  for (const [what, list] of [
    ["devices", m.devices],
    ["servers", m.servers],
  ] as const) {
    const seen = new Set<string>();
    for (const e of list) {
      if (seen.has(e.label)) throw new MatrixFileError(`${source}: two ${what} are labelled "${e.label}"`);
      seen.add(e.label);
    }
  }
  return { devices: m.devices, servers: m.servers, baseDir };
}

export async function loadMatrix(path: string): Promise<MatrixFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new MatrixFileError(`matrix file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MatrixFileError(`matrix file ${path}: not JSON (${(e as Error).message})`);
  }
  return parseMatrix(json, `matrix file ${path}`, dirname(resolve(path)));
}

/** The pairs to run: every device × every server, or the one `DEVICE:SERVER` names. */
export function selectPairs(
  m: MatrixFile,
  pair?: string,
): Array<{ device: DeviceEntry; server: ServerEntry }> {
  const all = m.devices.flatMap((device) => m.servers.map((server) => ({ device, server })));
  if (pair === undefined) return all;
  const [d, s, ...rest] = pair.split(":");
  const picked = all.find((p) => p.device.label === d && p.server.label === s);
  if (rest.length > 0 || !picked) {
    throw new MatrixFileError(
      `--pair ${pair}: no such pair (devices: ${m.devices.map((x) => x.label).join(", ")}; servers: ${m.servers.map((x) => x.label).join(", ")})`,
    );
  }
  return [picked];
}
