/**
 * Pkg#2..n, the status packages (5.6): where they go, their headers, and the status file.
 *
 * Readings (docs/interpretations.md #6, #7, #8):
 * - "Until END" (5.6-01): every answer without END must be followed by a new POST to the URL of
 *   Pkg#1 (same request target). A session the harness cut itself (no answer, or an answer that is
 *   not a command file) puts no such duty on the device.
 * - Accept on Pkg#2..n must list both media types (Table 4 is normative; C.3 is informative).
 * - Layout: CRLF between lines; one final CRLF is accepted; LF-only, CR-only and empty lines inside
 *   the body, a BOM, a missing or malformed MsgID line fail 5.6-04. A trailing space after a code
 *   (C.3 prints "200 ") and runs of spaces are recorded, not failed; a TAB between tokens and a
 *   code that is not decimal digits fail 5.6-05; a leading zero ("0200") is recorded.
 * - Status order (5.6-06): each command has an expected outcome (the driver records it in the
 *   transcript: success, location, failure, "optional feature not supported", or any), and a GET's
 *   location is identified by what a later upload of it holds; statuses are out of order when they
 *   fit the commands in some other order but not in the order given. Statuses that fit no order
 *   are left to the command's own clause.
 */
import { expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import { type HttpExchange, headerValue, headerValues } from "../../model/transcript.ts";
import {
  type DeviceSessionView,
  type DmPackage,
  EVENT,
  type ExpectedOutcome,
  eventsOf,
  expectationsOf,
  hasEnd,
  nextPackage,
  packageName,
  reachedAuthorityOf,
  statusFileOf,
} from "../../model/transcript-contract.ts";
import type { CheckResult, Evidence } from "../../model/verdict.ts";
import type { Command } from "../../protocol/command-file.ts";
import type { Finding } from "../../protocol/finding.ts";
import { MEDIA, mediaTypeEssence } from "../../protocol/http-rules.ts";
import type { StatusLine } from "../../protocol/status-file.ts";
import { commandKind } from "./command-kinds.ts";
import { getsOf } from "./get.ts";
import { missingFrom, type Node } from "./node-content.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { acceptObservation } from "./pkg1.ts";
import { sessionEnding } from "./session-view.ts";
import { findUploads, uploadedContent } from "./upload.ts";

export const CLAUSE_SAME_URL = "DMC-5.6-01";
export const CLAUSE_STATUS_TYPE = "DMC-5.6-02";
export const CLAUSE_STATUS_HEADERS = "DMC-5.6-03";
export const CLAUSE_STATUS_LAYOUT = "DMC-5.6-04";
export const CLAUSE_STATUS_LINES = "DMC-5.6-05";
export const CLAUSE_STATUS_ORDER = "DMC-5.6-06";

/** Status packages of a session: every package after Pkg#1, paired with the package whose answer it reports on. */
function statusPackages(view: DeviceSessionView): Array<{ pkg: DmPackage; answered: DmPackage }> {
  return view.packages.slice(1).map((pkg) => ({ pkg, answered: view.packages[pkg.number - 2]! }));
}

/** No status package anywhere: the evidence is how each session ended (its last answer, what failed on the wire). */
const noStatus = (views: DeviceSessionView[]): Observation[] =>
  views.every((v) => v.packages.length < 2)
    ? [unseen("no status package arrived in any session", views.flatMap(sessionEnding).slice(0, 4))]
    : [];

/** DMC-5.6-01: until END, each answer gets a new HTTP POST to the session URL. */
export function checkSameUrl(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  for (const view of views) {
    const first = view.packages[0];
    if (!first) continue;
    for (const p of view.packages) {
      if (!p.answer || p.answer.msgId === null || hasEnd(p.answer)) continue;
      const next = nextPackage(view, p);
      if (!next) {
        const timeouts = eventsOf(view.transcript, EVENT.timeout).filter((e) => e.at >= p.exchange.startedAt);
        obs.push(
          bad(
            `the answer to ${packageName(p)} (MsgID ${p.answer.msgId}) carried no END, but no status package followed`,
            [
              responseEvidence(p.exchange),
              ...timeouts
                .slice(0, 1)
                .map((e) => expectation("next DM package", "a POST to the session URL", e.detail)),
            ],
          ),
        );
        continue;
      }
      const req = next.exchange.request;
      // "the same URL": the authority too, not only the request line (a status package sent to
      // another host or port with the same path went elsewhere).
      const sameOrigin = reachedAuthorityOf(next.exchange, first.exchange.request.url);
      if (req.method !== "POST" || req.target !== first.exchange.request.target || !sameOrigin) {
        const where = (ex: HttpExchange) =>
          `${ex.request.method} ${ex.request.receivedOn ?? new URL(ex.request.url).origin} (Host ${headerValue(ex.request, "host") ?? "none"}) ${ex.request.target}`;
        obs.push(
          bad(
            `${packageName(next)} went to ${where(next.exchange)}, not POST ${first.exchange.request.target} where Pkg#1 went (${where(first.exchange)})`,
            [
              expectation(`request of ${packageName(next)}`, where(first.exchange), where(next.exchange)),
              requestEvidence(first.exchange),
              requestEvidence(next.exchange),
            ],
          ),
        );
      } else {
        obs.push(
          ok(`${packageName(next)} POSTed to ${req.target}`, undefined, [
            responseEvidence(p.exchange),
            requestEvidence(next.exchange),
          ]),
        );
      }
    }
  }
  if (obs.length === 0) obs.push(...noStatus(views));
  return verdictOf(CLAUSE_SAME_URL, "answers without END", obs);
}

/** DMC-5.6-02: status packages carry Content-Type application/dm20status. */
export function checkStatusContentType(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = noStatus(views);
  for (const view of views) {
    for (const { pkg } of statusPackages(view)) {
      const types = headerValues(pkg.exchange.request, "content-type");
      const seen = types.length === 0 ? "(no Content-Type)" : types.join(" | ");
      obs.push(
        types.length === 1 && mediaTypeEssence(types[0]) === MEDIA.dm20status
          ? ok(
              `${packageName(pkg)}: ${types[0]}`,
              types[0]!.includes(";") ? `Content-Type with parameters: ${types[0]}` : undefined,
              [requestEvidence(pkg.exchange)],
            )
          : bad(`${packageName(pkg)} has Content-Type ${seen}, not ${MEDIA.dm20status}`, [
              expectation(`Content-Type of ${packageName(pkg)}`, MEDIA.dm20status, seen),
              requestEvidence(pkg.exchange),
            ]),
      );
    }
  }
  return verdictOf(CLAUSE_STATUS_TYPE, "status packages", obs);
}

/** DMC-5.6-03: the Accept of 5.4 and the same X-OMADMDeviceID as Pkg#1. */
export function checkStatusHeaders(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = noStatus(views);
  for (const view of views) {
    const first = view.packages[0];
    if (!first) continue;
    const id = headerValue(first.exchange.request, "x-omadmdeviceid");
    for (const { pkg } of statusPackages(view)) {
      const accept = acceptObservation(pkg);
      if (accept.kind !== "ok") {
        obs.push(accept);
        continue;
      }
      const own = headerValue(pkg.exchange.request, "x-omadmdeviceid");
      if (own === undefined || own.trim() !== (id ?? "").trim() || id === undefined) {
        obs.push(
          bad(
            `${packageName(pkg)} X-OMADMDeviceID ${own === undefined ? "is absent" : `"${own}"`}, Pkg#1 sent ${id === undefined ? "none" : `"${id}"`}`,
            [
              expectation(
                `X-OMADMDeviceID of ${packageName(pkg)}`,
                id ?? "(the identifier of Pkg#1)",
                own ?? "(absent)",
              ),
              requestEvidence(pkg.exchange),
              requestEvidence(first.exchange),
            ],
          ),
        );
      } else {
        obs.push(
          ok(`${packageName(pkg)}: Accept and X-OMADMDeviceID as Pkg#1`, accept.reading, [
            requestEvidence(pkg.exchange),
            requestEvidence(first.exchange),
          ]),
        );
      }
    }
  }
  return verdictOf(CLAUSE_STATUS_HEADERS, "status packages", obs);
}

/** Codec findings that break the layout of 5.6-04 and the line format of 5.6-05; the rest are readings. */
const LAYOUT_FAULTS = new Set([
  "lf-line-break",
  "cr-line-break",
  "empty-line",
  "missing-msgid",
  "non-integer-msgid",
  "msgid-keyword-case",
  "msgid-extra-params",
  "utf8-bom",
  "invalid-utf8",
]);
const LINE_FAULTS = new Set([
  "non-decimal-status-code",
  "tab-separator",
  "control-character",
  "leading-space",
]);

function located(pkg: DmPackage, f: Finding): Evidence {
  const loc = {
    ...(f.line === undefined ? {} : { line: f.line }),
    ...(f.column === undefined ? {} : { column: f.column }),
    ...(f.offset === undefined ? {} : { offset: f.offset }),
  };
  return { ...requestEvidence(pkg.exchange), ...(Object.keys(loc).length > 0 ? { location: loc } : {}) };
}

function where(f: Finding): string {
  return f.line === undefined
    ? ""
    : ` (line ${f.line}${f.column === undefined ? "" : `, column ${f.column}`})`;
}

function readingOf(findings: Finding[], finalBreak: boolean): string {
  const notes = [...new Set(findings.map((f) => f.code))];
  return [finalBreak ? "final CRLF after the last line" : "no line break after the last line", ...notes].join(
    ", ",
  );
}

/** DMC-5.6-04: CRLF between lines; first line "MsgID n" with n the MsgID of the answer being reported on. */
export function checkStatusLayout(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = noStatus(views);
  for (const view of views) {
    for (const { pkg, answered } of statusPackages(view)) {
      const file = statusFileOf(pkg.exchange);
      const faults = file.findings.filter((f) => LAYOUT_FAULTS.has(f.code));
      if (faults.length > 0) {
        const f = faults[0]!;
        obs.push(
          bad(`${packageName(pkg)}: ${f.message}${where(f)}`, [
            expectation(
              `layout of ${packageName(pkg)}`,
              `"MsgID n" then one status per line, lines separated by CRLF`,
              faults.map((x) => x.code).join(", "),
            ),
            located(pkg, f),
          ]),
        );
        continue;
      }
      const want = answered.answer?.msgId;
      if (want === undefined || want === null) {
        obs.push(
          unseen(`${packageName(pkg)} follows an answer without a MsgID`, [
            responseEvidence(answered.exchange),
            requestEvidence(pkg.exchange),
          ]),
        );
        continue;
      }
      if (file.msgId !== want) {
        obs.push(
          bad(
            `${packageName(pkg)} reports MsgID ${file.msgIdRaw} for the answer to ${packageName(answered)}, which carried MsgID ${want}`,
            [
              expectation(
                `MsgID of ${packageName(pkg)}`,
                `${want} (the MsgID of the answer it reports on)`,
                `${file.msgIdRaw}`,
              ),
              responseEvidence(answered.exchange),
              requestEvidence(pkg.exchange),
            ],
          ),
        );
        continue;
      }
      obs.push(
        ok(
          `${packageName(pkg)} echoes MsgID ${want}`,
          readingOf(
            file.findings.filter((f) => !LINE_FAULTS.has(f.code)),
            file.finalLineBreak,
          ),
          [responseEvidence(answered.exchange), requestEvidence(pkg.exchange)],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_STATUS_LAYOUT, "status packages", obs);
}

/** DMC-5.6-05: every other line is "<StatusCode> [Param…]", the code the decimal string of an integer. */
export function checkStatusLines(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = noStatus(views);
  for (const view of views) {
    for (const { pkg } of statusPackages(view)) {
      const file = statusFileOf(pkg.exchange);
      const faults = file.findings.filter((f) => LINE_FAULTS.has(f.code));
      if (faults.length > 0) {
        const f = faults[0]!;
        obs.push(
          bad(`${packageName(pkg)}: ${f.message}${where(f)}`, [
            expectation(
              `status lines of ${packageName(pkg)}`,
              "<StatusCode> [Param1] … with StatusCode decimal digits, tokens separated by spaces",
              faults.map((x) => x.code).join(", "),
            ),
            located(pkg, f),
          ]),
        );
      } else if (file.statuses.length === 0) {
        obs.push(unseen(`${packageName(pkg)} holds no status line`, [requestEvidence(pkg.exchange)]));
      } else {
        const zeros = file.findings.some((f) => f.code === "status-code-leading-zero");
        obs.push(
          ok(
            `${packageName(pkg)}: ${file.statuses.map((s) => s.codeRaw).join(", ")}`,
            zeros ? "status codes with leading zeros" : undefined,
            [requestEvidence(pkg.exchange)],
          ),
        );
      }
    }
  }
  return verdictOf(CLAUSE_STATUS_LINES, "status packages", obs);
}

/**
 * The outcome a command's status must show when the driver recorded none: an unrecognised command
 * (by every reading) the unsupported status, SHOW where the IXIT declares it unsupported likewise;
 * anything else, including commands a device may read two ways (command-kinds.ts), any status.
 */
export function defaultOutcome(cmd: Command, ixit: Ixit): ExpectedOutcome {
  const kind = commandKind(cmd);
  if (kind === "unknown-keyword") return "unsupported";
  if (kind === "known" && cmd.name === "SHOW" && !ixit.show) return "unsupported";
  return "any";
}

export function outcomeFits(expected: ExpectedOutcome, status: StatusLine, ixit: Ixit): boolean {
  const code = status.code;
  if (expected === "any") return true;
  if (code === null) return false;
  const success = code >= 200 && code < 300;
  switch (expected) {
    case "success":
      return success;
    case "location":
      return success && status.params.length > 0;
    case "failure":
      return !success;
    case "unsupported":
      return code === ixit.unsupportedStatus;
  }
}

/** True when the statuses can be assigned one-to-one to the commands in some order (bipartite matching). */
function fitsSomeOrder(n: number, fits: (command: number, status: number) => boolean): boolean {
  const owner: number[] = new Array(n).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < n; j++) {
      if (seen[j] || !fits(i, j)) continue;
      seen[j] = true;
      if (owner[j] === -1 || tryAssign(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < n; i++) if (!tryAssign(i, new Array(n).fill(false))) return false;
  return true;
}

function describeOutcome(o: ExpectedOutcome, ixit: Ixit): string {
  if (o === "unsupported") return `${ixit.unsupportedStatus} (optional feature not supported)`;
  if (o === "location") return "2xx with the new location as Param1";
  return o;
}

/**
 * What identifies a GET's status beyond its class: the content the harness served for it. A
 * status whose location was read back later in the session (an upload of that ClientURI) is
 * identified by what that upload holds: it belongs to the GET whose content it holds.
 */
interface Identities {
  /** Per command index: the content the harness served for that GET without ClientURI. */
  served: Map<number, Node>;
  /** Per status index: what the device holds at the location that status reported, when read back. */
  readBack: Map<number, Node>;
}

function identitiesOf(view: DeviceSessionView, answered: DmPackage, pkg: DmPackage): Identities {
  const served = new Map<number, Node>();
  for (const g of getsOf([view])) {
    if (g.c.carrier === answered && g.clientUri === undefined && g.served)
      served.set(g.c.index, g.served.content);
  }
  const readBack = new Map<number, Node>();
  if (served.size === 0) return { served, readBack };
  const later = findUploads([view]).filter((u) => u.carrier.number > pkg.number - 1);
  statusFileOf(pkg.exchange).statuses.forEach((st, j) => {
    const location = st.params[0];
    if (!location) return;
    for (const u of later) {
      for (const cu of u.command.params.slice(1)) {
        if (cu !== location && !cu.endsWith(location)) continue;
        const content = uploadedContent(u, cu);
        if (content) readBack.set(j, content);
      }
    }
  });
  return { served, readBack };
}

/** DMC-5.6-06: one status per command, in the order of the commands. */
export function checkStatusOrder(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = noStatus(views);
  for (const view of views) {
    const recorded = expectationsOf(view.transcript);
    for (const { pkg, answered } of statusPackages(view)) {
      const answer = answered.answer;
      if (!answer || answer.msgId === null) continue;
      const commands = answer.commands;
      const statuses = statusFileOf(pkg.exchange).statuses;
      const evidence = [responseEvidence(answered.exchange), requestEvidence(pkg.exchange)];
      if (statuses.length !== commands.length) {
        obs.push(
          bad(
            `${packageName(pkg)} reports ${statuses.length} status(es) for the ${commands.length} command(s) of MsgID ${answer.msgId}`,
            [
              expectation(
                "status count",
                `${commands.length} (one per command: ${commands.map((c) => c.keyword).join(", ")})`,
                `${statuses.length}`,
              ),
              ...evidence,
            ],
          ),
        );
        continue;
      }
      const wanted = recorded.get(answer.msgId);
      const expected = commands.map((c, i) => wanted?.[i] ?? defaultOutcome(c, ixit));
      const ids = identitiesOf(view, answered, pkg);
      const identityFits = (i: number, j: number) => {
        const served = ids.served.get(i);
        const held = ids.readBack.get(j);
        return served === undefined || held === undefined || missingFrom(served, held).length === 0;
      };
      const fits = (i: number, j: number) =>
        outcomeFits(expected[i]!, statuses[j]!, ixit) && identityFits(i, j);
      const misfits = expected.flatMap((_, i) => (fits(i, i) ? [] : [i]));
      if (misfits.length > 0 && fitsSomeOrder(commands.length, fits)) {
        const lines = misfits.map((i) => {
          const why = outcomeFits(expected[i]!, statuses[i]!, ixit)
            ? `its location holds what another GET of the batch retrieved (read back later)`
            : `expects ${describeOutcome(expected[i]!, ixit)}`;
          return `command ${i + 1} "${commands[i]!.raw}" ${why}, status ${i + 1} is "${statuses[i]!.raw}"`;
        });
        obs.push(
          bad(`${packageName(pkg)} reports the statuses of MsgID ${answer.msgId} out of order: ${lines[0]}`, [
            expectation(
              "statuses in command order",
              expected.map((e) => describeOutcome(e, ixit)).join(" | "),
              statuses.map((s) => s.raw).join(" | "),
            ),
            ...evidence,
          ]),
        );
        continue;
      }
      const distinguishable = new Set(expected.filter((e) => e !== "any")).size > 1 || ids.readBack.size > 1;
      const reading =
        misfits.length > 0
          ? `count matches; statuses ${misfits.map((i) => i + 1).join(", ")} fit no command (judged by the command's own clause)`
          : distinguishable
            ? "order confirmed by distinguishable outcomes"
            : "count only (outcomes not distinguishable)";
      obs.push(
        ok(
          `${packageName(pkg)}: ${statuses.length} status(es) for ${commands.length} command(s)`,
          reading,
          evidence,
        ),
      );
    }
  }
  return verdictOf(CLAUSE_STATUS_ORDER, "status packages", obs);
}
