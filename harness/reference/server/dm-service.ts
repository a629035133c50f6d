/**
 * The DM endpoint's logic, without HTTP: a package in (Pkg#1 or a status package), a command file
 * (or a refusal) out. Kept apart from fastify so that it reads as the draft does:
 *
 * - 5.4/5.5: Pkg#1 (application/tnds20, DevInfo inside) opens a session for its X-OMADMDeviceID
 *   and is answered with the device's first command file, MsgID 0.
 * - 5.6/5.7: each status package (application/dm20status) must echo the MsgID of the response it
 *   answers and hold one status per command; it is answered with the next command file, MsgID
 *   one more. After the last command file's status the answer is END alone, and the session ends.
 * - A second Pkg#1 from a device in session starts its session over.
 *
 * A package that cannot belong to the session is refused with a 4xx and a text/plain reason; the
 * session is left as it was, so a device can still send the right package.
 */
import { MEDIA, mediaTypeEssence } from "../../protocol/http-rules.ts";
import { serializeLines } from "../../protocol/line-file.ts";
import { parseStatusFile } from "../../protocol/status-file.ts";
import { hasDevInfo, parseTnds20 } from "../../protocol/tnds20.ts";
import type { CommandsContext, ServerBehaviour } from "./behaviour.ts";
import {
  type CommandFileTemplate,
  commandFilesFor,
  fillTemplate,
  type Scenario,
  type ScenarioCommand,
} from "./scenario.ts";
import type { ServerLog } from "./server-log.ts";

export interface DmPackage {
  contentType: string | undefined;
  deviceId: string | undefined;
  body: Uint8Array;
  /** The request target, kept in the log (a DEFAULT session arrives with ?InitiatedBy=). */
  target: string;
}

export interface DmReply {
  status: number;
  contentType: string;
  body: Uint8Array;
}

interface DmSession {
  deviceId: string;
  files: CommandFileTemplate[];
  /** Index of the next command file to send. */
  nextFile: number;
  /** Responses sent in this session: the correct next MsgID. */
  responses: number;
  lastMsgId: number;
  lastCommandCount: number;
}

const END: ScenarioCommand = { name: "END", params: [] };

function refusal(status: number, reason: string): DmReply {
  return { status, contentType: "text/plain; charset=utf-8", body: new TextEncoder().encode(`${reason}\n`) };
}

export class DmService {
  private readonly sessions = new Map<string, DmSession>();
  private responsesSent = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly behaviour: ServerBehaviour,
    private readonly base: () => string,
    private readonly log: ServerLog,
  ) {}

  handle(pkg: DmPackage): DmReply {
    const deviceId = pkg.deviceId?.trim();
    if (!deviceId) return refusal(400, "X-OMADMDeviceID is missing");
    const media = mediaTypeEssence(pkg.contentType);
    if (media === MEDIA.tnds20) return this.pkg1(deviceId, pkg);
    if (media === MEDIA.dm20status) return this.statusPackage(deviceId, pkg);
    this.log.add({ kind: "refused", deviceId, detail: `content type ${pkg.contentType ?? "(none)"}` });
    return refusal(415, `expected ${MEDIA.tnds20} (Pkg#1) or ${MEDIA.dm20status} (status package)`);
  }

  /** Device IDs with a session in progress. */
  openSessions(): string[] {
    return [...this.sessions.keys()];
  }

  private pkg1(deviceId: string, pkg: DmPackage): DmReply {
    const doc = parseTnds20(pkg.body);
    if (!doc.ok) return this.refuse(deviceId, 400, "Pkg#1 is not a TNDS20 document");
    if (!hasDevInfo(doc)) return this.refuse(deviceId, 400, "Pkg#1 carries no DevInfo");
    const restarted = this.sessions.has(deviceId);
    const value = doc.value as { GenericAlert?: unknown };
    this.log.add({
      kind: "pkg1",
      deviceId,
      detail: `${pkg.target}${restarted ? " (session restarted)" : ""}`,
      ...(Array.isArray(value.GenericAlert) ? { alerts: value.GenericAlert } : {}),
    });
    const session: DmSession = {
      deviceId,
      files: commandFilesFor(this.scenario, deviceId),
      nextFile: 0,
      responses: 0,
      lastMsgId: -1,
      lastCommandCount: 0,
    };
    this.sessions.set(deviceId, session);
    return this.respond(session, true);
  }

  private statusPackage(deviceId: string, pkg: DmPackage): DmReply {
    if (this.behaviour.refuseStatusPackages) {
      return this.refuse(deviceId, 415, `${MEDIA.dm20status} is not accepted here`);
    }
    const session = this.sessions.get(deviceId);
    if (!session) return this.refuse(deviceId, 400, "no DM session for this device: send Pkg#1 first");
    const status = parseStatusFile(pkg.body);
    if (status.msgId === null) return this.refuse(deviceId, 400, "the status package has no MsgID line");
    if (status.msgId !== session.lastMsgId) {
      return this.refuse(
        deviceId,
        400,
        `MsgID ${status.msgId} does not match the last response of this session (MsgID ${session.lastMsgId})`,
      );
    }
    if (status.statuses.length !== session.lastCommandCount) {
      return this.refuse(
        deviceId,
        400,
        `${status.statuses.length} status line(s) for ${session.lastCommandCount} command(s)`,
      );
    }
    this.log.add({
      kind: "status",
      deviceId,
      detail: status.statuses.map((s) => s.raw).join(" | "),
    });
    return this.respond(session, false);
  }

  private refuse(deviceId: string, status: number, reason: string): DmReply {
    this.log.add({ kind: "refused", deviceId, detail: `${status} ${reason}` });
    return refusal(status, reason);
  }

  /** The next response of a session: the next command file, or END alone after the last one. */
  private respond(session: DmSession, firstResponse: boolean): DmReply {
    const b = this.behaviour;
    const base = this.base();
    let template = session.files[session.nextFile];
    if (!template && b.neverEnd && session.files.length > 0) {
      session.nextFile = 0;
      template = session.files[0];
    }
    const afterLastStatus = template === undefined && !firstResponse;
    let commands: ScenarioCommand[] = template
      ? template.commands.map((c) => ({ name: c.name, params: c.params.map((p) => fillTemplate(p, base)) }))
      : [END];
    if (template) session.nextFile++;
    const ctx: CommandsContext = { base, afterLastStatus, firstResponse };
    if (b.commands) commands = b.commands(commands, ctx);

    const msgId = b.msgId ? b.msgId(session.responses, this.responsesSent) : session.responses;
    session.responses++;
    this.responsesSent++;
    session.lastMsgId = msgId;
    session.lastCommandCount = commands.length;
    if (commands.some((c) => c.name === "END")) this.sessions.delete(session.deviceId);

    const lines = commands.map((c) => [c.name, ...c.params].join(" "));
    if (!b.omitMsgIdLine) lines.unshift(`MsgID ${msgId}`);
    const text = serializeLines(lines, {
      lineBreak: b.lineBreak ?? "\r\n",
      ...(b.finalLineBreak ? { finalLineBreak: true } : {}),
    });
    this.log.add({
      kind: "response",
      deviceId: session.deviceId,
      detail: `MsgID ${msgId}: ${commands.map((c) => c.name).join(", ")}${template ? ` (${template.file})` : ""}`,
    });
    return { status: 200, contentType: b.contentType ?? MEDIA.dm20, body: new TextEncoder().encode(text) };
  }
}
