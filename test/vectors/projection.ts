/**
 * What a vector's expectation pins, per kind: the decode a check relies on, and the findings as
 * code + line + column (messages are for humans and may change). The vector test compares
 * `project(kind, input)` with the `expect` member of `<name>.expect.json` by deep equality.
 */
import { parseClientUri } from "../../harness/protocol/client-uri.ts";
import { parseCommandFile } from "../../harness/protocol/command-file.ts";
import type { Finding } from "../../harness/protocol/finding.ts";
import { parseHttpMessageText } from "../../harness/protocol/http-message.ts";
import { checkAccept, MEDIA, parseDeviceId } from "../../harness/protocol/http-rules.ts";
import { decodeNotification, fromHex } from "../../harness/protocol/notification.ts";
import { parseStatusFile } from "../../harness/protocol/status-file.ts";
import { findObject, hasDevDetail, hasDevInfo, parseTnds20 } from "../../harness/protocol/tnds20.ts";

export const KINDS = {
  ".hex": "notification",
  ".dm20": "command-file",
  ".dm20status": "status-file",
  ".json": "tnds20",
  ".clienturi": "client-uri",
  ".http": "http-message",
  ".accept": "accept",
  ".deviceid": "device-id",
} as const;
export type VectorKind = (typeof KINDS)[keyof typeof KINDS];

const placed = (fs: Finding[]) =>
  fs.map((f) => {
    const out: { code: string; line?: number; column?: number } = { code: f.code };
    if (f.line !== undefined) out.line = f.line;
    if (f.column !== undefined) out.column = f.column;
    return out;
  });
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

export function project(kind: VectorKind, input: Uint8Array): unknown {
  switch (kind) {
    case "notification": {
      const r = decodeNotification(fromHex(text(input)));
      if (r.ok) return { ok: true, notification: r.notification, findings: codes(r.findings) };
      const { code, field, offset } = r.error;
      return { ok: false, error: { code, field, offset }, findings: codes(r.findings) };
    }
    case "command-file": {
      const f = parseCommandFile(input);
      return {
        msgId: f.msgId,
        msgIdRaw: f.msgIdRaw,
        lineBreaks: f.lineBreaks,
        finalLineBreak: f.finalLineBreak,
        commands: f.commands.map((c) => ({
          keyword: c.keyword,
          name: c.name,
          params: c.params,
          line: c.line,
        })),
        findings: placed(f.findings),
      };
    }
    case "status-file": {
      const f = parseStatusFile(input);
      return {
        msgId: f.msgId,
        msgIdRaw: f.msgIdRaw,
        lineBreaks: f.lineBreaks,
        finalLineBreak: f.finalLineBreak,
        statuses: f.statuses.map((s) => ({
          code: s.code,
          codeRaw: s.codeRaw,
          params: s.params,
          line: s.line,
        })),
        findings: placed(f.findings),
      };
    }
    case "tnds20": {
      const p = parseTnds20(input);
      return {
        ok: p.ok,
        moList: p.moList,
        moListStyle: p.moListStyle,
        objectMoids: p.objects.map((o) => o.MOID),
        hasDevInfo: hasDevInfo(p),
        hasDevDetail: hasDevDetail(p),
        devInfo: findObject(p, "oma:mo:oma-dm-devinfo") ?? null,
        findings: placed(p.findings),
      };
    }
    case "client-uri": {
      const { ok, star, moid, path, levels, query, findings } = parseClientUri(text(input));
      return { ok, star, moid, path, levels, query, findings: codes(findings) };
    }
    case "http-message": {
      const m = parseHttpMessageText(input);
      return {
        kind: m.kind,
        startLine: m.startLine,
        headers: m.headers,
        contentLength: m.contentLength,
        bodyLength: m.body.length,
        findings: codes(m.findings),
      };
    }
    case "accept":
      return checkAccept(text(input), [MEDIA.dm20, MEDIA.tnds20]);
    case "device-id": {
      const { ok, type, id, findings } = parseDeviceId(text(input));
      return { ok, type, id, findings: codes(findings) };
    }
  }
}
