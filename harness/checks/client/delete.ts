/**
 * DELETE (5.8): "The client MUST delete the node at the location ClientURI in the device and all
 * childe nodes to that one." Judged on uploads: an upload before the DELETE shows the node existed
 * (in its parent's upload, or its own); an upload after it (of the parent, or of the node itself)
 * must show neither the node nor anything of its subtree. A DELETE of a node the harness never saw
 * shows nothing about this clause (a DELETE of a missing node is the "failing command" of 5.8-02).
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { DeviceSessionView } from "../../model/transcript-contract.ts";
import type { CheckResult, Evidence } from "../../model/verdict.ts";
import { parseClientUri } from "../../protocol/client-uri.ts";
import { isUnrecognised } from "./command-kinds.ts";
import { valueAt } from "./node-content.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { commandsWithStatus } from "./session-view.ts";
import { findUploads, type Upload, uploadedContent } from "./upload.ts";

export const CLAUSE_DELETE = "DMC-5.8-10";

function parentOf(clientUri: string): { parent: string; child: string } | undefined {
  const p = parseClientUri(clientUri);
  if (!p.ok || p.star || p.moid === null) return undefined;
  const segs = p.path.split("/").filter((s) => s.length > 0);
  const child = segs.pop();
  if (child === undefined) return undefined;
  return { parent: segs.length === 0 ? p.moid : `${p.moid}/${segs.join("/")}`, child };
}

/** What an upload shows of `node` (ClientURI): "present", "absent", or undefined when it does not cover it. */
function shows(
  u: Upload,
  node: string,
  rel: { parent: string; child: string },
): { state: "present" | "absent"; value?: unknown } | undefined {
  if (u.command.params.slice(1).includes(node)) {
    if (u.statusCode !== undefined && u.statusCode !== null && (u.statusCode < 200 || u.statusCode >= 300))
      return { state: "absent" };
    const own = uploadedContent(u, node);
    return own ? { state: "present", value: own } : undefined;
  }
  if (u.command.params.slice(1).includes(rel.parent)) {
    const parent = uploadedContent(u, rel.parent);
    if (!parent) return undefined;
    const value = valueAt(parent, rel.child);
    return value === undefined ? { state: "absent" } : { state: "present", value };
  }
  return undefined;
}

/**
 * The uploads (of the node or its parent) that show whether `node` exists, after `after` ms and
 * from another package than `carrier`: how a later session reads back what a DELETE did.
 */
export function readBacksOf(
  uploads: Upload[],
  node: string,
  after: number,
  carrier?: Upload["carrier"],
): Array<{ u: Upload; state: "present" | "absent"; value?: unknown }> {
  const rel = parentOf(node);
  if (!rel) return [];
  return uploads
    .filter((u) => u.carrier !== carrier && u.carrier.exchange.startedAt > after)
    .flatMap((u) => {
      const s = shows(u, node, rel);
      return s ? [{ u, ...s }] : [];
    });
}

/**
 * The wire of an upload that read a node back: its request, or, when the device refused it (the
 * node was gone), the status package that says so.
 */
export function readBackEvidence(u: Upload): Evidence[] {
  const ex = u.requests[0] ?? u.reporter?.exchange;
  return ex ? [requestEvidence(ex)] : [responseEvidence(u.carrier.exchange)];
}

/** DMC-5.8-10: DELETE removes the node and all its child nodes. */
export function checkDelete(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  const uploads = findUploads(views);
  for (const view of views) {
    for (const d of commandsWithStatus(view)) {
      if (d.command.name !== "DELETE" || isUnrecognised(d.command)) continue;
      const node = d.command.params[0]!;
      const rel = parentOf(node);
      if (!rel) continue;
      const at = d.carrier.exchange.startedAt;
      const beforeShown = uploads
        .filter((u) => u.carrier.exchange.startedAt < at || (u.carrier === d.carrier && u.index < d.index))
        .map((u) => ({ u, s: shows(u, node, rel) }))
        .filter((x) => x.s !== undefined)
        .at(-1);
      if (!beforeShown || beforeShown.s!.state !== "present") {
        obs.push(
          unseen(`"${d.command.raw}": no earlier upload showed ${node} existed`, [
            responseEvidence(d.carrier.exchange),
            ...(beforeShown ? readBackEvidence(beforeShown.u) : []),
          ]),
        );
        continue;
      }
      const status = d.status;
      if (status && (status.code === null || status.code < 200 || status.code >= 300)) {
        obs.push(
          bad(`"${d.command.raw}" failed with status "${status.raw}" although ${node} existed`, [
            expectation(`status of "${d.command.raw}"`, "2xx", status.raw),
            ...beforeShown.u.requests
              .slice(0, 1)
              .map((ex) =>
                requestEvidence(ex, `upload showing ${node} before the DELETE (exchange #${ex.seq})`),
              ),
            ...(d.reporter ? [requestEvidence(d.reporter.exchange)] : []),
          ]),
        );
        continue;
      }
      const afterShown = readBacksOf(uploads, node, at, d.carrier).map(({ u, ...s }) => ({ u, s }));
      if (afterShown.length === 0) {
        obs.push(
          unseen(`"${d.command.raw}": ${node} was not read back in a later package`, [
            responseEvidence(d.carrier.exchange),
            ...(d.reporter ? [requestEvidence(d.reporter.exchange)] : []),
          ]),
        );
        continue;
      }
      const remains = afterShown.find((x) => x.s!.state === "present");
      if (remains) {
        obs.push(
          bad(
            `${node} still exists after "${d.command.raw}" reported ${status?.raw ?? "no status"}: ${JSON.stringify(remains.s!.value)}`,
            [
              expectation(
                `${node} after DELETE`,
                "gone, with all its child nodes",
                JSON.stringify(remains.s!.value),
              ),
              responseEvidence(d.carrier.exchange),
              ...remains.u.requests.slice(0, 1).map((ex) => requestEvidence(ex)),
            ],
          ),
        );
        continue;
      }
      obs.push(
        ok(
          `${node} and its subtree are gone after "${d.command.raw}"`,
          `read back ${afterShown.length} time(s)`,
          [
            ...beforeShown.u.requests
              .slice(0, 1)
              .map((ex) =>
                requestEvidence(ex, `upload showing ${node} before the DELETE (exchange #${ex.seq})`),
              ),
            responseEvidence(d.carrier.exchange),
            ...readBackEvidence(afterShown[0]!.u),
          ],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_DELETE, "DELETE commands of existing nodes", obs);
}
