/**
 * The reference server's configuration is a folder of static files, as the draft intends ("allowing
 * servers to deliver static configuration from a file share without processing"):
 *
 *   devices/default/*.dm20          command files for any device without a folder of its own
 *   devices/<device folder>/*.dm20  command files for one device, e.g. devices/IMEI_004401074860001/
 *   documents/*.tnds20              TNDS20 documents the command files GET
 *   pages/*.html                    pages a SHOW command opens
 *
 * A device's folder name is its X-OMADMDeviceID with every character outside [A-Za-z0-9._-]
 * replaced by "_" (":" is not portable in file names). Command files are taken in file-name order,
 * one per response. They hold command lines only: the MsgID line is the server's, since it counts
 * per session. Lines starting with "#" and blank lines are comments for the reader. Every file may
 * use `{{base}}`, replaced when served by the server's own origin (the port is chosen at start).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_SCENARIO_DIR = fileURLToPath(new URL("./scenarios/default", import.meta.url));
export const DEFAULT_DEVICE_FOLDER = "default";

export interface ScenarioCommand {
  name: string;
  params: string[];
}

export interface CommandFileTemplate {
  /** File name, e.g. "02-configure.dm20". */
  file: string;
  commands: ScenarioCommand[];
}

export interface Scenario {
  dir: string;
  /** Command files by device folder name ("default" included). */
  devices: Map<string, CommandFileTemplate[]>;
  /** File name -> template text. */
  documents: Map<string, string>;
  pages: Map<string, string>;
}

export function deviceFolderName(deviceId: string): string {
  return deviceId.replace(/[^A-Za-z0-9._-]/g, "_");
}

/** Reads a command file template: one command per non-comment line, tokens split on spaces. */
export function readCommandTemplate(text: string): ScenarioCommand[] {
  const commands: ScenarioCommand[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const [name, ...params] = trimmed.split(/\s+/);
    commands.push({ name: name!, params });
  }
  return commands;
}

async function filesIn(dir: string, suffix: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith(suffix))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}

async function textFiles(dir: string, suffix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await filesIn(dir, suffix)) out.set(name, await readFile(join(dir, name), "utf8"));
  return out;
}

export async function loadScenario(dir: string = DEFAULT_SCENARIO_DIR): Promise<Scenario> {
  const devices = new Map<string, CommandFileTemplate[]>();
  const devicesDir = join(dir, "devices");
  const folders = (await readdir(devicesDir, { withFileTypes: true })).filter((e) => e.isDirectory());
  for (const folder of folders) {
    const files: CommandFileTemplate[] = [];
    for (const [file, text] of await textFiles(join(devicesDir, folder.name), ".dm20")) {
      files.push({ file, commands: readCommandTemplate(text) });
    }
    devices.set(folder.name, files);
  }
  if (!devices.has(DEFAULT_DEVICE_FOLDER)) {
    throw new Error(`scenario ${dir}: no devices/${DEFAULT_DEVICE_FOLDER}/ folder`);
  }
  return {
    dir,
    devices,
    documents: await textFiles(join(dir, "documents"), ".tnds20"),
    pages: await textFiles(join(dir, "pages"), ".html"),
  };
}

/** The command files a device gets: its own folder's when it has one, else the default's. */
export function commandFilesFor(scenario: Scenario, deviceId: string): CommandFileTemplate[] {
  return scenario.devices.get(deviceFolderName(deviceId)) ?? scenario.devices.get(DEFAULT_DEVICE_FOLDER)!;
}

export function fillTemplate(text: string, base: string): string {
  return text.replaceAll("{{base}}", base);
}
