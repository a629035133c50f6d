/**
 * The reference server's fault switches: each breaks exactly one DMS clause, through one seam of
 * behaviour.ts. The self-test turns each on alone and requires the server suites to fail its
 * clause (test/selftest-server/fault-detection.test.ts).
 */
import type { FaultSwitch } from "../fault-switch.ts";
import { combineServerBehaviours, type ServerBehaviour } from "./behaviour.ts";
import type { ScenarioCommand } from "./scenario.ts";

interface ServerFault extends FaultSwitch {
  behaviour: ServerBehaviour;
}

/** ServerURIs of a command, by position (5.8): which params a fault that rewrites URLs touches. */
const SERVER_URI_POSITIONS: Record<string, number[]> = {
  GET: [0],
  PUT: [0],
  POST: [0],
  EXEC: [1],
  SHOW: [0],
  DEFAULT: [1],
};

function mapServerUris(commands: ScenarioCommand[], f: (uri: string) => string): ScenarioCommand[] {
  return commands.map((c) => {
    const positions = SERVER_URI_POSITIONS[c.name] ?? [];
    return { ...c, params: c.params.map((p, i) => (positions.includes(i) ? f(p) : p)) };
  });
}

const FAULTS: ServerFault[] = [
  // --- DMS-5.3-01: the notification -----------------------------------------------------------
  {
    name: "notification-wrong-version",
    clause: "DMS-5.3-01",
    description: "Pkg#0 carries version bits 0000001100 (DM 1.2) instead of 0000010100.",
    behaviour: { notification: (n) => ({ ...n, version: 12 }) },
  },
  {
    name: "notification-reserved-bits",
    clause: "DMS-5.3-01",
    description: "Pkg#0 sets a reserved bit.",
    behaviour: { notification: (n) => ({ ...n, reserved: 0x0001 }) },
  },
  {
    name: "notification-url-length",
    clause: "DMS-5.3-01",
    description: "Pkg#0's URL-length byte is one more than the URL's byte length.",
    behaviour: { notificationUrlLengthDelta: 1 },
  },
  {
    name: "notification-http-url",
    clause: "DMS-5.3-01",
    description: "Pkg#0 carries an http:// URL.",
    behaviour: { notification: (n) => ({ ...n, url: n.url.replace(/^https:/, "http:") }) },
  },
  // --- DMS-5.3-02: the certificate ------------------------------------------------------------
  {
    name: "certificate-wrong-host",
    clause: "DMS-5.3-02",
    description: "Serves DM with a certificate issued for another host name.",
    behaviour: { certificate: "wrongHost" },
  },
  {
    name: "certificate-expired",
    clause: "DMS-5.3-02",
    description: "Serves DM with an expired certificate.",
    behaviour: { certificate: "expired" },
  },
  // --- DMS-5.5-01: Content-Type ---------------------------------------------------------------
  {
    name: "content-type-text-plain",
    clause: "DMS-5.5-01",
    description: "Command files are sent as text/plain.",
    behaviour: { contentType: "text/plain" },
  },
  // --- DMS-5.5-02: line breaks and the MsgID line -----------------------------------------------
  {
    name: "lf-line-breaks",
    clause: "DMS-5.5-02",
    description: "Command-file lines are separated by LF alone.",
    behaviour: { lineBreak: "\n" },
  },
  {
    name: "msgid-line-missing",
    clause: "DMS-5.5-02",
    description: "Command files start with the first command, without the MsgID line (as 5.8.2's example).",
    behaviour: { omitMsgIdLine: true },
  },
  // --- DMS-5.5-03: MsgID sequence -------------------------------------------------------------
  {
    name: "msgid-stuck",
    clause: "DMS-5.5-03",
    description: "Every response of a session carries MsgID 0.",
    behaviour: { msgId: () => 0 },
  },
  {
    name: "msgid-step-two",
    clause: "DMS-5.5-03",
    description: "MsgID grows by two with each response.",
    behaviour: { msgId: (perSession) => perSession * 2 },
  },
  {
    name: "msgid-server-wide",
    clause: "DMS-5.5-03",
    description: "One MsgID counter for the whole server instead of one per session.",
    behaviour: { msgId: (_perSession, serverWide) => serverWide },
  },
  // --- DMS-5.5-04: command syntax -------------------------------------------------------------
  {
    name: "get-without-params",
    clause: "DMS-5.5-04",
    description: "The response to Pkg#1 ends with a GET line that has no parameter.",
    behaviour: {
      commands: (commands, ctx) =>
        ctx.firstResponse ? [...commands, { name: "GET", params: [] }] : commands,
    },
  },
  {
    name: "server-uri-relative",
    clause: "DMS-5.5-04",
    description: "ServerURIs are written as paths relative to the server instead of absolute URLs.",
    behaviour: {
      commands: (commands, ctx) => mapServerUris(commands, (uri) => uri.replaceAll(ctx.base, "")),
    },
  },
  // --- DMS-5.6-01: accepting both package kinds -------------------------------------------------
  {
    name: "status-package-415",
    clause: "DMS-5.6-01",
    description: "Status packages (application/dm20status) are refused with 415 Unsupported Media Type.",
    behaviour: { refuseStatusPackages: true },
  },
  // --- DMS-5.7-01: the session ends -----------------------------------------------------------
  {
    name: "never-end",
    clause: "DMS-5.7-01",
    description: "After the last command file the server starts over instead of sending END.",
    behaviour: { neverEnd: true },
  },
  // --- DMS-5.7-02: END alone after the last status --------------------------------------------
  {
    name: "end-with-commands",
    clause: "DMS-5.7-02",
    description: "The END that answers the last status report comes with another GET in the same response.",
    behaviour: {
      commands: (commands, ctx) =>
        ctx.afterLastStatus
          ? [{ name: "GET", params: [`${ctx.base}/documents/connmo-mms.tnds20`] }, ...commands]
          : commands,
    },
  },
  // --- DMS-5.8-01: SHOW's Close/Continue ------------------------------------------------------
  {
    name: "show-without-close",
    clause: "DMS-5.8-01",
    description: "SHOW's ServerURI carries neither ?Close= nor ?Continue=.",
    behaviour: {
      commands: (commands) =>
        commands.map((c) =>
          c.name === "SHOW" ? { ...c, params: c.params.map((p) => p.replace(/\?.*$/, "")) } : c,
        ),
    },
  },
];

export const REFERENCE_SERVER_FAULTS: FaultSwitch[] = FAULTS.map(({ name, clause, description }) => ({
  name,
  clause,
  description,
}));

/** The behaviour of the named faults together; throws on an unknown name (a typo must not pass as "no fault"). */
export function behaviourForFaults(names: readonly string[]): ServerBehaviour {
  const picked = names.map((name) => {
    const fault = FAULTS.find((f) => f.name === name);
    if (!fault) {
      throw new Error(
        `unknown reference-server fault "${name}"; known: ${FAULTS.map((f) => f.name).join(", ")}`,
      );
    }
    return fault.behaviour;
  });
  return combineServerBehaviours(picked);
}
