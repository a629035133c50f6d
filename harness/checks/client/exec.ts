/**
 * EXEC (5.8): "The Client MUST perform the EXEC operation on the node at the location ClientURI. If
 * that MO does not specify which server to report the Generic Alert then the device MUST send the
 * Generic Alert to ServerURI."
 *
 * Conditional on the IXIT: `exec` names the node the harness may execute (null: not applicable) and
 * whether its MO names its own alert server (then only the operation's status can be judged).
 * Reading: the draft leaves the Generic Alert's encoding open, so any request to the ServerURI with
 * a body counts as the alert; its method, Content-Type and shape are recorded. It may arrive before
 * or after the status package.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import { headerValue } from "../../model/transcript.ts";
import type { DeviceSessionView } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { notApplicable } from "../../model/verdict.ts";
import { isUnrecognised } from "./command-kinds.ts";
import { bad, type Observation, ok, verdictOf } from "./observations.ts";
import { answeredAt, commandsWithStatus, requestsTo } from "./session-view.ts";

export const CLAUSE_EXEC = "DMC-5.8-11";

function alertShape(body: Uint8Array): string {
  try {
    const v = JSON.parse(Buffer.from(body).toString("utf8")) as unknown;
    if (typeof v === "object" && v !== null && !Array.isArray(v))
      return `JSON with keys ${Object.keys(v).join(", ")}`;
    return `JSON ${Array.isArray(v) ? "array" : typeof v}`;
  } catch {
    return "not JSON";
  }
}

export function checkExec(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  if (!ixit.exec) return notApplicable(CLAUSE_EXEC, "the IXIT names no executable node (exec: null)");
  const obs: Observation[] = [];
  for (const view of views) {
    for (const c of commandsWithStatus(view)) {
      if (c.command.name !== "EXEC" || isUnrecognised(c.command)) continue;
      const st = c.status;
      if (st && (st.code === null || st.code < 200 || st.code >= 300)) {
        obs.push(
          bad(`"${c.command.raw}" was not performed: status "${st.raw}"`, [
            expectation(
              `status of "${c.command.raw}"`,
              `2xx (the IXIT declares ${ixit.exec.node} executable)`,
              st.raw,
            ),
            responseEvidence(c.carrier.exchange),
            requestEvidence(c.reporter!.exchange),
          ]),
        );
        continue;
      }
      const serverUri = c.command.params[1];
      if (ixit.exec.alertServer || serverUri === undefined) {
        if (st)
          obs.push(
            ok(
              `"${c.command.raw}" → ${st.raw}`,
              ixit.exec.alertServer
                ? "alert goes to the MO's own server (IXIT): not observed"
                : "no ServerURI given",
              [responseEvidence(c.carrier.exchange), requestEvidence(c.reporter!.exchange)],
            ),
          );
        continue;
      }
      const alerts = requestsTo(view, serverUri, { from: answeredAt(c.carrier.exchange) - 1 }).filter(
        (ex) => ex.request.body.length > 0,
      );
      if (alerts.length === 0) {
        obs.push(
          bad(
            `"${c.command.raw}" sent no Generic Alert to ${serverUri} (the IXIT says the MO names no alert server)`,
            [
              expectation(`Generic Alert to ${serverUri}`, "a request carrying the alert", "none"),
              responseEvidence(c.carrier.exchange),
              ...(c.reporter ? [requestEvidence(c.reporter.exchange)] : []),
            ],
          ),
        );
        continue;
      }
      const ex = alerts[0]!;
      obs.push(
        ok(
          `"${c.command.raw}" → ${st?.raw ?? "(no status yet)"}; Generic Alert ${ex.request.method} ${ex.request.target}`,
          `alert as HTTP ${ex.request.method}, Content-Type ${headerValue(ex.request, "content-type") ?? "(none)"}, ${alertShape(ex.request.body)}`,
          [responseEvidence(c.carrier.exchange), requestEvidence(ex)],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_EXEC, "EXEC commands", obs);
}
