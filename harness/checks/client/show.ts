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
 * the window is not observable. Where the IXIT declares SHOW unsupported, the clause is
 * not-applicable and the command's "Optional Feature Not Supported" status is judged under 5.8-01.
 * The browser's isolation from the DM tree (5.8-13) cannot be seen on the wire: the IXIT's
 * declaration decides.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import type { DeviceSessionView } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { fail, notApplicable, untestable } from "../../model/verdict.ts";
import { isUnrecognised } from "./command-kinds.ts";
import { bad, type Observation, ok, verdictOf } from "./observations.ts";
import { answeredAt, commandsWithStatus, requestsTo } from "./session-view.ts";

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
  // Where SHOW is unsupported its status is 5.8-01's business ("Not supported: status per DMC-5.8-01").
  if (!ixit.show)
    return notApplicable(
      CLAUSE_SHOW,
      "the IXIT declares SHOW unsupported (show: false); its status is judged under DMC-5.8-01",
    );
  const obs: Observation[] = [];
  for (const view of views) {
    for (const c of commandsWithStatus(view)) {
      if (c.command.name !== "SHOW" || isUnrecognised(c.command)) continue;
      const st = c.status;
      const serverUri = c.command.params[0]!;
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

/**
 * DMC-5.8-13 cannot be seen on the wire: the IXIT's declaration decides. A device without SHOW has
 * no browser to isolate; one whose vendor declares the browser can reach the DM tree declares a
 * breach of this MUST NOT.
 */
export function checkBrowserIsolation(ixit: Ixit): CheckResult {
  if (!ixit.show)
    return notApplicable(
      CLAUSE_BROWSER_ISOLATION,
      "the IXIT declares SHOW unsupported (show: false): no browser",
    );
  if (!ixit.browserIsolated)
    return fail(
      CLAUSE_BROWSER_ISOLATION,
      "the IXIT declares browserIsolated: false: the vendor states the SHOW browser has access to the DM tree, which the draft rules out",
      [expectation("IXIT browserIsolated", "true (the browser has no access to the DM tree)", "false")],
    );
  return untestable(
    CLAUSE_BROWSER_ISOLATION,
    "the browser's access to the DM tree cannot be seen on the wire; the IXIT declares browserIsolated: true",
  );
}
