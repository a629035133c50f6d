/**
 * SHOW (5.8): "If supported by the Client then the Client MUST show a WebBrowsers view to the user
 * and load it with the ServerURI. … the DM Session is paused until the browser session is done. …
 * If this feature is supported and the parameter Close is present then the client MUST Close/Hide
 * the WebBrowser window as soon as the URL is loaded in the WebBrowser and continue the DM Session.
 * If the parameter Continue is present and that URL is loaded in the WebBrowser then the DM Session
 * will continue with the WebBrowser still open."
 *
 * What the wire shows: the page load, the load of the Close/Continue URL, and the status package
 * that continues the session, which must start after that load (the session was paused). Closing
 * the window is not observable. Where the IXIT declares SHOW unsupported, the command is an
 * optional feature the device does not have: its status must be the "Optional Feature Not
 * Supported" code (5.8-01's rule). The browser's isolation from the DM tree (5.8-13) cannot be
 * seen on the wire: it is recorded from the IXIT as untestable.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import type { DeviceSessionView } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { untestable } from "../../model/verdict.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { answeredAt, commandsWithStatus, requestsTo } from "./session-view.ts";
import { isUnrecognised } from "./status-package.ts";

export const CLAUSE_SHOW = "DMC-5.8-12";
export const CLAUSE_BROWSER_ISOLATION = "DMC-5.8-13";

/** The Close or Continue URL of a SHOW ServerURI, resolved against it. */
export function showExit(serverUri: string): { mode: "Close" | "Continue"; url: string } | undefined {
  let u: URL;
  try {
    u = new URL(serverUri);
  } catch {
    return undefined;
  }
  for (const mode of ["Close", "Continue"] as const) {
    const v = u.searchParams.get(mode);
    if (v) {
      try {
        return { mode, url: new URL(v, u).href };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function checkShow(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
    for (const c of commandsWithStatus(view)) {
      if (c.command.name !== "SHOW" || isUnrecognised(c.command)) continue;
      const st = c.status;
      const serverUri = c.command.params[0]!;
      if (!ixit.show) {
        if (!st) obs.push(unseen(`"${c.command.raw}" got no status`, [responseEvidence(c.carrier.exchange)]));
        else if (st.code === ixit.unsupportedStatus)
          obs.push(
            ok(`"${c.command.raw}" → ${st.raw}`, "SHOW unsupported (IXIT)", [
              responseEvidence(c.carrier.exchange),
              requestEvidence(c.reporter!.exchange),
            ]),
          );
        else {
          obs.push(
            bad(
              `"${c.command.raw}" got status "${st.raw}"; the IXIT declares SHOW unsupported, so ${ixit.unsupportedStatus} "Optional Feature Not Supported" is due`,
              [
                expectation(`status of "${c.command.raw}"`, `${ixit.unsupportedStatus}`, st.raw),
                responseEvidence(c.carrier.exchange),
                requestEvidence(c.reporter!.exchange),
              ],
            ),
          );
        }
        continue;
      }
      const exit = showExit(serverUri);
      if (!exit) continue; // a SHOW without Close/Continue is the server's fault (DMS-5.8-01), not judged here
      const from = answeredAt(c.carrier.exchange) - 1;
      const page = requestsTo(view, serverUri, { from })[0];
      if (!page) {
        obs.push(
          bad(`"${c.command.raw}": the browser never loaded ${serverUri}`, [
            expectation(`browser load of ${serverUri}`, "one", "none"),
            responseEvidence(c.carrier.exchange),
            ...(c.reporter ? [requestEvidence(c.reporter.exchange)] : []),
          ]),
        );
        continue;
      }
      const exitLoad = requestsTo(view, exit.url, { from: page.startedAt })[0];
      if (!exitLoad) {
        obs.push(
          bad(
            `"${c.command.raw}": the ${exit.mode} URL ${exit.url} was never loaded (the page sends the browser there)`,
            [
              expectation(`load of the ${exit.mode} URL`, exit.url, "none"),
              requestEvidence(page),
              responseEvidence(page),
            ],
          ),
        );
        continue;
      }
      if (!c.reporter) {
        obs.push(
          bad(
            `"${c.command.raw}": the ${exit.mode} URL loaded, but the DM session did not continue (no status package)`,
            [
              expectation("the session continues", "a status package after the browser is done", "none"),
              requestEvidence(exitLoad),
            ],
          ),
        );
        continue;
      }
      const loadedAt = exitLoad.startedAt;
      if (c.reporter.exchange.startedAt < loadedAt) {
        obs.push(
          bad(
            `"${c.command.raw}": the session went on ${Math.round(loadedAt - c.reporter.exchange.startedAt)} ms before the browser loaded the ${exit.mode} URL (it must pause until the browser is done)`,
            [
              expectation(
                "order",
                `load of ${exit.url}, then the status package`,
                `status package (exchange #${c.reporter.exchange.seq}) first, ${exit.mode} URL (exchange #${exitLoad.seq}) after`,
              ),
              requestEvidence(c.reporter.exchange),
              requestEvidence(exitLoad),
            ],
          ),
        );
        continue;
      }
      if (st && (st.code === null || st.code < 200 || st.code >= 300)) {
        obs.push(
          bad(`"${c.command.raw}" ran the browser to the ${exit.mode} URL but reported status "${st.raw}"`, [
            expectation(`status of "${c.command.raw}"`, "2xx", st.raw),
            requestEvidence(c.reporter.exchange),
          ]),
        );
        continue;
      }
      obs.push(
        ok(
          `"${c.command.raw}": page, ${exit.mode} URL, then the status ${Math.round(c.reporter.exchange.startedAt - loadedAt)} ms later`,
          `?${exit.mode}= honoured; session paused for ${Math.round(loadedAt - page.startedAt)} ms of browsing`,
          [requestEvidence(page), requestEvidence(exitLoad), requestEvidence(c.reporter.exchange)],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_SHOW, "SHOW commands", obs);
}

export function checkBrowserIsolation(ixit: Ixit): CheckResult {
  return untestable(
    CLAUSE_BROWSER_ISOLATION,
    `the browser's access to the DM tree cannot be seen on the wire; the IXIT declares browserIsolated=${ixit.browserIsolated}${ixit.browserIsolated ? "" : " (the vendor declares the browser is NOT isolated)"}`,
  );
}
