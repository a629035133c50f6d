/**
 * PUT / POST and Levels (5.8): "The ClientURI's may contain the query 'Levels=n' then the client
 * will only include n sublevels of childe nodes. Default is all childe nodes MUST be included if the
 * Levels parameter is not included."
 *
 * What "n sublevels of child nodes" counts is not defined; two readings are lawful and both are
 * accepted (docs/interpretations.md):
 * - "leaves belong to the node": a node's own leaves come with it, its interior children are
 *   sublevel 1; Levels=0 is the node with its leaves.
 * - "every child is a sublevel": the node's children, leaves and interior nodes alike, are
 *   sublevel 1; Levels=0 is the node alone (an object with no content), Levels=1 its children.
 * Either way, interior nodes at the cut may be left out or sent empty ({}). A device must keep one
 * reading: Levels uploads that only one reading explains must all be explained by the same one.
 *
 * The reference content is what the harness itself stored at the node (a GET with that ClientURI
 * earlier in the session), or else the same node uploaded without Levels in the same session.
 */
import { expectation, requestEvidence } from "../../model/evidence.ts";
import type { DeviceSessionView } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { levelDepth, limitLevels, parseClientUri } from "../../protocol/client-uri.ts";
import { getsOf } from "./get.ts";
import { missingFrom, type Node, sameContent } from "./node-content.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { findUploads, type Upload, uploadedContent } from "./upload.ts";

export const CLAUSE_FULL_DEPTH = "DMC-5.8-07";
export const CLAUSE_LEVELS = "DMC-5.8-08";

export type LevelsReading = "leaves belong to the node" | "every child is a sublevel";
const READINGS: readonly LevelsReading[] = ["leaves belong to the node", "every child is a sublevel"];
type Cut = "omit" | "empty";

/** What `levels` sublevels of `node` are under a reading, with interior nodes at the cut cut as `cut`. */
export function levelsOf(node: Node, levels: number, reading: LevelsReading, cut: Cut): Node {
  if (reading === "leaves belong to the node") return limitLevels(node, levels, { cut });
  return levels === 0 ? {} : limitLevels(node, levels - 1, { cut });
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

interface UploadedNode {
  u: Upload;
  clientUri: string;
  key: string;
  levels: number | null;
  content: Node;
}

/** Every (upload, ClientURI, content) of the views. */
function uploadedNodes(views: DeviceSessionView[]): UploadedNode[] {
  const out: UploadedNode[] = [];
  for (const u of findUploads(views)) {
    for (const cu of u.command.params.slice(1)) {
      const k = nodeKey(cu);
      const content = k ? uploadedContent(u, cu) : undefined;
      if (k && content) out.push({ u, clientUri: cu, key: k.key, levels: k.levels, content });
    }
  }
  return out;
}

/** What the harness stored at a node before an upload: the last GET with that ClientURI in the session that succeeded. */
function storedBefore(n: UploadedNode): Node | undefined {
  const at = n.u.carrier.exchange.startedAt;
  const stores = getsOf([n.u.view]).filter(
    (g) =>
      g.clientUri !== undefined &&
      nodeKey(g.clientUri)?.key === n.key &&
      g.served !== undefined &&
      (g.c.status === undefined || (g.c.status.code !== null && g.c.status.code < 300)) &&
      (g.c.carrier.exchange.startedAt < at || (g.c.carrier === n.u.carrier && g.c.index < n.u.index)),
  );
  return stores.at(-1)?.served?.content;
}

/** DMC-5.8-07: without Levels, every child node is included. */
export function checkFullDepth(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  const nodes = uploadedNodes(views);
  for (const n of nodes.filter((x) => x.levels === null)) {
    const stored = storedBefore(n);
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
  obs.push(...uploadsThatSentNothing(views, (levels) => levels === null, "without Levels"));
  if (obs.length === 0) obs.push(unseen("no PUT/POST without Levels uploaded a node"));
  return verdictOf(CLAUSE_FULL_DEPTH, "uploads without Levels", obs);
}

/**
 * PUT/POST of a node that the device answered with a status but whose node never reached the
 * harness: it was asked, it answered, it did not do it. A refusal (error status) of a node that
 * exists is that too; 5.8-06 judges the upload itself.
 */
function uploadsThatSentNothing(
  views: DeviceSessionView[],
  wants: (levels: number | null) => boolean,
  what: string,
): Observation[] {
  const out: Observation[] = [];
  for (const u of findUploads(views)) {
    if (!u.reporter) continue;
    for (const cu of u.command.params.slice(1)) {
      const k = nodeKey(cu);
      if (!k || !wants(k.levels) || uploadedContent(u, cu) !== undefined) continue;
      const knownToExist = storedBefore({ u, clientUri: cu, key: k.key, levels: k.levels, content: {} });
      if (!knownToExist) continue; // a node the harness never stored may not exist: nothing is due
      out.push(
        bad(
          `"${u.command.raw}" (${what}) was answered with status ${u.statusCode ?? "(none)"} but ${withoutQuery(cu)}, which the harness stored earlier in the session, never reached ${u.command.params[0]}`,
          [
            expectation(
              `upload of ${cu}`,
              "a TNDS20 object for the node",
              u.requests.length > 0 ? "no object for it" : "no request",
            ),
            requestEvidence(u.reporter.exchange),
            ...u.requests.slice(0, 1).map((r) => requestEvidence(r)),
          ],
        ),
      );
    }
  }
  return out;
}

/** DMC-5.8-08: with ?Levels=n, only n sublevels of child nodes (under one of the two readings). */
export function checkLevels(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  const nodes = uploadedNodes(views);
  /** The first upload each reading alone explained, to show a device switching readings. */
  const decided = new Map<LevelsReading, UploadedNode>();
  for (const n of nodes.filter((x) => x.levels !== null)) {
    const levels = n.levels!;
    const full = nodes.find((x) => x.key === n.key && x.levels === null && x.u.view === n.u.view);
    const stored = storedBefore(n);
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
    const shown = [
      requestEvidence(ex),
      ...(reference === full?.content ? full.u.requests.slice(0, 1).map((r) => requestEvidence(r)) : []),
    ];
    const matches = READINGS.flatMap((reading) =>
      (["omit", "empty"] as const).flatMap((cut) =>
        sameContent(levelsOf(reference, levels, reading, cut), n.content) ? [{ reading, cut }] : [],
      ),
    );
    if (matches.length === 0) {
      const candidates = READINGS.map(
        (r) => `${r}: ${JSON.stringify(levelsOf(reference, levels, r, "omit"))}`,
      );
      obs.push(
        bad(
          `"${n.u.command.raw}" uploaded ${levelDepth(n.content)} sublevel(s) of ${withoutQuery(n.clientUri)} for Levels=${levels}, which no reading of "n sublevels" gives`,
          [
            expectation(
              `${n.clientUri} (reference: ${basis})`,
              candidates.join("\nor        "),
              JSON.stringify(n.content),
            ),
            ...shown,
          ],
        ),
      );
      continue;
    }
    const readings = [...new Set(matches.map((m) => m.reading))];
    if (readings.length === 1) {
      const reading = readings[0]!;
      const other = [...decided.entries()].find(([r]) => r !== reading);
      if (other) {
        obs.push(
          bad(
            `"${n.u.command.raw}" reads Levels as "${reading}", but "${other[1].u.command.raw}" read it as "${other[0]}": a device keeps one reading`,
            [
              expectation("one reading of Levels=n across the run", other[0], reading),
              requestEvidence(other[1].u.requests[0]!),
              ...shown,
            ],
          ),
        );
        continue;
      }
      if (!decided.has(reading)) decided.set(reading, n);
    }
    const cuts = [...new Set(matches.map((m) => m.cut))];
    obs.push(
      ok(
        `${n.clientUri}: Levels=${levels} as ${readings.join(" or ")}`,
        `Levels: ${readings.length === 1 ? readings[0] : "both readings give the same here"}; interior nodes at the cut ${cuts.length === 2 ? "(none at the cut)" : cuts[0] === "omit" ? "left out" : "sent empty"}`,
        shown,
      ),
    );
  }
  obs.push(...uploadsThatSentNothing(views, (levels) => levels !== null, "with Levels"));
  if (obs.length === 0) obs.push(unseen("no PUT/POST with ?Levels=n uploaded a node"));
  return verdictOf(CLAUSE_LEVELS, "uploads with Levels", obs);
}
