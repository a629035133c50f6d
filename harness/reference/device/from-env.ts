/**
 * The reference device as an external process, for the trigger contract (docs: IUT contract):
 *
 *   DM20_STIMULUS=notification|default  DM20_NOTIFICATION=<hex>  DM20_CA_FILE=<pem>
 *   DM20_MOID=<moid> DM20_INITIATED_BY=Device|User   (default stimulus)
 *   DM20_REF_FAULTS=a,b   DM20_REF_STATE=<json file>   DM20_REF_NO_SIM=1   DM20_REF_NO_CELLULAR=1
 *   DM20_REF_IXIT=<ixit json file>   DM20_REF_PROFILE=default|alternative (the reading profile)
 *
 * Runs one session and exits 0 — also when it refused the server's certificate, which is the
 * correct behaviour. Exit 2 for a usage error. DM20_REF_STATE carries the tree and the DEFAULT
 * URLs from one session to the next (one process per session; parallel sessions merge what each
 * changed, see state-file.ts), written before each status goes out.
 *
 *   dm20-conformance reference-device          (the installed package, compiled: starts fast)
 *   node --import tsx /abs/path/harness/reference/device/main.ts   (a checkout, through tsx)
 */

import type { DeviceSnapshot } from "../../device/index.ts";
import { loadIxit } from "../../model/ixit.ts";
import { fromHex } from "../../protocol/notification.ts";
import type { DeviceStimulus } from "../../runner/run-context.ts";
import { createReferenceDevice, REFERENCE_DEVICE_FAULTS } from "./index.ts";
import { isReadingProfileName, READING_PROFILE_NAMES } from "./reading-profiles.ts";
import { readStateFile, writeStateChanges } from "./state-file.ts";

class UsageError extends Error {}

function env(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === "") throw new UsageError(`${name} is not set`);
  return v;
}

function stimulusFromEnv(): DeviceStimulus {
  const kind = process.env.DM20_STIMULUS ?? "notification";
  const caFile = env("DM20_CA_FILE");
  if (kind === "notification") {
    let notification: Uint8Array;
    try {
      notification = fromHex(env("DM20_NOTIFICATION"));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError("DM20_NOTIFICATION is not hex");
    }
    return { kind, notification, serverUrl: process.env.DM20_SERVER_URL ?? "", caFile };
  }
  if (kind === "default") {
    const initiatedBy = env("DM20_INITIATED_BY");
    if (initiatedBy !== "Device" && initiatedBy !== "User")
      throw new UsageError("DM20_INITIATED_BY must be Device or User");
    return { kind, moid: env("DM20_MOID"), initiatedBy, caFile };
  }
  throw new UsageError(`DM20_STIMULUS "${kind}" is neither notification nor default`);
}

async function main(): Promise<number> {
  const statePath = process.env.DM20_REF_STATE || undefined;
  const faults = (process.env.DM20_REF_FAULTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const readingProfile = process.env.DM20_REF_PROFILE || "default";
  if (!isReadingProfileName(readingProfile))
    throw new UsageError(
      `DM20_REF_PROFILE "${readingProfile}" is not a reading profile (${READING_PROFILE_NAMES.join(", ")})`,
    );
  const stimulus = stimulusFromEnv();
  const ixit = process.env.DM20_REF_IXIT ? await loadIxit(process.env.DM20_REF_IXIT) : undefined;
  let snapshot: Awaited<ReturnType<typeof readStateFile>>;
  try {
    snapshot = statePath ? await readStateFile(statePath) : undefined;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const unknown = faults.filter((f) => !REFERENCE_DEVICE_FAULTS.some((k) => k.name === f));
  if (unknown.length > 0) throw new UsageError(`DM20_REF_FAULTS: unknown fault(s) ${unknown.join(", ")}`);
  const device = createReferenceDevice({
    readingProfile,
    faults,
    ...(ixit ? { ixit } : {}),
    noSim: process.env.DM20_REF_NO_SIM === "1",
    noCellular: process.env.DM20_REF_NO_CELLULAR === "1",
    ...(snapshot ? { snapshot } : {}),
    onEvent: (e) => process.stdout.write(`[ref-device] ${e.kind}: ${e.detail}\n`),
    // Saved before each status goes out, not only at the end: the harness may wake the next
    // session (another process reading the file) as soon as it has the status.
    ...(statePath ? { persist: (now: DeviceSnapshot) => saveChanges(statePath, now) } : {}),
  });
  let saved = device.snapshot(); // the state as this process last read or wrote it
  async function saveChanges(path: string, now: DeviceSnapshot): Promise<void> {
    await writeStateChanges(path, saved, now);
    saved = now;
  }
  const controller = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => controller.abort());
  const result = await device.runStimulus(stimulus, controller.signal);
  process.stdout.write(
    `[ref-device] result: ${result ? `${result.outcome} after ${result.packages} package(s)` : "no session"}\n`,
  );
  if (statePath) await saveChanges(statePath, device.snapshot());
  return 0;
}

/** Runs one session of the reference device as its environment asks; resolves with the exit status. */
export async function referenceDeviceFromEnv(): Promise<number> {
  try {
    return await main();
  } catch (e) {
    const err = e as Error;
    process.stderr.write(`reference device: ${err.message}\n`);
    return err instanceof UsageError || err.name === "IxitError" ? 2 : 1;
  }
}
