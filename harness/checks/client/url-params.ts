/**
 * 5.8.1: "[MNC] [MCC] [CMNC] [CMCC] [MAN] [MOD] [IMEI] … must be replaced by the client with the
 * actual value before using the URI"; without an active SIM [MNC]/[MCC] "MUST be TBD", without a
 * 3GPP/3GPP2 connection [CMNC]/[CMCC] "MUST be TBD".
 *
 * The actual values are the IXIT's (man, mod, imei, mcc, mnc, cmcc, cmnc; null declares no SIM / no
 * 3GPP connection, so TBD). Each placeholder is judged on its own: those with a value under
 * 5.8.1-01, those due to be TBD under 5.8.1-02. Reading (the codec's): raw or percent-encoded values
 * are accepted, '+' for a space is accepted and recorded.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import type { HttpExchange } from "../../model/transcript.ts";
import { type DeviceSessionView, type DmPackage, nextPackage } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { notApplicable } from "../../model/verdict.ts";
import {
  checkSubstitutedUrl,
  expectedValue,
  templateParams,
  URL_PARAMS,
  type UrlParam,
  type UrlParamValues,
} from "../../protocol/url-params.ts";
import { observableTarget } from "./end.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { answeredAt, commandsWithStatus, requestsTo } from "./session-view.ts";

export const CLAUSE_PARAMS = "DMC-5.8.1-01";
export const CLAUSE_TBD = "DMC-5.8.1-02";

export function urlParamValuesOf(ixit: Ixit): UrlParamValues {
  return {
    MNC: ixit.mnc,
    MCC: ixit.mcc,
    CMNC: ixit.cmnc,
    CMCC: ixit.cmcc,
    MAN: ixit.man,
    MOD: ixit.mod,
    IMEI: ixit.imei,
  };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

interface Use {
  template: string;
  raw: string;
  request?: HttpExchange;
  /** The status the device reported for the command, when one came. */
  status?: string;
  view: DeviceSessionView;
  /** The package whose answer carried the command. */
  carrier: DmPackage;
}

function usesOf(views: DeviceSessionView[]): Use[] {
  const out: Use[] = [];
  for (const view of views) {
    for (const c of commandsWithStatus(view)) {
      const template = observableTarget(c.command);
      if (!template || templateParams(template).length === 0) continue;
      const from = answeredAt(c.carrier.exchange) - 1;
      const next = nextPackage(view, c.carrier);
      const request = requestsTo(view, template, {
        from,
        ...(next ? { to: next.exchange.startedAt + 1 } : {}),
      })[0];
      out.push({
        template,
        raw: c.command.raw,
        view,
        carrier: c.carrier,
        ...(request ? { request } : {}),
        ...(c.status ? { status: c.status.raw } : {}),
      });
    }
  }
  return out;
}

function judge(views: DeviceSessionView[], ixit: Ixit, wantTbd: boolean): Observation[] {
  const values = urlParamValuesOf(ixit);
  const obs: Observation[] = [];
  for (const use of usesOf(views)) {
    const params = templateParams(use.template).filter((p) => (values[p] === null) === wantTbd);
    if (params.length === 0) continue;
    if (!use.request) {
      const reporter = nextPackage(use.view, use.carrier);
      const wire = [
        responseEvidence(use.carrier.exchange),
        ...(reporter ? [requestEvidence(reporter.exchange)] : []),
      ];
      // Asked and answered, yet the URL was never used: the parameters were not shown replaced.
      obs.push(
        use.status !== undefined
          ? bad(
              `"${use.raw}" was answered with status ${use.status}, but no request to ${use.template} arrived`,
              [
                expectation(`a request to ${use.template}`, "one, with every parameter replaced", "none"),
                ...wire,
              ],
            )
          : unseen(
              `"${use.raw}": no request to ${use.template} was seen, and the command got no status`,
              wire,
            ),
      );
      continue;
    }
    const check = checkSubstitutedUrl(use.template, use.request.request.target, values);
    const mismatch = check.findings.find((f) => f.code === "url-template-mismatch");
    for (const p of params) {
      const want = expectedValue(values, p);
      const seen = check.seen[p];
      // The request that used the URL and the answer that gave the template: what a PASS quotes too.
      const wire = [
        requestEvidence(use.request),
        responseEvidence(
          use.view.packages.find((pk) => pk.answer?.commands.some((c) => c.raw === use.raw))?.exchange ??
            use.request,
        ),
      ];
      const evidence = [
        expectation(
          `[${p}] in ${use.template}`,
          `${want}${values[p] === null ? " (TBD: the IXIT declares no SIM / no 3GPP connection)" : ""}`,
          seen ?? `(template not matched: ${mismatch?.message ?? "?"})`,
        ),
        ...wire,
      ];
      if (seen === undefined) {
        obs.push(
          bad(
            `"${use.raw}" was requested as ${use.request.request.target}, which does not follow the template ${use.template}`,
            evidence,
          ),
        );
      } else if (seen === `[${p}]` || safeDecode(seen) === `[${p}]`) {
        obs.push(bad(`[${p}] was left in the URL: ${use.request.request.target}`, evidence));
      } else if (seen === want || safeDecode(seen) === want) {
        obs.push(ok(`[${p}] → ${seen}`, seen === want ? "value as is" : "value percent-encoded", wire));
      } else if (safeDecode(seen.replace(/\+/g, " ")) === want) {
        obs.push(ok(`[${p}] → ${seen}`, "'+' for a space", wire));
      } else {
        obs.push(
          bad(`[${p}] became "${seen}", expected "${want}"${values[p] === null ? " (TBD)" : ""}`, evidence),
        );
      }
    }
  }
  return obs;
}

/** DMC-5.8.1-01: placeholders with a value are replaced by the actual value. */
export function checkUrlParams(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs = judge(views, ixit, false);
  if (obs.length === 0) obs.push(unseen("no ServerURI with a placeholder that has a value was used"));
  return verdictOf(CLAUSE_PARAMS, "URL parameters", obs);
}

/** DMC-5.8.1-02: without SIM / 3GPP connection, the placeholders become TBD. */
export function checkTbd(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const values = urlParamValuesOf(ixit);
  const due = URL_PARAMS.filter((p: UrlParam) => values[p] === null);
  if (due.length === 0) {
    return notApplicable(
      CLAUSE_TBD,
      `the IXIT declares an active SIM and a 3GPP/3GPP2 connection (mcc, mnc, cmcc, cmnc all set): TBD is never due`,
    );
  }
  const obs = judge(views, ixit, true);
  if (obs.length === 0) obs.push(unseen(`no ServerURI with ${due.map((p) => `[${p}]`).join(", ")} was used`));
  return verdictOf(CLAUSE_TBD, "URL parameters due to be TBD", obs);
}
