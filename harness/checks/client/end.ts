/**
 * END (5.5): "If the command END is present the client MUST NOT connect back to the server and send
 * status for last commands and request new commands. In this case the client MUST execute all
 * commands but after that the session is closed."
 *
 * - 5.5-01: the other commands of an answer carrying END must run. The harness can see a command
 *   run when it sends a request: GET/PUT/POST to its ServerURI, SHOW's page load, EXEC's alert to
 *   its ServerURI; a DELETE shows in a later session's upload of the node (gone). A batch with
 *   none of those shows nothing.
 * - 5.5-02: after the answer carrying END, nothing but those commands' own requests may arrive. The
 *   harness must have watched (a quiet period recorded in the transcript) for silence to count.
 */
import { eventEvidence, expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import {
  type DeviceSessionView,
  type DmPackage,
  hasEnd,
  packageName,
} from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import type { Command } from "../../protocol/command-file.ts";
import { readBackEvidence, readBacksOf } from "./delete.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { answeredAt, quietWatches, requestsTo, sessionEnding } from "./session-view.ts";
import { findUploads } from "./upload.ts";

export const CLAUSE_END_EXECUTES = "DMC-5.5-01";
export const CLAUSE_END_SILENCE = "DMC-5.5-02";

/** The ServerURI a command's execution would request, when the harness can see it. */
export function observableTarget(cmd: Command): string | undefined {
  switch (cmd.name) {
    case "GET":
    case "PUT":
    case "POST":
    case "SHOW":
      return cmd.params[0];
    case "EXEC":
      return cmd.params[1];
    default:
      return undefined;
  }
}

function endPackages(view: DeviceSessionView): DmPackage[] {
  return view.packages.filter((p) => hasEnd(p.answer));
}

/** DMC-5.5-01: every command of an answer that carries END is executed. */
export function checkEndCommandsRun(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
    for (const p of endPackages(view)) {
      const from = answeredAt(p.exchange) - 1;
      for (const cmd of p.answer!.commands) {
        if (cmd.name === "END") continue;
        if (cmd.name === "DELETE" && cmd.params.length === 1) {
          obs.push(deleteBesideEnd(views, p, cmd));
          continue;
        }
        const target = observableTarget(cmd);
        if (!target) continue;
        const hits = requestsTo(view, target, { from });
        obs.push(
          hits.length > 0
            ? ok(`"${cmd.raw}" ran after the answer to ${packageName(p)} carried END`, undefined, [
                responseEvidence(p.exchange),
                requestEvidence(hits[0]!),
              ])
            : bad(
                `"${cmd.raw}" was not executed: the answer to ${packageName(p)} carried END and no request to ${target} followed`,
                [
                  expectation(`request to ${target}`, "one: commands beside END must be executed", "none"),
                  responseEvidence(p.exchange),
                ],
              ),
        );
      }
    }
  }
  if (obs.length === 0)
    obs.push(
      unseen(
        "no answer carried END together with a command whose execution the harness can see",
        views
          .flatMap(endPackages)
          .slice(0, 2)
          .map((p) => responseEvidence(p.exchange)),
      ),
    );
  return verdictOf(CLAUSE_END_EXECUTES, "commands sent with END", obs);
}

/** A DELETE beside END: judged on the first later upload that shows the node. */
function deleteBesideEnd(views: DeviceSessionView[], p: DmPackage, cmd: Command): Observation {
  const node = cmd.params[0]!;
  const later = readBacksOf(findUploads(views), node, answeredAt(p.exchange))[0];
  if (!later)
    return unseen(`"${cmd.raw}" beside END: ${node} was not read back in a later session`, [
      responseEvidence(p.exchange),
    ]);
  if (later.state === "present")
    return bad(
      `"${cmd.raw}" was not executed: the answer to ${packageName(p)} carried END, and ${node} was still there when read back`,
      [
        expectation(`${node} after the DELETE beside END`, "gone", JSON.stringify(later.value)),
        responseEvidence(p.exchange),
        ...readBackEvidence(later.u),
      ],
    );
  return ok(
    `"${cmd.raw}" ran after the answer to ${packageName(p)} carried END: ${node} is gone`,
    undefined,
    [responseEvidence(p.exchange), ...readBackEvidence(later.u)],
  );
}

/**
 * DMC-5.5-02: after the answer carrying END, no status package and no request for new commands:
 * no DM package and no other request on the DM session's own listener. Requests for resources
 * (the END batch's own GET/PUT/POST/EXEC/SHOW, a browser still on a SHOW page) are not the device
 * connecting back to the DM session; a request a device sent for such a resource to the session's
 * own origin is judged by that command's clause.
 */
export function checkNoContactAfterEnd(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
    const watches = quietWatches(view.transcript);
    for (const p of endPackages(view)) {
      const endAt = answeredAt(p.exchange);
      // Every request to the DM session is a DM package (the driver labels them pkgN).
      const offenders = view.packages.filter((q) => q.number > p.number).map((q) => q.exchange);
      if (offenders.length > 0) {
        const first = offenders[0]!;
        obs.push(
          bad(
            `the device connected back ${Math.round(first.startedAt - endAt)} ms after the answer to ${packageName(p)} carried END: ${first.request.method} ${first.request.target}`,
            [
              expectation(
                "requests to the DM session after END",
                "none (no status for the last commands, no request for new ones)",
                `${offenders.length}`,
              ),
              responseEvidence(p.exchange),
              ...offenders.slice(0, 2).map((ex) => requestEvidence(ex)),
            ],
          ),
        );
        continue;
      }
      const watch = watches.find((w) => w.to >= endAt);
      if (!watch) {
        obs.push(
          unseen(`the harness did not watch the listener after the answer to ${packageName(p)} carried END`, [
            responseEvidence(p.exchange),
          ]),
        );
        continue;
      }
      obs.push(
        ok(
          `no request to the DM session in the ${Math.round(watch.to - endAt)} ms watched after END in the answer to ${packageName(p)}`,
          undefined,
          [responseEvidence(p.exchange), eventEvidence(watch.start), eventEvidence(watch.end)],
        ),
      );
    }
  }
  if (obs.length === 0) obs.push(unseen("no answer carried END", views.flatMap(sessionEnding).slice(0, 4)));
  return verdictOf(CLAUSE_END_SILENCE, "answers carrying END", obs);
}
