/**
 * Executes the commands of one command file (5.8), each independently and in order: a failing
 * command gets its failing status and the next one runs. One status per command, in order.
 *
 * Status codes are those of OMA DM 1.x: 200 OK, 215 not executed, 400 bad request (a parameter
 * that is not a URL / ClientURI), 404 not found, 405 command not allowed (EXEC on a node that is
 * not executable), 500 command failed (HTTP or transport failure, unusable document), and the
 * profile's "Optional Feature Not Supported" (406) for unrecognised or malformed commands. Where
 * the draft allows more than one behaviour, the context's readings (readings.ts) choose.
 */
import { MEDIA } from "../protocol/http-rules.ts";
import type { Command, CommandRunner, CommandStatus, DeviceBehaviour } from "./behaviour.ts";
import { browse, readShowTarget } from "./browser.ts";
import { type ClientUri, readClientUri } from "./client-uri.ts";
import { contentOf, type DmTree, type Tnds20Object } from "./dm-tree.ts";
import { type DeviceHttp, type DeviceHttpResult, isHttpError, utf8 } from "./http-io.ts";
import { DEVINFO_MOID, type GenericAlert, moList, type Tnds20Document } from "./pkg1.ts";
import { type DeviceProfile, type DeviceState, type ExecHandler, isFailure, STATUS } from "./profile.ts";
import type { DeviceReadings } from "./readings.ts";
import { substituteParams, type UrlParamValues } from "./url-params.ts";
import { alertRequest, contentType, headerNames, writeDocument } from "./wire-form.ts";

export const TNDS20_MEDIA = MEDIA.tnds20;

/** Something the executor did, for logs and evidence. */
export interface DeviceEvent {
  kind: string;
  detail: string;
}

export interface ExecutorContext {
  tree: DmTree;
  http: DeviceHttp;
  profile: DeviceProfile;
  state: DeviceState;
  behaviour: DeviceBehaviour;
  /** Which lawful reading the device takes where the draft allows several. */
  readings: DeviceReadings;
  /** Executable nodes by ClientURI (MOID + path, no query). */
  executables: ReadonlyMap<string, ExecHandler>;
  signal?: AbortSignal;
  log(event: DeviceEvent): void;
  /** Jobs that outlive the command (a SHOW browser running in the background); the session awaits them at its end. */
  background: Promise<unknown>[];
  /** Jobs to start once the status package of the running commands is on its way (session.ts). */
  afterStatus: Array<() => Promise<unknown>>;
  /**
   * Saves the device's state once the commands of a response have run, before their status goes
   * out: a device that says it stored something has stored it (a server may open the next session
   * the moment it reads the status).
   */
  persist?: () => Promise<void>;
}

/** Parameter counts of 5.8 (min, max). A command outside them is malformed: "not supported". */
const ARITY: Record<string, [number, number]> = {
  GET: [1, 2],
  PUT: [2, Number.POSITIVE_INFINITY],
  POST: [2, Number.POSITIVE_INFINITY],
  DELETE: [1, 1],
  EXEC: [1, 2],
  SHOW: [1, 1],
  DEFAULT: [2, 2],
  END: [0, 0],
};

/** Whether the engine recognises a command: a 5.8 keyword, written in upper case, with a valid parameter count. */
export function isRecognised(command: Pick<Command, "name" | "params">): boolean {
  const arity = ARITY[command.name];
  return arity !== undefined && command.params.length >= arity[0] && command.params.length <= arity[1];
}

export function isEnd(command: Command): boolean {
  return command.name === "END" && command.params.length === 0;
}

const ok = (...params: string[]): CommandStatus => ({ code: STATUS.ok, params });
const status = (code: number): CommandStatus => ({ code, params: [] });

export class CommandExecutor {
  /** The engine's own runner of each command, before any behaviour wraps it. */
  readonly runners: Readonly<Record<string, CommandRunner>>;

  constructor(private readonly ctx: ExecutorContext) {
    this.runners = {
      GET: (p) => this.get(p[0]!, p[1]),
      PUT: (p) => this.upload("PUT", p[0]!, p.slice(1)),
      POST: (p) => this.upload("POST", p[0]!, p.slice(1)),
      DELETE: (p) => this.delete(p[0]!),
      EXEC: (p) => this.exec(p[0]!, p[1]),
      SHOW: (p) => this.show(p[0]!),
      DEFAULT: (p) => this.setDefault(p[0]!, p[1]!),
      END: async () => ok(),
    };
  }

  async executeAll(commands: Command[]): Promise<CommandStatus[]> {
    const b = this.ctx.behaviour;
    const statuses: CommandStatus[] = [];
    let stopped = false;
    for (const command of commands) {
      if (stopped) {
        statuses.push(status(STATUS.notExecuted));
        continue;
      }
      let result = await this.executeOne(command);
      if (b.commandStatus) result = b.commandStatus(result, command);
      this.ctx.log({
        kind: "status",
        detail: `${command.line} -> ${[result.code, ...result.params].join(" ")}`,
      });
      statuses.push(result);
      if (b.stopAfterFailure && isFailure(result.code)) stopped = true;
    }
    return statuses;
  }

  private async executeOne(command: Command): Promise<CommandStatus> {
    const r = this.ctx.readings;
    const name = r.keywords === "any-case" ? command.name.toUpperCase() : command.name;
    const own = this.runners[name];
    if (!own) return status(this.ctx.profile.unsupportedStatus);
    if (!isRecognised({ name, params: command.params }))
      return status(r.wrongArity === "bad-request" ? STATUS.badRequest : this.ctx.profile.unsupportedStatus);
    const run = this.ctx.behaviour.wrapCommand?.(name, own, this.runners) ?? own;
    try {
      return await run(command.params);
    } catch (e) {
      // A bug or an abort inside one command must not take the session's other commands with it.
      this.ctx.log({ kind: "command-error", detail: `${command.line}: ${(e as Error).message}` });
      return status(STATUS.failed);
    }
  }

  // --- GET ServerURI [ClientURI] ---------------------------------------------------------------

  private async get(serverUri: string, clientUriText: string | undefined): Promise<CommandStatus> {
    const url = this.serverUrl(serverUri);
    if (!url) return status(STATUS.badRequest);
    let target: ClientUri | undefined;
    if (clientUriText !== undefined) {
      target = readClientUri(clientUriText);
      if (!target || target.star) return status(STATUS.badRequest);
      if (!this.ctx.tree.isSupported(target.moid)) return status(STATUS.notFound);
    }
    const res = await this.send("GET", url, "get");
    if (isHttpError(res) || isFailure(res.status)) return status(STATUS.failed);
    const objects = readTnds20Objects(res.body);
    if (!objects || objects.length === 0) return status(STATUS.failed);
    return target ? this.storeAt(target, objects) : this.storeNew(objects);
  }

  /** GET with ClientURI: the retrieved MO replaces whatever is at ClientURI. */
  private storeAt(target: ClientUri, objects: Tnds20Object[]): CommandStatus {
    const obj = objects.find((o) => o.MOID === target.moid) ?? objects[0]!;
    // A bare MOID of a multi-instance MO names no node: the document's Path says which instance.
    const resolved = this.ctx.tree.resolve(target.moid, target.path);
    const path = resolved.kind === "mo" ? (typeof obj.Path === "string" ? obj.Path : "") : target.path;
    if (resolved.kind === "mo" && path === "") return status(STATUS.badRequest);
    let content: ReturnType<typeof contentOf>;
    try {
      content = contentOf(obj);
    } catch {
      return status(STATUS.failed);
    }
    const store = this.ctx.behaviour.storeRetrieved ?? ((t, m, p, c) => t.replaceAt(m, p, c));
    return store(this.ctx.tree, target.moid, path, content) ? ok() : status(STATUS.notFound);
  }

  /** GET without ClientURI: each retrieved object becomes a new instance; its location is Param1 (and on). */
  private storeNew(objects: Tnds20Object[]): CommandStatus {
    const reading = this.ctx.readings.newInstance;
    const locations: string[] = [];
    for (const obj of objects) {
      if (typeof obj.MOID !== "string" || !this.ctx.tree.isSupported(obj.MOID)) return status(STATUS.failed);
      let content: ReturnType<typeof contentOf>;
      try {
        content = contentOf(obj);
      } catch {
        return status(STATUS.failed);
      }
      const served = reading.path === "served-path" && typeof obj.Path === "string" ? obj.Path : undefined;
      const path = this.ctx.tree.addInstance(obj.MOID, content, served);
      locations.push(reading.location === "path" ? `${path}` : `${obj.MOID}${path}`);
    }
    return { code: reading.status, params: locations };
  }

  // --- PUT/POST ServerURI ClientURI... ---------------------------------------------------------

  private async upload(
    method: "PUT" | "POST",
    serverUri: string,
    clientUris: string[],
  ): Promise<CommandStatus> {
    const url = this.serverUrl(serverUri);
    if (!url) return status(STATUS.badRequest);
    const r = this.ctx.readings;
    const doc: Tnds20Document = {};
    const objects: Tnds20Object[] = [];
    let missing = false;
    for (const text of clientUris) {
      const uri = readClientUri(text);
      if (!uri) return status(STATUS.badRequest);
      if (uri.star) {
        // "*": every supported MOID the server may access; "*?Levels=1" adds every instance.
        const withInstances = (uri.levels ?? 0) >= 1;
        const full = moList(this.ctx.tree, withInstances);
        const list = this.ctx.behaviour.starList?.(full, withInstances) ?? full;
        if (withInstances && r.starInstances === "objects") {
          // The instances themselves instead of their Paths: one TNDS20 object per listed instance.
          for (const mo of list)
            for (const p of mo.Path ?? []) objects.push(...(this.ctx.tree.export(mo.MOID, p) ?? []));
          doc.MO = [...(doc.MO ?? []), ...list.map(({ MOID, DDF }) => ({ MOID, DDF }))];
        } else doc.MO = [...(doc.MO ?? []), ...list];
        continue;
      }
      const exported = this.ctx.tree.export(uri.moid, uri.path, uri.levels, r.levels);
      if (exported) objects.push(...exported);
      // A ClientURI that names nothing fails the command: as a whole (nothing sent), or the rest is sent.
      else if (r.missingNode === "refuse-command") return status(STATUS.notFound);
      else missing = true;
    }
    if (objects.length > 0) doc.TNDS20 = objects;
    const res = await this.send(method, url, method.toLowerCase(), TNDS20_MEDIA, writeDocument(doc, r));
    if (isHttpError(res) || isFailure(res.status)) return status(STATUS.failed);
    return missing ? status(STATUS.notFound) : ok();
  }

  // --- DELETE ClientURI ------------------------------------------------------------------------

  private async delete(clientUriText: string): Promise<CommandStatus> {
    const uri = readClientUri(clientUriText);
    if (!uri || uri.star || uri.levels !== undefined) return status(STATUS.badRequest);
    const del = this.ctx.behaviour.deleteNode ?? ((t, m, p) => t.delete(m, p));
    return del(this.ctx.tree, uri.moid, uri.path) ? ok() : status(this.ctx.readings.deleteMissingStatus);
  }

  // --- EXEC ClientURI [ServerURI] --------------------------------------------------------------

  private async exec(clientUriText: string, serverUri: string | undefined): Promise<CommandStatus> {
    const uri = readClientUri(clientUriText);
    if (!uri || uri.star || uri.levels !== undefined) return status(STATUS.badRequest);
    const serverTarget = serverUri === undefined ? undefined : this.serverUrl(serverUri);
    if (serverUri !== undefined && !serverTarget) return status(STATUS.badRequest);
    if (this.ctx.tree.valueAt(uri.moid, uri.path) === undefined) return status(STATUS.notFound);
    const handler = this.ctx.executables.get(`${uri.moid}${uri.path}`);
    if (!handler) return status(STATUS.notAllowed);
    const outcome = handler(this.ctx.tree, `${uri.moid}${uri.path}`);
    this.ctx.log({ kind: "exec", detail: `${clientUriText} executed` });
    const alert = this.ctx.behaviour.execAlert ? this.ctx.behaviour.execAlert(outcome.alert) : outcome.alert;
    if (!alert) return ok();
    // The MO's own alert server wins; else the EXEC's ServerURI; with neither, the next Pkg#1 carries it.
    const target = outcome.alertServer ?? serverTarget;
    if (!target) {
      this.ctx.state.pendingAlerts.push(alert);
      return ok();
    }
    const deliver = async () => {
      const { contentType: type, body } = alertRequest(alert, this.ctx.readings);
      const res = await this.send("POST", target, "alert", type, body);
      if (isHttpError(res) || isFailure(res.status)) {
        // Executed all the same; the alert is not lost, it rides with the next Pkg#1.
        this.ctx.state.pendingAlerts.push(alert);
      }
    };
    if (this.ctx.readings.execAlert === "after-status") this.ctx.afterStatus.push(deliver);
    else await deliver();
    return ok();
  }

  // --- SHOW ServerURI --------------------------------------------------------------------------

  private async show(serverUri: string): Promise<CommandStatus> {
    if (!this.ctx.profile.show) return status(this.ctx.profile.unsupportedStatus);
    const url = this.serverUrl(serverUri);
    const target = url ? readShowTarget(url) : undefined;
    // "The Query string ?Close=URL or ?Continue=URL MUST be present": without it the browser could never hand back.
    if (!target) return status(STATUS.badRequest);
    const browsing = browse(this.ctx.http, target, {
      maxLoads: this.ctx.profile.browserMaxLoads,
      userAgent: this.ctx.profile.userAgent,
      ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
    }).then((outcome) => {
      this.ctx.log({ kind: "browser", detail: `${outcome.kind} after ${outcome.loads.join(" -> ")}` });
      return outcome;
    });
    if (this.ctx.behaviour.showStatusBeforeBrowser) {
      this.ctx.background.push(browsing);
      return ok();
    }
    const outcome = await browsing;
    return outcome.kind === "stuck" ? status(STATUS.failed) : ok();
  }

  // --- DEFAULT MOID ServerURL ------------------------------------------------------------------

  private async setDefault(moid: string, serverUrl: string): Promise<CommandStatus> {
    try {
      new URL(serverUrl.replace(/\[[A-Z]+\]/g, "x"));
    } catch {
      return status(STATUS.badRequest);
    }
    // Kept as written: URL parameters are replaced when the URL is used, not when it is learnt.
    this.ctx.state.defaults[moid] = serverUrl;
    return ok();
  }

  // --- shared ----------------------------------------------------------------------------------

  /**
   * A ServerURI with its URL parameters replaced, or undefined when it is not an absolute http(s)
   * URL (or, under the reading that refuses plaintext ServerURIs, not https).
   */
  serverUrl(serverUri: string): string | undefined {
    const replaced = substituteParams(
      serverUri,
      urlParamValues(this.ctx.tree, this.ctx.profile, this.ctx.behaviour),
      this.ctx.readings.urlParams,
    );
    const plainOk = this.ctx.readings.plainServerUris === "follow";
    try {
      const u = new URL(replaced);
      return u.protocol === "https:" || (plainOk && u.protocol === "http:") ? replaced : undefined;
    } catch {
      return undefined;
    }
  }

  /** A side request (GET target, upload, alert): the body, when there is one, has `type`. */
  private send(
    method: string,
    url: string,
    label: string,
    type?: string,
    body?: Uint8Array,
  ): Promise<DeviceHttpResult> {
    const r = this.ctx.readings;
    const headers: Array<[string, string]> = [
      type === undefined ? ["Accept", TNDS20_MEDIA] : ["Content-Type", contentType(type, r)],
      ...(r.deviceIdOnSideRequests
        ? [["X-OMADMDeviceID", this.ctx.profile.deviceId] as [string, string]]
        : []),
      ["User-Agent", this.ctx.profile.userAgent],
    ];
    return this.ctx.http.request({
      method,
      url,
      label,
      headers: headerNames(headers, r),
      ...(body === undefined ? {} : { body }),
      ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
    });
  }
}

/** The actual values of 5.8.1's URL parameters: MAN and MOD from DevInfo, the rest from the profile. */
export function urlParamValues(
  tree: DmTree,
  profile: DeviceProfile,
  behaviour: DeviceBehaviour,
): UrlParamValues {
  const leaf = (name: string, fallback: string) => {
    const v = tree.valueAt(DEVINFO_MOID, `/${name}`);
    return typeof v === "string" ? v : fallback;
  };
  const values: UrlParamValues = {
    MNC: profile.mnc,
    MCC: profile.mcc,
    CMNC: profile.cmnc,
    CMCC: profile.cmcc,
    MAN: leaf("Man", ""),
    MOD: leaf("Mod", ""),
    IMEI: profile.imei,
  };
  return behaviour.urlParams ? behaviour.urlParams(values) : values;
}

/**
 * TNDS20 objects in a retrieved document. Accepted forms: `{ "TNDS20": [ … ] }` (the form Pkg#1
 * uses), a bare array of objects, or one object with a MOID.
 */
export function readTnds20Objects(body: Uint8Array): Tnds20Object[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(body));
  } catch {
    return undefined;
  }
  const list = Array.isArray(json)
    ? json
    : typeof json === "object" && json !== null && Array.isArray((json as { TNDS20?: unknown }).TNDS20)
      ? (json as { TNDS20: unknown[] }).TNDS20
      : [json];
  if (!list.every((o) => typeof o === "object" && o !== null && !Array.isArray(o))) return undefined;
  return list as Tnds20Object[];
}

export type { GenericAlert };
