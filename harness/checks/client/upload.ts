/**
 * PUT / POST (5.8): "The client MUST create one TNDS20 object containing all ClientURI's and send it
 * to the server as HTTP PUT respectively as HTTP POST. The ClientURI's may contain the query
 * 'Levels=n' then the client will only include n sublevels of childe nodes. Default is all childe
 * nodes MUST be included if the Levels parameter is not included. If the ClientURI is '*' then all
 * supported MOID that the server has access right to MUST be returned. In addition to that if the
 * Levels=1 parameter is included the all MO instances MUST also be included."
 *
 * Readings (docs/interpretations.md):
 * - Levels (5.8-07/08) are judged in levels.ts.
 * - "*?Levels=1": the instances may come as Path lists in the MO list or as one TNDS20 object per
 *   instance; DevInfo, a singleton every device has, must appear either way.
 * - A PUT/POST naming a node that may not exist (not the root of a supported MO, not the IXIT's
 *   writable node) may be refused as a whole with an error status and nothing sent, or sent
 *   without that node with an error status; which one is recorded. A node every device has may
 *   be left out under neither.
 * - Uploads may go to http:// ServerURIs; nothing here judges the scheme.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import type { HttpExchange } from "../../model/transcript.ts";
import type { DeviceSessionView, DmPackage } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { parseClientUri } from "../../protocol/client-uri.ts";
import type { Command } from "../../protocol/command-file.ts";
import { DEVINFO_MOID, moidMatches, parseTnds20, type Tnds20Parse } from "../../protocol/tnds20.ts";
import { isUnrecognised } from "./command-kinds.ts";
import { describeKnown, holds, unlistedKnownNodes } from "./known-instances.ts";
import { type Node, objectFor } from "./node-content.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { commandsWithStatus, commandWindow, misdirectedRequests, requestsTo } from "./session-view.ts";

export const CLAUSE_UPLOAD = "DMC-5.8-06";
export const CLAUSE_STAR = "DMC-5.8-09";

export interface Upload {
  view: DeviceSessionView;
  command: Command;
  index: number;
  carrier: DmPackage;
  reporter?: DmPackage;
  statusCode?: number | null;
  /** Requests to the ServerURI while the command's batch ran. */
  requests: HttpExchange[];
  /** The first request's body, parsed. */
  doc?: Tnds20Parse;
}

const docs = new WeakMap<HttpExchange, Tnds20Parse>();

export function uploadDoc(ex: HttpExchange): Tnds20Parse {
  let d = docs.get(ex);
  if (!d) {
    d = parseTnds20(ex.request.body);
    docs.set(ex, d);
  }
  return d;
}

/** Every recognised PUT/POST command of the sessions, in the order they were sent, with what it caused. */
export function findUploads(views: DeviceSessionView[]): Upload[] {
  const out: Upload[] = [];
  for (const view of views) {
    for (const c of commandsWithStatus(view)) {
      if ((c.command.name !== "PUT" && c.command.name !== "POST") || isUnrecognised(c.command)) continue;
      const requests = requestsTo(view, c.command.params[0]!, commandWindow(view, c.carrier));
      out.push({
        view,
        command: c.command,
        index: c.index,
        carrier: c.carrier,
        ...(c.reporter ? { reporter: c.reporter } : {}),
        ...(c.status ? { statusCode: c.status.code } : {}),
        requests,
        ...(requests[0] ? { doc: uploadDoc(requests[0]) } : {}),
      });
    }
  }
  return out.sort((a, b) => a.carrier.exchange.startedAt - b.carrier.exchange.startedAt || a.index - b.index);
}

/** The content an upload carries for one of its ClientURIs, or undefined. */
export function uploadedContent(u: Upload, clientUri: string): Node | undefined {
  return u.doc ? objectFor(u.doc, clientUri)?.content : undefined;
}

function uploadEvidence(u: Upload) {
  return [responseEvidence(u.carrier.exchange), ...u.requests.slice(0, 1).map((ex) => requestEvidence(ex))];
}

/** DMC-5.8-06: one TNDS20 document with every ClientURI, sent with the command's HTTP method. */
/**
 * Nodes every device of this IXIT has: "*", the root of a supported MO, the IXIT's writable node.
 * A PUT/POST of anything else may name a node the device does not have (one the harness deleted).
 */
function knownToExist(clientUri: string, ixit: Ixit): boolean {
  const p = parseClientUri(clientUri);
  if (p.star) return true;
  if (!p.ok || p.moid === null) return false;
  const node = `${p.moid}${p.path === "/" ? "" : p.path}`;
  return (
    node === ixit.writableNode.split("?")[0] ||
    (p.path === "/" && ixit.supportedMOs.some((m) => moidMatches(m, p.moid!) || moidMatches(p.moid!, m)))
  );
}

export function checkUploadMethod(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = [];
  for (const u of findUploads(views)) {
    const method = u.command.name!;
    const target = u.command.params[0]!;
    if (u.requests.length === 0) {
      const refused =
        u.statusCode !== undefined && (u.statusCode === null || u.statusCode < 200 || u.statusCode >= 300);
      const unknown = u.command.params.slice(1).filter((cu) => !knownToExist(cu, ixit));
      if (refused && unknown.length > 0) {
        // Reading: a PUT/POST naming a node the device may not have can be refused as a whole.
        obs.push(
          ok(
            `"${u.command.raw}" refused with ${u.statusCode} (${unknown.join(", ")} may not exist)`,
            "a PUT/POST naming a node that may not exist refused with an error status, nothing sent",
            [...uploadEvidence(u), ...(u.reporter ? [requestEvidence(u.reporter.exchange)] : [])],
          ),
        );
        continue;
      }
      const elsewhere = misdirectedRequests(u.view, target, commandWindow(u.view, u.carrier));
      obs.push(
        bad(
          `"${u.command.raw}" sent nothing to ${target}${elsewhere[0] ? ` (it went to ${elsewhere[0].request.receivedOn ?? elsewhere[0].request.url} instead: the ServerURI's authority was ignored)` : ""}${u.statusCode !== undefined ? ` (status ${u.statusCode})` : ""}`,
          [
            expectation(
              `HTTP ${method} to ${target}`,
              "one request carrying a TNDS20 document",
              elsewhere[0] ? `a request to ${elsewhere[0].request.url}` : "none",
            ),
            ...uploadEvidence(u),
            ...elsewhere.slice(0, 1).map((ex) => requestEvidence(ex)),
          ],
        ),
      );
      continue;
    }
    const ex = u.requests[0]!;
    if (u.requests.length > 1) {
      obs.push(
        bad(
          `"${u.command.raw}" sent ${u.requests.length} requests to ${target}, not one TNDS20 object holding all ClientURIs`,
          [
            expectation(
              `requests to ${target}`,
              "1",
              `${u.requests.length}: ${u.requests.map((r) => r.request.method).join(", ")}`,
            ),
            ...u.requests.slice(0, 2).map((r) => requestEvidence(r)),
          ],
        ),
      );
      continue;
    }
    if (ex.request.method !== method) {
      obs.push(
        bad(`"${u.command.raw}" was sent as HTTP ${ex.request.method}, not HTTP ${method}`, [
          expectation(`HTTP method for ${method}`, method, ex.request.method),
          requestEvidence(ex),
        ]),
      );
      continue;
    }
    const doc = u.doc!;
    if (doc.value === undefined || typeof doc.value !== "object" || Array.isArray(doc.value)) {
      obs.push(
        bad(`"${u.command.raw}" uploaded a body that is not a TNDS20 document`, [requestEvidence(ex)]),
      );
      continue;
    }
    const missing: string[] = [];
    // An object answers one ClientURI: the only object of an MO cannot stand for two of its nodes.
    const used = new Set<unknown>();
    const found = u.command.params
      .slice(1)
      .map((cu) => ({ cu, f: parseClientUri(cu).star ? undefined : objectFor(doc, cu) }));
    for (const x of found) if (x.f?.match === "path") used.add(x.f.object);
    const readings: string[] = [];
    for (const { cu, f } of found) {
      if (parseClientUri(cu).star) {
        if (!doc.moList) missing.push(`${cu} (no MO list)`);
      } else if (!f && asInstances(doc, cu)) readings.push(`${cu} (an MO root) sent as its instances`);
      else if (!f || (f.match !== "path" && used.has(f.object))) missing.push(cu);
      else used.add(f.object);
    }
    const refused =
      u.statusCode !== undefined && u.statusCode !== null && (u.statusCode < 200 || u.statusCode >= 300);
    // Under an error status, only nodes that may not exist may be missing (as when nothing is sent).
    const excused = refused && missing.every((m) => !knownToExist(m, ixit));
    if (missing.length > 0 && !excused) {
      obs.push(
        bad(`"${u.command.raw}" uploaded a document without ${missing.join(", ")}`, [
          expectation(
            "objects in the upload",
            `one per ClientURI: ${u.command.params.slice(1).join(", ")}`,
            `MOIDs/Paths: ${doc.objects.map((o) => `${o.MOID}${o.Path ?? ""}`).join(", ") || "(none)"}`,
          ),
          requestEvidence(ex),
        ]),
      );
      continue;
    }
    obs.push(
      ok(
        `"${u.command.raw}" → HTTP ${method} ${ex.request.target}`,
        [
          missing.length > 0
            ? `a PUT/POST naming a node that may not exist sent without it, with status ${u.statusCode}`
            : `upload Content-Type ${headerOf(ex, "content-type") ?? "(none)"}`,
          ...readings,
        ].join("; "),
        uploadEvidence(u),
      ),
    );
  }
  return verdictOf(CLAUSE_UPLOAD, "PUT/POST commands", obs);
}

/**
 * A ClientURI naming an MO root (MOID, no path) may be answered by one object per instance of
 * that MO, each with its Path: the whole MO is in the document, as TNDS20 writes instances.
 */
function asInstances(doc: Tnds20Parse, clientUri: string): boolean {
  const uri = parseClientUri(clientUri);
  if (!uri.ok || uri.star || uri.moid === null || uri.path.replace(/\//g, "") !== "") return false;
  const moid = uri.moid;
  const ofMo = doc.objects.filter((o) => moidMatches(o.MOID, moid) || moidMatches(moid, o.MOID));
  return ofMo.length > 1 && ofMo.every((o) => typeof o.Path === "string" && o.Path.replace(/\//g, "") !== "");
}

function headerOf(ex: HttpExchange, name: string): string | undefined {
  const h = ex.request.rawHeaders;
  for (let i = 0; i + 1 < h.length; i += 2) if (h[i]!.toLowerCase() === name) return h[i + 1];
  return undefined;
}

/** DMC-5.8-09: "*" lists every supported MO; "*?Levels=1" adds every instance. */
export function checkStar(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = [];
  for (const u of findUploads(views)) {
    for (const cu of u.command.params.slice(1)) {
      const p = parseClientUri(cu);
      if (!p.star) continue;
      const doc = u.doc;
      if (!doc || u.requests.length === 0) {
        // Asked and answered (a status came), yet nothing uploaded: the MO list is simply missing.
        obs.push(
          u.reporter
            ? bad(
                `"${u.command.raw}" was answered with status ${u.statusCode ?? "(none)"} but no MO list reached ${u.command.params[0]}`,
                [
                  expectation(
                    `upload for ${cu}`,
                    `the supported MOs (${ixit.supportedMOs.length})`,
                    "no request",
                  ),
                  ...uploadEvidence(u),
                  requestEvidence(u.reporter.exchange),
                ],
              )
            : unseen(
                `"${u.command.raw}" was never answered: the session ended before its status`,
                uploadEvidence(u),
              ),
        );
        continue;
      }
      const list = doc.moList ?? [];
      const missing = ixit.supportedMOs.filter(
        (m) => !list.some((e) => moidMatches(e.moid, m) || moidMatches(m, e.moid)),
      );
      if (missing.length > 0) {
        obs.push(
          bad(
            `"${u.command.raw}" lists ${list.length} MO(s), not ${missing.join(", ")}, which the IXIT declares supported`,
            [
              expectation(
                `MO list for ${cu}`,
                ixit.supportedMOs.join(", "),
                list.map((e) => e.moid).join(", ") || "(no MO list)",
              ),
              requestEvidence(u.requests[0]!),
            ],
          ),
        );
        continue;
      }
      // "* beside a node": the one document holds the node too (5.8: one TNDS20 object containing
      // all ClientURI's), judged where the status says the command succeeded.
      const succeeded =
        u.statusCode !== undefined && u.statusCode !== null && u.statusCode >= 200 && u.statusCode < 300;
      const beside = u.command.params
        .slice(1)
        .map((raw) => ({ raw, q: parseClientUri(raw) }))
        .filter(({ q }) => q.ok && !q.star && q.moid);
      const absent = succeeded
        ? beside.filter(
            ({ q }) =>
              !doc.objects.some(
                (o) =>
                  moidMatches(o.MOID, q.moid!) &&
                  (q.path === "/" || holds(q.path, typeof o.Path === "string" ? o.Path : "/")),
              ),
          )
        : [];
      if (absent.length > 0) {
        obs.push(
          bad(
            `"${u.command.raw}" was reported done (${u.statusCode}) but its document lacks ${absent.map((a) => a.raw).join(", ")} beside the MO list`,
            [
              expectation(
                `objects beside ${cu}`,
                absent.map((a) => a.raw).join(", "),
                doc.objects.map((o) => `${o.MOID}${o.Path ? ` ${o.Path}` : ""}`).join(", ") || "(none)",
              ),
              requestEvidence(u.requests[0]!),
            ],
          ),
        );
        continue;
      }
      if ((p.levels ?? 0) < 1) {
        obs.push(
          ok(
            `${cu}: all ${ixit.supportedMOs.length} supported MOs listed`,
            `"*" ${list.some((e) => e.paths.length > 0) ? "with" : "without"} instance paths`,
            [requestEvidence(u.requests[0]!)],
          ),
        );
        continue;
      }
      const unlisted = unlistedKnownNodes(ixit, list, doc.objects);
      if (unlisted.length > 0) {
        obs.push(
          bad(`"${u.command.raw}" lists no location for ${unlisted.map(describeKnown).join(", ")}`, [
            expectation(
              `instances for ${cu}`,
              "every MO instance, the IXIT's writable and executable nodes' among them",
              list.map((e) => `${e.moid} [${e.paths.join(", ")}]`).join("; ") || "(no MO list)",
            ),
            requestEvidence(u.requests[0]!),
          ]),
        );
        continue;
      }
      const paths = list.reduce((k, e) => k + e.paths.length, 0);
      const devInfoPaths = list.filter((e) => moidMatches(e.moid, DEVINFO_MOID)).flatMap((e) => e.paths);
      const devInfoObject = doc.objects.some((o) => moidMatches(o.MOID, DEVINFO_MOID));
      if (devInfoPaths.length > 0 && paths > 0)
        obs.push(
          ok(`${cu}: ${paths} instance location(s) listed`, "instances as Path lists in the MO list", [
            requestEvidence(u.requests[0]!),
          ]),
        );
      else if (devInfoObject && doc.objects.length > 1)
        obs.push(
          ok(`${cu}: ${doc.objects.length} instance object(s)`, "instances as TNDS20 objects", [
            requestEvidence(u.requests[0]!),
          ]),
        );
      else {
        obs.push(
          bad(
            `"${u.command.raw}" lists the MOs but not their instances (${paths} Path(s), none for DevInfo; ${doc.objects.length} TNDS20 object(s))`,
            [
              expectation(
                `instances for ${cu}`,
                "every MO instance (a Path per instance, or the instances' objects)",
                `${paths} Path(s)`,
              ),
              requestEvidence(u.requests[0]!),
            ],
          ),
        );
      }
    }
  }
  if (obs.length === 0) obs.push(unseen('no PUT/POST of "*" was sent'));
  return verdictOf(CLAUSE_STAR, 'uploads of "*"', obs);
}
