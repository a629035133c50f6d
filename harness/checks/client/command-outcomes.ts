/**
 * 5.8's rules for every command: "Every command is executed independent of previous one in
 * sequence" (5.8-02) and "All unrecognized commands MUST result in status code xxx 'Optional
 * Feature Not Supported'" (5.8-01).
 *
 * Readings:
 * - The draft's "xxx" is the IXIT's `unsupportedStatus` (default 406, docs/interpretations.md #1).
 * - Unrecognised: a keyword that is not one of 5.8's written in upper case ("FOO", "get"), or a 5.8
 *   keyword with a parameter count outside 5.8's ("DELETE a b").
 * - "Executed": a command after a failing one must not be reported as 215 (not executed) and, when
 *   it has a request the harness can see (GET/PUT/POST to its ServerURI), that request must arrive;
 *   "in sequence": those requests arrive in the order of their commands.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import type { HttpExchange } from "../../model/transcript.ts";
import { type DeviceSessionView, packageName } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { type CommandWithStatus, commandsWithStatus, commandWindow, requestsTo } from "./session-view.ts";
import { isUnrecognised } from "./status-package.ts";

export const CLAUSE_UNSUPPORTED = "DMC-5.8-01";
export const CLAUSE_INDEPENDENT = "DMC-5.8-02";

/** 215 "Not executed" in OMA DM 1.x: what a device reports for a command it skipped. */
export const STATUS_NOT_EXECUTED = 215;

function kindOfUnrecognised(c: CommandWithStatus["command"]): string {
  if (c.name !== null) return "extra or missing parameters";
  return c.keyword.toUpperCase() !== c.keyword ||
    ["GET", "PUT", "POST", "DELETE", "EXEC", "SHOW", "DEFAULT", "END"].includes(c.keyword.toUpperCase())
    ? "keyword not in upper case"
    : "unknown keyword";
}

/** DMC-5.8-01: every unrecognised command gets the "Optional Feature Not Supported" status. */
export function checkUnrecognisedCommands(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
    for (const c of commandsWithStatus(view)) {
      if (!isUnrecognised(c.command) || !c.reporter) continue;
      const kind = kindOfUnrecognised(c.command);
      if (!c.status) {
        obs.push(
          bad(`"${c.command.raw}" (${kind}) got no status in ${packageName(c.reporter)}`, [
            expectation(`status of "${c.command.raw}"`, `${ixit.unsupportedStatus}`, "(none)"),
            requestEvidence(c.reporter.exchange),
          ]),
        );
      } else if (c.status.code !== ixit.unsupportedStatus) {
        obs.push(
          bad(
            `"${c.command.raw}" (${kind}) got status "${c.status.raw}", not ${ixit.unsupportedStatus} "Optional Feature Not Supported"`,
            [
              expectation(
                `status ${c.index + 1} (for "${c.command.raw}")`,
                `${ixit.unsupportedStatus} (IXIT unsupportedStatus)`,
                c.status.raw,
              ),
              responseEvidence(c.carrier.exchange),
              requestEvidence(c.reporter.exchange),
            ],
          ),
        );
      } else {
        obs.push(
          ok(`"${c.command.raw}" → ${c.status.raw}`, kind, [
            responseEvidence(c.carrier.exchange),
            requestEvidence(c.reporter.exchange),
          ]),
        );
      }
    }
  }
  return verdictOf(CLAUSE_UNSUPPORTED, "unrecognised commands", obs);
}

const UPLOADS = new Set(["GET", "PUT", "POST"]);

function isFailure(code: number | null): boolean {
  return code === null || code < 200 || code >= 300;
}

/** DMC-5.8-02: a failing command does not stop the ones after it; commands run in sequence. */
export function checkIndependentExecution(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
    const all = commandsWithStatus(view);
    for (const carrier of view.packages) {
      const batch = all.filter((c) => c.carrier === carrier);
      const firstFailure = batch.find((c) => c.status && isFailure(c.status.code));
      if (!firstFailure) continue;
      const later = batch.filter(
        (c) => c.index > firstFailure.index && c.command.name !== "END" && !isUnrecognised(c.command),
      );
      if (later.length === 0) continue;
      const window = commandWindow(view, carrier);
      const seenRequests: Array<{ c: CommandWithStatus; ex: HttpExchange }> = [];
      for (const c of later) {
        // What shows the command ran: the batch, the statuses, and its own request when it has one.
        const shown = [
          responseEvidence(c.carrier.exchange),
          ...(c.reporter ? [requestEvidence(c.reporter.exchange)] : []),
        ];
        const cause = `after "${firstFailure.command.raw}" failed with ${firstFailure.status!.raw}`;
        if (c.status?.code === STATUS_NOT_EXECUTED) {
          obs.push(
            bad(`"${c.command.raw}" was not executed (${c.status.raw}) ${cause}`, [
              expectation(
                `status of "${c.command.raw}"`,
                "the command executed on its own (not 215 Not executed)",
                c.status.raw,
              ),
              requestEvidence(c.reporter!.exchange),
            ]),
          );
          continue;
        }
        if (c.command.name && UPLOADS.has(c.command.name)) {
          const serverUri = c.command.params[0]!;
          const method = c.command.name;
          const hits = requestsTo(view, serverUri, window).filter(
            (ex) => ex.request.method === method || method !== "GET",
          );
          if (hits.length === 0) {
            obs.push(
              bad(`"${c.command.raw}" sent no request to its ServerURI ${cause}`, [
                expectation(`${method} request to ${serverUri}`, "one, while the batch runs", "none"),
                responseEvidence(c.carrier.exchange),
                ...(c.reporter ? [requestEvidence(c.reporter.exchange)] : []),
              ]),
            );
            continue;
          }
          seenRequests.push({ c, ex: hits[0]! });
          shown.push(requestEvidence(hits[0]!));
        }
        obs.push(ok(`"${c.command.raw}" executed ${cause}`, undefined, shown));
      }
      // In sequence: requests of later commands start in command order.
      for (let k = 1; k < seenRequests.length; k++) {
        const a = seenRequests[k - 1]!;
        const b = seenRequests[k]!;
        if (b.ex.startedAt < a.ex.startedAt) {
          obs.push(
            bad(
              `"${b.c.command.raw}" ran before "${a.c.command.raw}", which comes first in ${packageName(carrier)}'s answer`,
              [
                expectation(
                  "order of the commands' requests",
                  `${a.c.command.raw} then ${b.c.command.raw}`,
                  `exchange #${b.ex.seq} before #${a.ex.seq}`,
                ),
                requestEvidence(b.ex),
                requestEvidence(a.ex),
              ],
            ),
          );
        }
      }
    }
  }
  if (obs.length === 0) obs.push(unseen("no command followed a failing command in any batch"));
  return verdictOf(CLAUSE_INDEPENDENT, "commands after a failing command", obs);
}
