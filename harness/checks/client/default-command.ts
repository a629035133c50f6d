/**
 * DEFAULT (5.8): "For Device or User initiated request for configuration the device SHOULD initiate
 * a DM Session to the ServerURL to get the configuration/settings/data. The Client MUST apply the
 * parameter '?InitiatedBy=' with the value 'Device' or 'User' …"
 *
 * The harness sends `DEFAULT MOID ServerURL` in one session, then asks the device (stimulus
 * `default`, DM20_INITIATED_BY) to request configuration for that MOID; each stimulus is recorded
 * in the transcript of the listener behind ServerURL. Readings: the session must reach ServerURL's
 * path; InitiatedBy is one query parameter with the exact value of the stimulus (its name and value
 * as the draft writes them); the rest of ServerURL's query is kept and other parameters may be
 * added (recorded).
 */
import { eventEvidence, expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Transcript } from "../../model/transcript.ts";
import {
  type DeviceSessionView,
  EVENT,
  eventsOf,
  reachedAuthorityOf,
} from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { isUnrecognised } from "./command-kinds.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { type CommandWithStatus, commandsWithStatus, wireTrace } from "./session-view.ts";

export const CLAUSE_DEFAULT_SESSION = "DMC-5.8-14";
export const CLAUSE_INITIATED_BY = "DMC-5.8-15";

export interface InitiatedSession {
  /** Transcript of the listener behind the DEFAULT ServerURL, with the stimulus event. */
  transcript: Transcript;
}

interface Stimulus {
  moid: string;
  initiatedBy: string;
  at: number;
}

/** Reads "default <MOID> InitiatedBy=<Device|User>" back from the stimulus event. */
function stimulusOf(t: Transcript): Stimulus | undefined {
  const ev = eventsOf(t, EVENT.stimulus)[0];
  const m = ev ? /^default (\S+) InitiatedBy=(\S+)/.exec(ev.detail) : null;
  return m ? { moid: m[1]!, initiatedBy: m[2]!, at: ev!.at } : undefined;
}

/** The DEFAULT for that MOID the device had last been given before the stimulus. */
function defaultBefore(defaults: CommandWithStatus[], stim: Stimulus): CommandWithStatus | undefined {
  return defaults
    .filter((c) => c.command.params[0] === stim.moid && c.carrier.exchange.startedAt <= stim.at)
    .sort((a, b) => a.carrier.exchange.startedAt - b.carrier.exchange.startedAt)
    .at(-1);
}

function defaultsOf(views: DeviceSessionView[]): CommandWithStatus[] {
  return views.flatMap((v) =>
    commandsWithStatus(v).filter((c) => c.command.name === "DEFAULT" && !isUnrecognised(c.command)),
  );
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url.replace(/\[(?:MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/g, "x"), "http://x.invalid").pathname;
  } catch {
    return undefined;
  }
}

function sessionRequest(s: InitiatedSession, serverUrl: string, sameAuthority = false) {
  const path = pathOf(serverUrl);
  return s.transcript.exchanges.find(
    (ex) => pathOf(ex.request.target) === path && (!sameAuthority || reachedAuthorityOf(ex, serverUrl)),
  );
}

/** DMC-5.8-14: on a device/user request for configuration, a DM session to the DEFAULT ServerURL. */
export function checkDefaultSession(setup: DeviceSessionView[], initiated: InitiatedSession[]): CheckResult {
  const obs: Observation[] = [];
  const defaults = defaultsOf(setup);
  for (const s of initiated) {
    const stim = stimulusOf(s.transcript);
    if (!stim) continue;
    const d = defaultBefore(defaults, stim);
    if (!d) {
      obs.push(
        unseen(
          `no DEFAULT command for ${stim.moid} preceded the stimulus`,
          eventsOf(s.transcript, EVENT.stimulus).slice(0, 1).map(eventEvidence),
        ),
      );
      continue;
    }
    const serverUrl = d.command.params[1]!;
    if (d.status && (d.status.code === null || d.status.code < 200 || d.status.code >= 300)) {
      obs.push(
        bad(`"${d.command.raw}" was refused with status "${d.status.raw}"`, [
          expectation(`status of "${d.command.raw}"`, "2xx", d.status.raw),
          responseEvidence(d.carrier.exchange),
          requestEvidence(d.reporter!.exchange),
        ]),
      );
      continue;
    }
    // "a DM Session to the ServerURL": its host and port too, not only its path.
    const req = sessionRequest(s, serverUrl, true);
    const stimEv = eventsOf(s.transcript, EVENT.stimulus)[0]!;
    const undelivered = [
      ...eventsOf(s.transcript, EVENT.wakeError),
      ...eventsOf(s.transcript, EVENT.deviceSilent),
    ];
    if (!req && undelivered.length > 0) {
      // The stimulus never reached the device: nothing to hold against it.
      obs.push(
        unseen(
          `the ${stim.initiatedBy}-initiated request for ${stim.moid} could not be given to the device`,
          [eventEvidence(stimEv), ...undelivered.slice(0, 2).map(eventEvidence)],
        ),
      );
      continue;
    }
    if (!req) {
      const other = s.transcript.exchanges[0];
      obs.push(
        bad(
          other
            ? `after a ${stim.initiatedBy}-initiated request for ${stim.moid}, the device went to ${other.request.receivedOn ?? ""}${other.request.target} (Host ${other.request.rawHeaders.find((_, i, h) => i % 2 === 1 && h[i - 1]!.toLowerCase() === "host") ?? "none"}), not the DEFAULT ServerURL ${serverUrl}`
            : `after a ${stim.initiatedBy}-initiated request for ${stim.moid}, the device opened no DM session to ${serverUrl}`,
          [
            eventEvidence(stimEv),
            expectation(
              "DM session to the DEFAULT ServerURL",
              serverUrl,
              other ? `${other.request.method} ${other.request.target}` : "none",
            ),
            ...eventsOf(s.transcript, EVENT.timeout).slice(0, 1).map(eventEvidence),
            ...(other ? [requestEvidence(other)] : []),
            // The wire half of an absence: the DEFAULT the device was given, and the status with
            // which it accepted it.
            responseEvidence(d.carrier.exchange),
            ...(d.reporter ? [requestEvidence(d.reporter.exchange)] : []),
          ],
        ),
      );
      continue;
    }
    obs.push(
      ok(
        `${stim.initiatedBy}-initiated request for ${stim.moid} → ${req.request.method} ${req.request.target}`,
        undefined,
        [eventEvidence(stimEv), requestEvidence(req)],
      ),
    );
  }
  if (obs.length === 0) obs.push(unseen("no device- or user-initiated request for configuration was made"));
  return verdictOf(CLAUSE_DEFAULT_SESSION, "device/user-initiated requests for configuration", obs);
}

/** DMC-5.8-15: that session's request carries ?InitiatedBy=Device or ?InitiatedBy=User, as the stimulus said. */
export function checkInitiatedBy(setup: DeviceSessionView[], initiated: InitiatedSession[]): CheckResult {
  const obs: Observation[] = [];
  const defaults = defaultsOf(setup);
  for (const s of initiated) {
    const stim = stimulusOf(s.transcript);
    if (!stim) continue;
    const d = defaultBefore(defaults, stim);
    const req = d ? sessionRequest(s, d.command.params[1]!) : s.transcript.exchanges[0];
    if (!req) {
      obs.push(
        unseen(`no session followed the ${stim.initiatedBy}-initiated request for ${stim.moid}`, [
          ...eventsOf(s.transcript, EVENT.stimulus).slice(0, 1).map(eventEvidence),
          ...wireTrace(s.transcript),
        ]),
      );
      continue;
    }
    const q = req.request.target.indexOf("?");
    const params = new URLSearchParams(q < 0 ? "" : req.request.target.slice(q + 1));
    const values = params.getAll("InitiatedBy");
    if (values.length !== 1 || values[0] !== stim.initiatedBy) {
      obs.push(
        bad(
          values.length === 0
            ? `the ${stim.initiatedBy}-initiated session request ${req.request.target} carries no InitiatedBy parameter`
            : `the ${stim.initiatedBy}-initiated session request carries InitiatedBy=${values.join(",")}`,
          [
            expectation(
              "query of the DEFAULT session request",
              `?InitiatedBy=${stim.initiatedBy}`,
              req.request.target,
            ),
            requestEvidence(req),
          ],
        ),
      );
      continue;
    }
    const others = [...params.keys()].filter((k) => k !== "InitiatedBy");
    obs.push(
      ok(
        `${req.request.target}`,
        others.length > 0
          ? `InitiatedBy beside ${others.join(", ")}`
          : "InitiatedBy as the only query parameter",
        [requestEvidence(req)],
      ),
    );
  }
  if (obs.length === 0) obs.push(unseen("no device- or user-initiated request for configuration was made"));
  return verdictOf(CLAUSE_INITIATED_BY, "DEFAULT sessions", obs);
}
