/**
 * One DM session as the client runs it (5.4–5.7): POST Pkg#1 to the session URL, then for every
 * response execute its commands and POST their statuses to the same URL, until a response
 * carries END — whose commands are executed too, with no status and no new request after them.
 */
import { MEDIA } from "../protocol/http-rules.ts";
import type { CommandStatus, DeviceBehaviour, PackageKind } from "./behaviour.ts";
import { readCommandFile, writeStatusFile } from "./command-file.ts";
import { CommandExecutor, type ExecutorContext, isEnd, TNDS20_MEDIA } from "./executor.ts";
import { isHttpError, utf8 } from "./http-io.ts";
import { buildPkg1, type Pkg1Flags } from "./pkg1.ts";
import { isFailure } from "./profile.ts";
import { contentType, headerNames, writeDocument } from "./wire-form.ts";

export const DM20_MEDIA = MEDIA.dm20;
export const DM20_STATUS_MEDIA = MEDIA.dm20status;
/**
 * Table 2 writes "application/dm20; application/tnds20". In HTTP a ";" starts a media-type
 * parameter, so the engine's default reading sends the comma-separated list, which every HTTP
 * parser reads as two media ranges (the harness accepts both separators; readings.ts).
 */
export const DM_ACCEPT = `${DM20_MEDIA}, ${TNDS20_MEDIA}`;

export type SessionOutcome =
  /** A response carried END; its commands were executed. */
  | "ended"
  /** The session URL is not https:// (5.3): no request was sent. */
  | "refused-plaintext"
  /** A request failed below HTTP: refused certificate, connection refused, reset... */
  | "transport-error"
  /** The server answered a package with a non-2xx status. */
  | "http-error"
  /** The response body was not a command file (no "MsgID n" first line). */
  | "bad-response"
  /** The server never sent END within the profile's bound. */
  | "package-bound"
  | "aborted";

export interface SessionResult {
  outcome: SessionOutcome;
  url: string;
  /** Packages sent (Pkg#1 included). */
  packages: number;
  detail?: string;
}

export interface SessionRequest {
  url: string;
  flags: Pkg1Flags;
}

function packageHeaders(
  kind: PackageKind,
  ctx: ExecutorContext,
  behaviour: DeviceBehaviour,
): Array<[string, string]> {
  const r = ctx.readings;
  const headers = headerNames(
    [
      ["Content-Type", contentType(kind === "pkg1" ? TNDS20_MEDIA : DM20_STATUS_MEDIA, r)],
      ["Accept", r.accept],
      ["X-OMADMDeviceID", ctx.profile.deviceId],
      ["User-Agent", ctx.profile.userAgent],
    ],
    r,
  );
  return behaviour.packageHeaders ? behaviour.packageHeaders(headers, kind) : headers;
}

export async function runSession(ctx: ExecutorContext, req: SessionRequest): Promise<SessionResult> {
  const b = ctx.behaviour;
  const result = (outcome: SessionOutcome, packages: number, detail?: string): SessionResult => {
    ctx.log({ kind: "session-end", detail: `${outcome}${detail ? `: ${detail}` : ""}` });
    return { outcome, url: req.url, packages, ...(detail === undefined ? {} : { detail }) };
  };

  if (!req.url.startsWith("https://") && !b.allowPlaintextSessionUrl) {
    return result("refused-plaintext", 0, `${req.url} is not https`);
  }
  const flags = b.pkg1Flags ? b.pkg1Flags(req.flags) : req.flags;
  const alerts = [...ctx.state.pendingAlerts];
  let doc = buildPkg1(ctx.tree, flags, alerts);
  if (b.pkg1Document) doc = b.pkg1Document(doc, ctx.tree);

  const executor = new CommandExecutor(ctx);
  let kind: PackageKind = "pkg1";
  let target = req.url;
  let body = writeDocument(doc, ctx.readings);
  let packages = 0;
  let afterEnd = false;
  try {
    for (;;) {
      if (ctx.signal?.aborted) return result("aborted", packages);
      if (packages >= ctx.profile.maxPackages) return result("package-bound", packages);
      // Jobs the last commands left for after their status (readings: an EXEC alert sent after the
      // status): started once this package is on its way, done before the next batch runs.
      const after = ctx.afterStatus.splice(0);
      let started: Promise<unknown> | undefined;
      const startAfter = () => {
        started ??= Promise.allSettled(after.map((job) => job()));
      };
      const res = await ctx.http.request({
        method: "POST",
        url: target,
        headers: packageHeaders(kind, ctx, b),
        body,
        label: `pkg${packages + 1}`,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(after.length > 0 ? { onSent: startAfter } : {}),
      });
      if (after.length > 0) {
        startAfter();
        await started;
      }
      packages++;
      if (isHttpError(res)) {
        if (ctx.signal?.aborted) return result("aborted", packages);
        return result("transport-error", packages, `${res.error.code}: ${res.error.message}`);
      }
      if (isFailure(res.status)) return result("http-error", packages, `HTTP ${res.status}`);
      if (kind === "pkg1") {
        // Delivered: these alerts are the server's now.
        ctx.state.pendingAlerts = ctx.state.pendingAlerts.filter((a) => !alerts.includes(a));
      }
      if (afterEnd) return result("ended", packages);
      const file = readCommandFile(res.body);
      if (!file) return result("bad-response", packages, "no MsgID first line");

      const end = file.commands.some(isEnd);
      const statuses: CommandStatus[] =
        end && b.skipEndCommands ? [] : await executor.executeAll(file.commands);
      await ctx.persist?.();
      if (end && !b.statusAfterEnd) return result("ended", packages);
      afterEnd = end;

      let pkg = { msgId: file.msgId, statuses };
      if (b.statusPackage) pkg = b.statusPackage(pkg);
      const text = writeStatusFile(pkg, ctx.readings.statusFile);
      body = utf8.encode(b.statusText ? b.statusText(text) : text);
      kind = "status";
      target = b.statusUrl ? b.statusUrl(req.url) : req.url;
    }
  } finally {
    // Jobs left for after a status that never went out (their commands came with END): now.
    await Promise.allSettled(ctx.afterStatus.splice(0).map((job) => job()));
    // A SHOW browser let loose in the background still belongs to this session.
    await Promise.allSettled(ctx.background.splice(0));
  }
}
