/**
 * Pkg#0 (5.3): the server-initiated notification, encoded with the codec and POSTed as
 * application/octet-stream to a push URL (the IUT contract's DM20_PUSH_URL).
 */
import { request } from "undici";
import { encodeNotification, type Notification } from "../../protocol/notification.ts";
import type { ServerBehaviour } from "./behaviour.ts";

/** The Pkg#0 fields a caller chooses; the rest follow from the server. */
export interface NotifyFlags {
  /** 0 not specified, 1 background, 2 informative, 3 user interaction. */
  uiMode?: 0 | 1 | 2 | 3;
  sendDevDetail?: boolean;
  sendSupportedMOs?: boolean;
  sendAllMOInstances?: boolean;
}

/** As C.1's notification: DevDetail, the supported MOs and all their instances, in the background. */
export const DEFAULT_NOTIFY_FLAGS: Required<NotifyFlags> = {
  uiMode: 1,
  sendDevDetail: true,
  sendSupportedMOs: true,
  sendAllMOInstances: true,
};

export function buildNotification(dmUrl: string, flags: NotifyFlags, behaviour: ServerBehaviour): Uint8Array {
  let n: Notification = {
    version: 20,
    ...DEFAULT_NOTIFY_FLAGS,
    ...flags,
    initiator: 1,
    reserved: 0,
    url: dmUrl,
  };
  if (behaviour.notification) n = behaviour.notification(n);
  const urlBytes = new TextEncoder().encode(n.url).length;
  const delta = behaviour.notificationUrlLengthDelta;
  const bytes = encodeNotification(n, delta === undefined ? {} : { urlLengthOverride: urlBytes + delta });
  const trailing = behaviour.notificationTrailingBytes;
  return trailing ? new Uint8Array([...bytes, ...trailing]) : bytes;
}

/** POSTs the bytes; rejects when the push endpoint does not answer 2xx within `timeoutMs`. */
export async function pushNotification(pushUrl: string, bytes: Uint8Array, timeoutMs: number): Promise<void> {
  const res = await request(pushUrl, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: bytes,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body.dump();
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw new Error(`push endpoint ${pushUrl} answered HTTP ${res.statusCode}`);
  }
}
