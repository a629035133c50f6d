/**
 * The reference server's HTTP routes on fastify. Every body is taken raw (the draft's media types
 * are not JSON as fastify knows it, and the DM service wants the bytes), so the built-in parsers
 * are replaced by one that buffers anything.
 *
 *   POST /dm20               Pkg#1 and status packages (DmService)
 *   GET  /documents/<name>   TNDS20 documents for GET commands (application/tnds20)
 *   GET  /pages/<name>       pages for SHOW (text/html)
 *   PUT|POST /uploads/<name> TNDS20 uploads of PUT/POST commands
 *   POST /alerts             Generic Alerts of EXEC commands
 *   POST /_admin/notify?push=URL&device=ID[&flags...]  makes the server emit Pkg#0 (for --notify-cmd)
 */
import type { ServerOptions as HttpsServerOptions } from "node:https";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { MEDIA, mediaTypeEssence } from "../../protocol/http-rules.ts";
import { parseTnds20 } from "../../protocol/tnds20.ts";
import type { DmService } from "./dm-service.ts";
import type { NotifyFlags } from "./notifier.ts";
import { fillTemplate, type Scenario } from "./scenario.ts";
import type { ServerLog } from "./server-log.ts";

export const DM_PATH = "/dm20";
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppDeps {
  scenario: Scenario;
  dm: DmService;
  log: ServerLog;
  base: () => string;
  notify(pushUrl: string, deviceId: string, flags: NotifyFlags): Promise<void>;
}

function text(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type("text/plain; charset=utf-8").send(`${body}\n`);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

function asBytes(body: unknown): Uint8Array {
  return body instanceof Uint8Array ? body : new Uint8Array();
}

const bit = (v: unknown): boolean | undefined => (v === undefined ? undefined : v === "1" || v === "true");

export function buildApp(https: HttpsServerOptions, deps: AppDeps): FastifyInstance {
  const app = Fastify({
    https,
    bodyLimit: BODY_LIMIT_BYTES,
    // A device that sends its request slowly must not hold a connection for Node's default 5 minutes.
    requestTimeout: 30_000,
    // Close keep-alive connections too when the server closes, so a test's teardown is immediate.
    forceCloseConnections: true,
    logger: false,
  });
  // Refusals fastify makes itself (413 body too large, 400 bad request) in the same text/plain form.
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) =>
    text(reply, err.statusCode ?? 500, err.message),
  );
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  app.post(DM_PATH, async (req, reply) => {
    const out = deps.dm.handle({
      contentType: header(req.headers["content-type"]),
      deviceId: header(req.headers["x-omadmdeviceid"]),
      body: asBytes(req.body),
      target: req.url,
    });
    return reply.code(out.status).type(out.contentType).send(Buffer.from(out.body));
  });

  app.get<{ Params: { name: string } }>("/documents/:name", async (req, reply) => {
    const doc = deps.scenario.documents.get(req.params.name);
    if (doc === undefined) return text(reply, 404, "no such document");
    deps.log.add({
      kind: "document",
      detail: req.params.name,
      ...deviceOf(header(req.headers["x-omadmdeviceid"])),
    });
    return reply.code(200).type(MEDIA.tnds20).send(fillTemplate(doc, deps.base()));
  });

  app.get<{ Params: { name: string } }>("/pages/:name", async (req, reply) => {
    const page = deps.scenario.pages.get(req.params.name);
    if (page === undefined) return text(reply, 404, "no such page");
    deps.log.add({ kind: "page", detail: req.url });
    return reply.code(200).type("text/html; charset=utf-8").send(fillTemplate(page, deps.base()));
  });

  const upload = async (
    req: {
      params: { name: string };
      headers: Record<string, string | string[] | undefined>;
      body: unknown;
      method: string;
    },
    reply: FastifyReply,
  ) => {
    if (mediaTypeEssence(header(req.headers["content-type"])) !== MEDIA.tnds20) {
      return text(reply, 415, `uploads are ${MEDIA.tnds20}`);
    }
    const doc = parseTnds20(asBytes(req.body));
    if (!doc.ok) return text(reply, 400, "the upload is not a TNDS20 document");
    deps.log.add({
      kind: "upload",
      detail: `${req.method} ${req.params.name}`,
      document: doc.value,
      ...deviceOf(header(req.headers["x-omadmdeviceid"])),
    });
    return reply.code(204).send();
  };
  app.put<{ Params: { name: string } }>("/uploads/:name", upload);
  app.post<{ Params: { name: string } }>("/uploads/:name", upload);

  app.post("/alerts", async (req, reply) => {
    if (mediaTypeEssence(header(req.headers["content-type"])) !== MEDIA.tnds20) {
      return text(reply, 415, `Generic Alerts are ${MEDIA.tnds20}`);
    }
    const doc = parseTnds20(asBytes(req.body));
    const alerts = (doc.value as { GenericAlert?: unknown } | null)?.GenericAlert;
    if (!doc.ok || !Array.isArray(alerts))
      return text(reply, 400, "expected a TNDS20 document with GenericAlert");
    deps.log.add({
      kind: "alert",
      detail: `${alerts.length} Generic Alert(s)`,
      alerts,
      ...deviceOf(header(req.headers["x-omadmdeviceid"])),
    });
    return reply.code(204).send();
  });

  app.post<{ Querystring: Record<string, string | undefined> }>("/_admin/notify", async (req, reply) => {
    const { push, device } = req.query;
    if (!push || !device) return text(reply, 400, "query needs push=URL and device=ID");
    const flags: NotifyFlags = {};
    const ui = Number(req.query.uiMode);
    if (ui === 0 || ui === 1 || ui === 2 || ui === 3) flags.uiMode = ui;
    const dd = bit(req.query.sendDevDetail);
    const mo = bit(req.query.sendSupportedMOs);
    const all = bit(req.query.sendAllMOInstances);
    if (dd !== undefined) flags.sendDevDetail = dd;
    if (mo !== undefined) flags.sendSupportedMOs = mo;
    if (all !== undefined) flags.sendAllMOInstances = all;
    try {
      await deps.notify(push, device, flags);
    } catch (e) {
      return text(reply, 502, `notification not delivered: ${(e as Error).message}`);
    }
    return text(reply, 200, "notification sent");
  });

  return app;
}

function deviceOf(id: string | undefined): { deviceId?: string } {
  return id ? { deviceId: id } : {};
}
