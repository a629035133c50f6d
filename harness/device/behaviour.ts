/**
 * Seams where a host may bend the engine's behaviour. A correct device sets none of them; the
 * reference device's fault switches are built from them (harness/reference/device/faults.ts), so
 * every fault breaks one clause through one visible seam instead of `if (fault)` checks spread
 * through the engine. Each seam is a transform (value in, value out) or a flag, named after what
 * it changes, and grouped by the clause it concerns.
 */
import type { DmNode, DmTree } from "./dm-tree.ts";
import type { GenericAlert, MoListEntry, Pkg1Flags, Tnds20Document } from "./pkg1.ts";
import type { UrlParamValues } from "./url-params.ts";

/** One command line of a command file, split on spaces. */
export interface Command {
  name: string;
  params: string[];
  /** The line as received. */
  line: string;
}

export interface CommandStatus {
  code: number;
  params: string[];
}

export interface StatusPackage {
  msgId: number;
  statuses: CommandStatus[];
}

/** Runs one command; the seams below may wrap it. */
export type CommandRunner = (params: string[]) => Promise<CommandStatus>;

export type PackageKind = "pkg1" | "status";

export interface DeviceBehaviour {
  /** 5.3: connect to a notified / DEFAULT URL that is not https://. */
  allowPlaintextSessionUrl?: boolean;

  /** 5.3 / 5.4: the flags Pkg#1 is built from (the notification's, or all off for DEFAULT). */
  pkg1Flags?(flags: Pkg1Flags): Pkg1Flags;
  /** 5.4: the Pkg#1 document just before it is serialised. */
  pkg1Document?(doc: Tnds20Document, tree: DmTree): Tnds20Document;
  /** 5.4 / 5.6: the headers of a DM package (Pkg#1 or a status package). */
  packageHeaders?(headers: Array<[string, string]>, kind: PackageKind): Array<[string, string]>;

  /** 5.6: where a status package goes (the session URL). */
  statusUrl?(sessionUrl: string): string;
  /** 5.6: the status package before it is serialised (MsgID, order, count, codes). */
  statusPackage?(pkg: StatusPackage): StatusPackage;
  /** 5.6: the serialised status file. */
  statusText?(text: string): string;

  /** 5.5: do not execute the commands of a response carrying END. */
  skipEndCommands?: boolean;
  /** 5.5: after a response carrying END, still send a status package (and read what comes back). */
  statusAfterEnd?: boolean;
  /** 5.8: after the first failing command, report the rest as 215 (not executed) without running them. */
  stopAfterFailure?: boolean;

  /** 5.8: a command's runner; `runners` holds the engine's own runners by command name. */
  wrapCommand?(
    name: string,
    run: CommandRunner,
    runners: Readonly<Record<string, CommandRunner>>,
  ): CommandRunner;
  /** 5.8: a command's status, after it ran (also for unrecognised commands). */
  commandStatus?(status: CommandStatus, command: Command): CommandStatus;
  /** 5.8 GET with ClientURI: store the retrieved node (default: replace all existing data). */
  storeRetrieved?(tree: DmTree, moid: string, path: string, content: DmNode): boolean;
  /** 5.8 PUT/POST `*`: the MO list sent for a star ClientURI. */
  starList?(list: MoListEntry[], withInstances: boolean): MoListEntry[];
  /** 5.8 DELETE: delete a node and everything under it (default: DmTree.delete). */
  deleteNode?(tree: DmTree, moid: string, path: string): boolean;
  /** 5.8 EXEC: the Generic Alert to send, or undefined to send none. */
  execAlert?(alert: GenericAlert): GenericAlert | undefined;
  /** 5.8 SHOW: report the status at once and let the browser run in the background. */
  showStatusBeforeBrowser?: boolean;
  /** 5.8 DEFAULT: the URL a device/user-initiated session opens (with ?InitiatedBy=), or undefined for none. */
  defaultSessionUrl?(url: string): string | undefined;

  /** 5.8.1: the values URL parameters are replaced with (null = no SIM / no 3GPP connection: TBD). */
  urlParams?(values: UrlParamValues): UrlParamValues;
}

/**
 * Combines behaviours: transforms run in the order given, flags are or-ed, and wrappers nest.
 * `storeRetrieved` and `deleteNode` replace the default, so the last one given wins.
 */
export function combineBehaviours(list: DeviceBehaviour[]): DeviceBehaviour {
  const chain =
    <K extends keyof DeviceBehaviour>(key: K) =>
    // biome-ignore lint/suspicious/noExplicitAny: the transforms share the shape (value, ...context) => value
    (value: any, ...rest: any[]) =>
      list.reduce((v, b) => {
        // biome-ignore lint/suspicious/noExplicitAny: see above
        const f = b[key] as ((...a: any[]) => any) | undefined;
        return f ? f.call(b, v, ...rest) : v;
      }, value);
  const has = (key: keyof DeviceBehaviour) => list.some((b) => b[key] !== undefined);
  const last = <K extends keyof DeviceBehaviour>(key: K) =>
    list.filter((b) => b[key] !== undefined).at(-1)?.[key];
  const out: DeviceBehaviour = {};
  for (const flag of [
    "allowPlaintextSessionUrl",
    "skipEndCommands",
    "statusAfterEnd",
    "stopAfterFailure",
    "showStatusBeforeBrowser",
  ] as const) {
    if (list.some((b) => b[flag])) out[flag] = true;
  }
  for (const key of [
    "pkg1Flags",
    "pkg1Document",
    "packageHeaders",
    "statusUrl",
    "statusPackage",
    "statusText",
    "commandStatus",
    "starList",
    "urlParams",
  ] as const) {
    // biome-ignore lint/suspicious/noExplicitAny: assigning a chained transform to its own key
    if (has(key)) (out as any)[key] = chain(key);
  }
  if (has("defaultSessionUrl")) {
    out.defaultSessionUrl = (url) =>
      list.reduce<string | undefined>(
        (u, b) => (u !== undefined && b.defaultSessionUrl ? b.defaultSessionUrl(u) : u),
        url,
      );
  }
  if (has("execAlert")) {
    out.execAlert = (alert) =>
      list.reduce<GenericAlert | undefined>(
        (a, b) => (a !== undefined && b.execAlert ? b.execAlert(a) : a),
        alert,
      );
  }
  if (has("wrapCommand")) {
    out.wrapCommand = (name, run, runners) =>
      list.reduce((r, b) => (b.wrapCommand ? b.wrapCommand(name, r, runners) : r), run);
  }
  const store = last("storeRetrieved");
  if (store) out.storeRetrieved = store as DeviceBehaviour["storeRetrieved"];
  const del = last("deleteNode");
  if (del) out.deleteNode = del as DeviceBehaviour["deleteNode"];
  return out;
}
