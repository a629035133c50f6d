/**
 * 5.8's rules for every command: "Every command is executed independent of previous one in
 * sequence" (5.8-02) and "All unrecognized commands MUST result in status code xxx 'Optional
 * Feature Not Supported'" (5.8-01).
 *
 * Readings:
 * - The draft's "xxx" is the IXIT's `unsupportedStatus` (default 406, docs/interpretations.md #1).
 * - Unrecognised by every reading: a keyword 5.8 does not define ("FOO"). A 5.8 keyword in another
 *   case ("put") or with a parameter count 5.8 rules out ("DELETE a b") may be read two ways
 *   (command-kinds.ts): any error status is lawful, the reading is recorded.
 * - "Executed": a command after a failing one must not be reported as 215 (not executed) and, when
 *   it has a request the harness can see (GET/PUT/POST to its ServerURI), that request must arrive;
 *   "in sequence": those requests arrive in the order of their commands.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import type { HttpExchange } from "../../model/transcript.ts";
import { type DeviceSessionView, packageName } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { commandKind, isUnrecognised } from "./command-kinds.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { type CommandWithStatus, commandsWithStatus, commandWindow, requestsTo } from "./session-view.ts";

export const CLAUSE_UNSUPPORTED = "DMC-5.8-01";
export const CLAUSE_INDEPENDENT = "DMC-5.8-02";

/** 215 "Not executed" in OMA DM 1.x: what a device reports for a command it skipped. */
export const STATUS_NOT_EXECUTED = 215;

const KIND_TEXT = {
  "unknown-keyword": "unknown keyword",
  "case-variant": "a 5.8 keyword in another case",
  "wrong-arity": "a 5.8 keyword with a parameter count 5.8 rules out",
} as const;

function isSuccess(code: number | null): boolean {
  return code !== null && code >= 200 && code < 300;
}

/**
 * DMC-5.8-01: a command no reading recognises (an unknown keyword; SHOW where the IXIT declares it
 * unsupported) gets the "Optional Feature Not Supported" status. Commands a device may read two
 * ways (command-kinds.ts) are recorded with the reading their status shows: refused as unrecognised,
 * refused with another error, or run; a case-variant reported as run must have made its request.
 */
export function checkUnrecognisedCommands(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
    for (const c of commandsWithStatus(view)) {
      const kind = commandKind(c.command);
      const showUnsupported = kind === "known" && c.command.name === "SHOW" && !ixit.show;
      if ((kind === "known" && !showUnsupported) || !c.reporter) continue;
      const what = showUnsupported
        ? "SHOW, which the IXIT declares unsupported"
        : KIND_TEXT[kind as keyof typeof KIND_TEXT];
      const wire = [responseEvidence(c.carrier.exchange), requestEvidence(c.reporter.exchange)];
      if (!c.status) {
        obs.push(
          bad(`"${c.command.raw}" (${what}) got no status in ${packageName(c.reporter)}`, [
            expectation(`status of "${c.command.raw}"`, `${ixit.unsupportedStatus}`, "(none)"),
            requestEvidence(c.reporter.exchange),
          ]),
        );
        continue;
      }
      const code = c.status.code;
      if (kind === "unknown-keyword" || showUnsupported) {
        obs.push(
          code === ixit.unsupportedStatus
            ? ok(`"${c.command.raw}" → ${c.status.raw}`, what, wire)
            : bad(
                `"${c.command.raw}" (${what}) got status "${c.status.raw}", not ${ixit.unsupportedStatus} "Optional Feature Not Supported"`,
                [
                  expectation(
                    `status ${c.index + 1} (for "${c.command.raw}")`,
                    `${ixit.unsupportedStatus} (IXIT unsupportedStatus)`,
                    c.status.raw,
                  ),
                  ...wire,
                ],
              ),
        );
        continue;
      }
      // A command a device may read two ways: record which reading its status shows.
      if (code === ixit.unsupportedStatus) {
        obs.push(ok(`"${c.command.raw}" → ${c.status.raw}`, `${what}: treated as unrecognised`, wire));
      } else if (!isSuccess(code)) {
        obs.push(ok(`"${c.command.raw}" → ${c.status.raw}`, `${what}: refused with ${c.status.raw}`, wire));
      } else if (
        kind === "case-variant" &&
        ["GET", "PUT", "POST"].includes(c.command.keyword.toUpperCase())
      ) {
        const target = c.command.params[0];
        const hit = target ? requestsTo(view, target, commandWindow(view, c.carrier))[0] : undefined;
        obs.push(
          hit
            ? ok(
                `"${c.command.raw}" → ${c.status.raw}`,
                `${what}: run as ${c.command.keyword.toUpperCase()}`,
                [...wire, requestEvidence(hit)],
              )
            : bad(
                `"${c.command.raw}" (${what}) got a success status "${c.status.raw}" but neither was it refused as unrecognised nor did its request reach ${target}`,
                [
                  expectation(
                    `status of "${c.command.raw}"`,
                    `${ixit.unsupportedStatus} (unrecognised), or its request made (run)`,
                    `${c.status.raw}, no request`,
                  ),
                  ...wire,
                ],
              ),
        );
      } else {
        obs.push(
          ok(`"${c.command.raw}" → ${c.status.raw}`, `${what}: reported as run (${c.status.raw})`, wire),
        );
      }
    }
  }
  return verdictOf(CLAUSE_UNSUPPORTED, "unrecognised commands", obs);
}

const UPLOADS = new Set(["GET", "PUT", "POST"]);

function isFailure(code: number | null): boolean {
  return !isSuccess(code);
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
