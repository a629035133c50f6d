/**
 * PUT / POST (5.8): "The client MUST create one TNDS20 object containing all ClientURI's and send it
 * to the server as HTTP PUT respectively as HTTP POST. The ClientURI's may contain the query
 * 'Levels=n' then the client will only include n sublevels of childe nodes. Default is all childe
 * nodes MUST be included if the Levels parameter is not included. If the ClientURI is '*' then all
 * supported MOID that the server has access right to MUST be returned. In addition to that if the
 * Levels=1 parameter is included the all MO instances MUST also be included."
 *
 * Readings (docs/interpretations.md):
 * - Levels: a node's leaves belong to it, its interior children are sublevel 1. Interior nodes
 *   below the cut may be left out or sent empty ({}); both are accepted and recorded.
 * - Levels is judged against the same node uploaded without Levels in the same batch, or, where
 *   the harness stored the node itself, against what it stored.
 * - "*?Levels=1": the instances may come as Path lists in the MO list or as one TNDS20 object per
 *   instance; DevInfo, a singleton every device has, must appear either way.
 * - Uploads may go to http:// ServerURIs; nothing here judges the scheme.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import type { HttpExchange } from "../../model/transcript.ts";
import type { DeviceSessionView, DmPackage } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { levelDepth, limitLevels, parseClientUri } from "../../protocol/client-uri.ts";
import type { Command } from "../../protocol/command-file.ts";
import { DEVINFO_MOID, moidMatches, parseTnds20, type Tnds20Parse } from "../../protocol/tnds20.ts";
import { missingFrom, type Node, objectFor, sameContent } from "./node-content.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { commandsWithStatus, commandWindow, requestsTo } from "./session-view.ts";
import { isUnrecognised } from "./status-package.ts";

export const CLAUSE_UPLOAD = "DMC-5.8-06";
export const CLAUSE_FULL_DEPTH = "DMC-5.8-07";
export const CLAUSE_LEVELS = "DMC-5.8-08";
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
export function checkUploadMethod(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  for (const u of findUploads(views)) {
    const method = u.command.name!;
    const target = u.command.params[0]!;
    if (u.requests.length === 0) {
      obs.push(
        bad(`"${u.command.raw}" sent nothing to ${target}`, [
          expectation(`HTTP ${method} to ${target}`, "one request carrying a TNDS20 document", "none"),
          ...uploadEvidence(u),
        ]),
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
    for (const { cu, f } of found) {
      if (parseClientUri(cu).star) {
        if (!doc.moList) missing.push(`${cu} (no MO list)`);
      } else if (!f || (f.match !== "path" && used.has(f.object))) missing.push(cu);
      else used.add(f.object);
    }
    if (
      missing.length > 0 &&
      !(u.statusCode !== undefined && u.statusCode !== null && (u.statusCode < 200 || u.statusCode >= 300))
    ) {
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
        `upload Content-Type ${headerOf(ex, "content-type") ?? "(none)"}`,
        uploadEvidence(u),
      ),
    );
  }
  return verdictOf(CLAUSE_UPLOAD, "PUT/POST commands", obs);
}

function headerOf(ex: HttpExchange, name: string): string | undefined {
  const h = ex.request.rawHeaders;
  for (let i = 0; i + 1 < h.length; i += 2) if (h[i]!.toLowerCase() === name) return h[i + 1];
  return undefined;
}

function nodeKey(clientUri: string): { key: string; levels: number | null } | undefined {
  const p = parseClientUri(clientUri);
  if (!p.ok || p.star || p.moid === null) return undefined;
  const segs = p.path.split("/").filter((s) => s.length > 0);
  return { key: `${p.moid}/${segs.join("/")}`, levels: p.levels };
}

function withoutQuery(clientUri: string): string {
  const q = clientUri.indexOf("?");
  return q < 0 ? clientUri : clientUri.slice(0, q);
}

export interface LevelsOptions {
  /** Content the harness itself stored at a node before the uploads (by ClientURI without query): the full reference. */
  stored?: Record<string, Node>;
}

/** Every (upload, ClientURI, content) of the views, for the Levels checks. */
function uploadedNodes(views: DeviceSessionView[]) {
  const out: Array<{ u: Upload; clientUri: string; key: string; levels: number | null; content: Node }> = [];
  for (const u of findUploads(views)) {
    for (const cu of u.command.params.slice(1)) {
      const k = nodeKey(cu);
      const content = k ? uploadedContent(u, cu) : undefined;
      if (k && content) out.push({ u, clientUri: cu, key: k.key, levels: k.levels, content });
    }
  }
  return out;
}

function storedFor(opts: LevelsOptions, key: string): Node | undefined {
  for (const [cu, node] of Object.entries(opts.stored ?? {})) if (nodeKey(cu)?.key === key) return node;
  return undefined;
}

/** DMC-5.8-07: without Levels, every child node is included. */
export function checkFullDepth(views: DeviceSessionView[], opts: LevelsOptions = {}): CheckResult {
  const obs: Observation[] = [];
  const nodes = uploadedNodes(views);
  for (const n of nodes.filter((x) => x.levels === null)) {
    const stored = storedFor(opts, n.key);
    const ex = n.u.requests[0]!;
    if (stored) {
      const missing = missingFrom(stored, n.content);
      obs.push(
        missing.length > 0
          ? bad(
              `"${n.u.command.raw}" left out child nodes of ${n.clientUri} that the harness stored there: ${missing.slice(0, 3).join(", ")}`,
              [
                expectation(
                  `${n.clientUri} without Levels`,
                  `all child nodes (depth ${levelDepth(stored)})`,
                  `depth ${levelDepth(n.content)}; ${missing.join(", ")}`,
                ),
                requestEvidence(ex),
              ],
            )
          : ok(
              `${n.clientUri} uploaded with all ${levelDepth(stored)} sublevels the harness stored`,
              "compared with the content the harness stored",
              [requestEvidence(ex)],
            ),
      );
      continue;
    }
    // No stored reference: every Levels=n upload of the same node must be contained in this one.
    const siblings = nodes.filter((x) => x.key === n.key && x.levels !== null && x.u.view === n.u.view);
    const deeper = siblings.find((s) => missingFrom(s.content, n.content).length > 0);
    if (deeper) {
      obs.push(
        bad(
          `"${n.u.command.raw}" (no Levels) holds less of ${n.clientUri} than "${deeper.u.command.raw}" (Levels=${deeper.levels}): ${missingFrom(deeper.content, n.content).slice(0, 3).join(", ")}`,
          [
            expectation(
              `${n.clientUri} without Levels`,
              "every child node, so at least what any Levels=n upload holds",
              `depth ${levelDepth(n.content)} vs ${levelDepth(deeper.content)}`,
            ),
            requestEvidence(ex),
            requestEvidence(deeper.u.requests[0]!),
          ],
        ),
      );
    } else if (siblings.some((s) => levelDepth(s.content) > 0)) {
      const deepest = siblings.find((s) => levelDepth(s.content) > 0)!;
      obs.push(
        ok(
          `${n.clientUri} without Levels holds every Levels=n upload of it`,
          "consistency with the Levels=n uploads only",
          [requestEvidence(ex), ...deepest.u.requests.slice(0, 1).map((r) => requestEvidence(r))],
        ),
      );
    } else {
      obs.push(
        unseen(`${n.clientUri} was uploaded without Levels, but nothing shows how deep the node is`, [
          requestEvidence(ex),
        ]),
      );
    }
  }
  if (obs.length === 0) obs.push(unseen("no PUT/POST without Levels uploaded a node"));
  return verdictOf(CLAUSE_FULL_DEPTH, "uploads without Levels", obs);
}

/** DMC-5.8-08: with ?Levels=n, only n sublevels of child nodes. */
export function checkLevels(views: DeviceSessionView[], opts: LevelsOptions = {}): CheckResult {
  const obs: Observation[] = [];
  const nodes = uploadedNodes(views);
  for (const n of nodes.filter((x) => x.levels !== null)) {
    const levels = n.levels!;
    const full = nodes.find((x) => x.key === n.key && x.levels === null && x.u.view === n.u.view);
    const stored = storedFor(opts, n.key);
    // The device's own full upload is the reference unless it lost something the harness stored there.
    const reference =
      full && (!stored || missingFrom(stored, full.content).length === 0) ? full.content : stored;
    const basis =
      reference === full?.content
        ? "the same node uploaded without Levels"
        : "the content the harness stored";
    const ex = n.u.requests[0]!;
    if (!reference) {
      obs.push(unseen(`${n.clientUri}: no full upload of the node to compare with`, [requestEvidence(ex)]));
      continue;
    }
    if (levelDepth(reference) <= levels) {
      obs.push(
        unseen(
          `${n.clientUri}: the node is only ${levelDepth(reference)} sublevel(s) deep, so Levels=${levels} cuts nothing`,
          [requestEvidence(ex)],
        ),
      );
      continue;
    }
    const omit = limitLevels(reference, levels, { cut: "omit" });
    const empty = limitLevels(reference, levels, { cut: "empty" });
    // The cut upload, and the full one it was compared with when the device's own upload was the reference.
    const shown = [
      requestEvidence(ex),
      ...(reference === full?.content ? full.u.requests.slice(0, 1).map((r) => requestEvidence(r)) : []),
    ];
    if (sameContent(omit, n.content))
      obs.push(
        ok(
          `${n.clientUri} holds exactly ${levels} sublevel(s)`,
          "interior nodes below the cut left out",
          shown,
        ),
      );
    else if (sameContent(empty, n.content))
      obs.push(
        ok(
          `${n.clientUri} holds exactly ${levels} sublevel(s)`,
          "interior nodes below the cut sent empty",
          shown,
        ),
      );
    else {
      obs.push(
        bad(
          `"${n.u.command.raw}" uploaded ${levelDepth(n.content)} sublevel(s) of ${withoutQuery(n.clientUri)} for Levels=${levels}`,
          [
            expectation(
              `${n.clientUri} (reference: ${basis})`,
              JSON.stringify(omit),
              JSON.stringify(n.content),
            ),
            requestEvidence(ex),
          ],
        ),
      );
    }
  }
  if (obs.length === 0) obs.push(unseen("no PUT/POST with ?Levels=n uploaded a node"));
  return verdictOf(CLAUSE_LEVELS, "uploads with Levels", obs);
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
        obs.push(unseen(`"${u.command.raw}" sent nothing to judge`, uploadEvidence(u)));
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
