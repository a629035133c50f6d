/**
 * Pkg#1, the device's first request (5.3 flags, 5.4 headers and body), judged over every Pkg#1 of
 * the given sessions (typically one per Pkg#0 flag combination).
 *
 * Readings:
 * - The Pkg#0 flags are read back from the notification the transcript recorded, so the check
 *   judges what was actually sent.
 * - 5.4-05 "only the following content" is judged on content outside the four permitted kinds
 *   (DevInfo, DevDetail, Generic Alerts, the MO list); whether DevDetail and the MO list were
 *   requested is 5.3-03's and 5.4-06's to judge, so one slip fails one clause. The draft names no
 *   key for the Generic Alert list: any top-level key that names alerts ("GenericAlert", "Alerts", …)
 *   is accepted and recorded.
 * - The MO list may carry a DDF URL per MO (C.1 does); one without is accepted and recorded.
 * - X-OMADMDeviceID must read as TYPE:value (codec rules) and equal the IXIT's `deviceId`, the
 *   vendor's declaration of the device's unique identifier.
 * - Content-Type parameters (charset=…) are accepted and recorded.
 */
import { expectation, requestEvidence } from "../../model/evidence.ts";
import type { Ixit } from "../../model/ixit.ts";
import { headerValue, headerValues } from "../../model/transcript.ts";
import { type DeviceSessionView, type DmPackage, packageName } from "../../model/transcript-contract.ts";
import type { CheckResult } from "../../model/verdict.ts";
import { checkAccept, MEDIA, mediaTypeEssence, parseDeviceId } from "../../protocol/http-rules.ts";
import type { Notification } from "../../protocol/notification.ts";
import {
  hasDevDetail,
  hasDevInfo,
  moidMatches,
  parseTnds20,
  type Tnds20Parse,
} from "../../protocol/tnds20.ts";
import { describeKnown, unlistedKnownNodes } from "./known-instances.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import { notificationOf, wireTrace } from "./session-view.ts";

export const CLAUSE_DEVDETAIL_FLAG = "DMC-5.3-03";
export const CLAUSE_PKG1_METHOD = "DMC-5.4-01";
export const CLAUSE_PKG1_ACCEPT = "DMC-5.4-02";
export const CLAUSE_PKG1_DEVICE_ID = "DMC-5.4-03";
export const CLAUSE_PKG1_DEVINFO = "DMC-5.4-04";
export const CLAUSE_PKG1_ONLY = "DMC-5.4-05";
export const CLAUSE_MO_LIST = "DMC-5.4-06";
export const CLAUSE_INSTANCES = "DMC-5.4-07";

type Flags = Pick<Notification, "sendDevDetail" | "sendSupportedMOs" | "sendAllMOInstances">;

interface Pkg1 {
  view: DeviceSessionView;
  pkg: DmPackage;
  /** Flags of the notification that started the session; all off for device-initiated sessions. */
  flags: Flags | undefined;
  doc: Tnds20Parse;
}

const parsedDocs = new WeakMap<DmPackage["exchange"], Tnds20Parse>();

function pkg1sOf(views: DeviceSessionView[]): Pkg1[] {
  const out: Pkg1[] = [];
  for (const view of views) {
    const pkg = view.packages[0];
    if (!pkg) continue;
    let doc = parsedDocs.get(pkg.exchange);
    if (!doc) {
      doc = parseTnds20(pkg.exchange.request.body);
      parsedDocs.set(pkg.exchange, doc);
    }
    const n = notificationOf(view.transcript)?.notification;
    out.push({ view, pkg, flags: n, doc });
  }
  return out;
}

function flagText(f: Flags): string {
  return `send-devdetail=${f.sendDevDetail ? 1 : 0} send-supported-mo=${f.sendSupportedMOs ? 1 : 0} send-all-mo-instances=${f.sendAllMOInstances ? 1 : 0}`;
}

const noPkg1 = (views: DeviceSessionView[]): Observation[] =>
  views.length > 0 && views.every((v) => v.packages.length === 0)
    ? [
        unseen(
          "no Pkg#1 arrived in any of the sessions",
          views.flatMap((v) => wireTrace(v.transcript)).slice(0, 4),
        ),
      ]
    : [];

/** DMC-5.3-03: DevDetail in Pkg#1 exactly when send-devdetail = 1. */
export function checkDevDetailFlag(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = noPkg1(views);
  for (const p of pkg1sOf(views)) {
    if (!p.flags) continue;
    const name = `${packageName(p.pkg)} after ${flagText(p.flags)}`;
    const readable = p.doc.value !== undefined;
    const has = hasDevDetail(p.doc);
    if (p.flags.sendDevDetail) {
      obs.push(
        has
          ? ok(`${name} carries DevDetail`, undefined, [requestEvidence(p.pkg.exchange)])
          : bad(`${name} carries no DevDetail${readable ? "" : " (the body is not a TNDS20 document)"}`, [
              expectation(
                "DevDetail in Pkg#1",
                "present (send-devdetail = 1)",
                readable ? "absent" : "unreadable body",
              ),
              requestEvidence(p.pkg.exchange),
            ]),
      );
    } else if (!readable) {
      obs.push(
        unseen(`${name}: the body is not a TNDS20 document, so DevDetail's absence shows nothing`, [
          requestEvidence(p.pkg.exchange),
        ]),
      );
    } else {
      obs.push(
        has
          ? bad(`${name} carries DevDetail although send-devdetail = 0`, [
              expectation("DevDetail in Pkg#1", "absent (send-devdetail = 0)", "present"),
              requestEvidence(p.pkg.exchange),
            ])
          : ok(`${name} carries no DevDetail`, undefined, [requestEvidence(p.pkg.exchange)]),
      );
    }
  }
  return verdictOf(CLAUSE_DEVDETAIL_FLAG, "Pkg#1 after a notification", obs);
}

/** DMC-5.4-01: Pkg#1 is an HTTP POST with Content-Type application/tnds20. */
export function checkPkg1Method(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = noPkg1(views);
  for (const p of pkg1sOf(views)) {
    const req = p.pkg.exchange.request;
    const types = headerValues(req, "content-type");
    const seen = types.length === 0 ? "(no Content-Type)" : types.join(" | ");
    if (req.method !== "POST") {
      obs.push(
        bad(`${packageName(p.pkg)} is an HTTP ${req.method}, not a POST`, [
          expectation("method of Pkg#1", "POST", req.method),
          requestEvidence(p.pkg.exchange),
        ]),
      );
    } else if (types.length !== 1 || mediaTypeEssence(types[0]) !== MEDIA.tnds20) {
      obs.push(
        bad(`${packageName(p.pkg)} has Content-Type ${seen}, not ${MEDIA.tnds20}`, [
          expectation("Content-Type of Pkg#1", MEDIA.tnds20, seen),
          requestEvidence(p.pkg.exchange),
        ]),
      );
    } else {
      obs.push(
        ok(
          `${packageName(p.pkg)}: POST, ${types[0]}`,
          types[0]!.includes(";")
            ? `Content-Type with parameters: ${types[0]}`
            : `Content-Type exactly "${types[0]}"`,
          [requestEvidence(p.pkg.exchange)],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_PKG1_METHOD, "Pkg#1", obs);
}

const REQUIRED_ACCEPT = [MEDIA.dm20, MEDIA.tnds20];

/** DMC-5.4-02 (and, for status packages, the Accept half of 5.6-03): Accept lists both media types. */
export function acceptObservation(p: DmPackage): Observation {
  const value = headerValue(p.exchange.request, "accept");
  const check = checkAccept(value, REQUIRED_ACCEPT);
  if (!check.ok) {
    return bad(
      `${packageName(p)} Accept ${value === undefined ? "is absent" : `"${value}"`} does not list ${check.missing.join(" and ")}`,
      [
        expectation(
          `Accept of ${packageName(p)}`,
          `lists ${REQUIRED_ACCEPT.join(" and ")} (other values allowed)`,
          value ?? "(absent)",
        ),
        requestEvidence(p.exchange),
      ],
    );
  }
  return ok(
    `${packageName(p)} Accept "${value}"`,
    `Accept as a ${check.form === "semicolon" ? "';'" : check.form === "comma" ? "','" : check.form} list`,
    [requestEvidence(p.exchange)],
  );
}

export function checkPkg1Accept(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [...noPkg1(views), ...pkg1sOf(views).map((p) => acceptObservation(p.pkg))];
  return verdictOf(CLAUSE_PKG1_ACCEPT, "Pkg#1", obs);
}

/** DMC-5.4-03: X-OMADMDeviceID carries the device's unique identifier (the IXIT's deviceId). */
export function checkPkg1DeviceId(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = noPkg1(views);
  for (const p of pkg1sOf(views)) {
    const values = headerValues(p.pkg.exchange.request, "x-omadmdeviceid");
    const value = values.length === 1 ? values[0] : undefined;
    const parsed = parseDeviceId(value);
    const seen = values.length === 0 ? "(absent)" : values.join(" | ");
    if (values.length !== 1 || !parsed.ok) {
      const why =
        values.length > 1 ? "appears more than once" : parsed.findings.map((f) => f.message).join("; ");
      obs.push(
        bad(`${packageName(p.pkg)} X-OMADMDeviceID ${seen}: ${why}`, [
          expectation("X-OMADMDeviceID of Pkg#1", `a unique identifier such as ${ixit.deviceId}`, seen),
          requestEvidence(p.pkg.exchange),
        ]),
      );
    } else if (value!.trim() !== ixit.deviceId) {
      obs.push(
        bad(
          `${packageName(p.pkg)} X-OMADMDeviceID "${value}" is not the identifier the IXIT declares ("${ixit.deviceId}")`,
          [
            expectation("X-OMADMDeviceID of Pkg#1", `${ixit.deviceId} (IXIT deviceId)`, value!),
            requestEvidence(p.pkg.exchange),
          ],
        ),
      );
    } else {
      const notes = parsed.findings.map((f) => f.code);
      obs.push(
        ok(
          `${packageName(p.pkg)} X-OMADMDeviceID ${value}`,
          notes.length > 0 ? `${parsed.type} identifier (${notes.join(", ")})` : `${parsed.type} identifier`,
          [requestEvidence(p.pkg.exchange)],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_PKG1_DEVICE_ID, "Pkg#1", obs);
}

function syntaxSummary(doc: Tnds20Parse): string {
  const errors = doc.findings.filter(
    (f) => f.code.startsWith("json-") || f.code === "invalid-utf8" || f.code === "tnds20-not-object",
  );
  return errors.length > 0
    ? errors
        .slice(0, 3)
        .map((f) => `${f.message}${f.line !== undefined ? ` at line ${f.line}, column ${f.column}` : ""}`)
        .join("; ")
    : "not a JSON object";
}

function bodyLocation(doc: Tnds20Parse) {
  const f = doc.findings[0];
  return f && f.offset !== undefined
    ? {
        location: {
          offset: f.offset,
          ...(f.line !== undefined ? { line: f.line } : {}),
          ...(f.column !== undefined ? { column: f.column } : {}),
        },
      }
    : {};
}

/** DMC-5.4-04: the body is a JSON TNDS20 document that carries DevInfo. */
export function checkPkg1DevInfo(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = noPkg1(views);
  for (const p of pkg1sOf(views)) {
    if (!p.doc.ok) {
      obs.push(
        bad(`${packageName(p.pkg)} body is not a JSON TNDS20 document: ${syntaxSummary(p.doc)}`, [
          expectation("Pkg#1 body", "a JSON TNDS20 document carrying DevInfo", syntaxSummary(p.doc)),
          { ...requestEvidence(p.pkg.exchange), ...bodyLocation(p.doc) },
        ]),
      );
    } else if (!hasDevInfo(p.doc)) {
      obs.push(
        bad(
          `${packageName(p.pkg)} carries no DevInfo object (no TNDS20 object with MOID oma:mo:oma-dm-devinfo)`,
          [
            expectation(
              "DevInfo in Pkg#1",
              "a TNDS20 object with MOID oma:mo:oma-dm-devinfo:1.0",
              `MOIDs: ${p.doc.objects.map((o) => o.MOID).join(", ") || "(none)"}`,
            ),
            requestEvidence(p.pkg.exchange),
          ],
        ),
      );
    } else {
      const dups = p.doc.findings.filter((f) => f.code === "duplicate-key").length;
      obs.push(
        ok(
          `${packageName(p.pkg)} carries DevInfo`,
          dups > 0 ? `JSON with ${dups} repeated key(s), as C.1 writes it` : "strict JSON, no repeated keys",
          [requestEvidence(p.pkg.exchange)],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_PKG1_DEVINFO, "Pkg#1", obs);
}

const DEVINFO_OBJECT = "oma:mo:oma-dm-devinfo";
const PERMITTED_OBJECTS = [DEVINFO_OBJECT, "oma:mo:oma-dm-devdetail"];

/** DMC-5.4-05: nothing in Pkg#1 beyond DevInfo, DevDetail when send-devdetail = 1, Generic Alerts and the MO list. */
export function checkPkg1OnlyPermitted(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = noPkg1(views);
  for (const p of pkg1sOf(views)) {
    const value = p.doc.value;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      obs.push(
        bad(
          `${packageName(p.pkg)} body is not a TNDS20 document, so it carries something other than the permitted content`,
          [requestEvidence(p.pkg.exchange)],
        ),
      );
      continue;
    }
    const foreignKeys: string[] = [];
    const alertKeys: string[] = [];
    for (const key of Object.keys(value)) {
      if (key === "MO" || key === "TNDS20") continue;
      if (/alert/i.test(key)) alertKeys.push(key);
      else foreignKeys.push(key);
    }
    // DevDetail is not in 5.4's list: only Table 1's send-devdetail = 1 asks for it (a session
    // no notification started asked for none).
    const permitted = p.flags?.sendDevDetail ? PERMITTED_OBJECTS : [DEVINFO_OBJECT];
    const foreignObjects = p.doc.objects.filter((o) => !permitted.some((m) => moidMatches(o.MOID, m)));
    if (foreignKeys.length > 0 || foreignObjects.length > 0) {
      const what = [
        ...foreignKeys.map((k) => `top-level key "${k}"`),
        ...foreignObjects.map((o) => `TNDS20 object ${o.MOID}${o.Path ? ` ${o.Path}` : ""}`),
      ];
      obs.push(
        bad(`${packageName(p.pkg)} carries content 5.4 does not permit: ${what.join(", ")}`, [
          expectation(
            "Pkg#1 content",
            "only DevInfo, DevDetail, Generic Alerts and the MO list",
            what.join(", "),
          ),
          requestEvidence(p.pkg.exchange),
        ]),
      );
    } else {
      const parts = [
        "DevInfo",
        ...(hasDevDetail(p.doc) ? ["DevDetail"] : []),
        ...(p.doc.moList ? ["MO list"] : []),
        ...alertKeys.map((k) => `alerts as "${k}"`),
      ];
      obs.push(
        ok(
          `${packageName(p.pkg)}: ${parts.join(", ")}`,
          alertKeys.length > 0
            ? `Generic Alerts under ${alertKeys.map((k) => `"${k}"`).join(", ")}`
            : undefined,
          [requestEvidence(p.pkg.exchange)],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_PKG1_ONLY, "Pkg#1", obs);
}

/** DMC-5.4-06: send-supported-mo = 1 lists the supported MOs; with both list flags 0 the list is absent. */
export function checkMoList(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = noPkg1(views);
  for (const p of pkg1sOf(views)) {
    if (!p.flags) continue;
    const name = `${packageName(p.pkg)} after ${flagText(p.flags)}`;
    const list = p.doc.moList;
    if (p.flags.sendSupportedMOs) {
      if (!list) {
        obs.push(
          bad(`${name} carries no MO list`, [
            expectation("MO list in Pkg#1", "present (send-supported-mo = 1)", "absent"),
            requestEvidence(p.pkg.exchange),
          ]),
        );
        continue;
      }
      const missing = ixit.supportedMOs.filter(
        (m) => !list.some((e) => moidMatches(e.moid, m) || moidMatches(m, e.moid)),
      );
      if (missing.length > 0) {
        obs.push(
          bad(
            `${name} lists ${list.length} MO(s) but not ${missing.join(", ")}, which the IXIT declares supported`,
            [
              expectation(
                "MOIDs in the MO list",
                ixit.supportedMOs.join(", "),
                list.map((e) => e.moid).join(", ") || "(none)",
              ),
              requestEvidence(p.pkg.exchange),
            ],
          ),
        );
        continue;
      }
      const noDdf = list.filter((e) => e.ddf === undefined).length;
      obs.push(
        ok(
          `${name} lists ${list.length} MOs`,
          `MO list as ${p.doc.moListStyle}${noDdf > 0 ? `, ${noDdf} without DDF` : ", each with a DDF"}`,
          [requestEvidence(p.pkg.exchange)],
        ),
      );
    } else if (p.flags.sendAllMOInstances) {
      // Instances requested alone: the MO list may come along with them (their MOIDs) or not.
      obs.push(
        ok(
          `${name}: ${list ? `an MO list of ${list.length} MOs came with the instances` : "no MO list"}`,
          list
            ? "instances requested alone: MO list sent with them"
            : "instances requested alone: no MO list",
          [requestEvidence(p.pkg.exchange)],
        ),
      );
    } else {
      obs.push(
        list
          ? bad(`${name} carries an MO list although neither was requested`, [
              expectation(
                "MO list in Pkg#1",
                "absent (send-supported-mo = 0, send-all-mo-instances = 0)",
                `${list.length} entries`,
              ),
              requestEvidence(p.pkg.exchange),
            ])
          : ok(`${name} carries no MO list`, undefined, [requestEvidence(p.pkg.exchange)]),
      );
    }
  }
  return verdictOf(CLAUSE_MO_LIST, "Pkg#1 MO lists", obs);
}

/**
 * DMC-5.4-07: send-all-mo-instances = 1 lists the location of every instance. The harness cannot
 * know every instance of a device, but DevInfo (and DevDetail when sent) always exist and Pkg#1
 * itself shows their Path, and the IXIT's writable and executable nodes live in instances of their
 * MOs (known-instances.ts): the list must carry those, and each location must be a path.
 */
export function checkInstanceList(views: DeviceSessionView[], ixit: Ixit): CheckResult {
  const obs: Observation[] = noPkg1(views);
  for (const p of pkg1sOf(views)) {
    if (!p.flags?.sendAllMOInstances) continue;
    const name = `${packageName(p.pkg)} after ${flagText(p.flags)}`;
    const list = p.doc.moList;
    if (!list) {
      obs.push(
        bad(`${name} carries no MO list, so no instance locations`, [
          expectation(
            "instance locations in Pkg#1",
            "an MO list with the Path of every instance",
            "no MO list",
          ),
          requestEvidence(p.pkg.exchange),
        ]),
      );
      continue;
    }
    const problems: string[] = [];
    for (const obj of p.doc.objects) {
      const entry = list.find((e) => moidMatches(e.moid, obj.MOID) || moidMatches(obj.MOID, e.moid));
      const path = typeof obj.Path === "string" ? obj.Path : "/";
      if (!entry) problems.push(`${obj.MOID} is sent in Pkg#1 but not in the MO list`);
      else if (!entry.paths.some((q) => q === path || (q === "" && path === "/")))
        problems.push(
          `${entry.moid} lists no Path "${path}" (${entry.paths.length === 0 ? "no Path at all" : `only ${entry.paths.join(", ")}`})`,
        );
    }
    for (const n of unlistedKnownNodes(ixit, list)) problems.push(`no Path for ${describeKnown(n)}`);
    const total = list.reduce((n, e) => n + e.paths.length, 0);
    if (total === 0) problems.push("no MO in the list carries any Path");
    const notPaths = list.flatMap((e) =>
      e.paths.filter((q) => q !== "" && !q.startsWith("/")).map((q) => `${e.moid} "${q}"`),
    );
    if (notPaths.length > 0) problems.push(`locations that are not paths: ${notPaths.join(", ")}`);
    obs.push(
      problems.length > 0
        ? bad(`${name}: ${problems[0]}`, [
            expectation(
              "instance locations",
              "the Path of every instance of every listed MO",
              problems.join("; "),
            ),
            requestEvidence(p.pkg.exchange),
          ])
        : ok(`${name} lists ${total} instance location(s)`, `instances as ${p.doc.moListStyle}`, [
            requestEvidence(p.pkg.exchange),
          ]),
    );
  }
  return verdictOf(CLAUSE_INSTANCES, "Pkg#1 instance lists", obs);
}

/** Every Pkg#1 check at once, for sessions started by a notification. */
export function checkPkg1(views: DeviceSessionView[], ixit: Ixit): CheckResult[] {
  return [
    checkDevDetailFlag(views),
    checkPkg1Method(views),
    checkPkg1Accept(views),
    checkPkg1DeviceId(views, ixit),
    checkPkg1DevInfo(views),
    checkPkg1OnlyPermitted(views),
    checkMoList(views, ixit),
    checkInstanceList(views, ixit),
  ];
}
