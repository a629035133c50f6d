/**
 * Informative probes: packages a correct device never sends, to record how the server answers
 * them. They judge no clause (the draft says nothing about them); the report lists what was seen.
 * Each probe opens its own session with a correct Pkg#1 under its own device ID, then sends the
 * odd package, then a correct status package (every command "215 not executed": the probe ran
 * nothing), to see whether the session survived.
 */
import { buildPkg1, DM_ACCEPT, DM20_STATUS_MEDIA, NO_PKG1_FLAGS, TNDS20_MEDIA } from "../device/index.ts";
import { type HttpExchange, headerValue, newTranscript, type Transcript } from "../model/transcript.ts";
import { parseCommandFile } from "../protocol/command-file.ts";
import { phase } from "../runner/phases.ts";
import { createRecordingClient } from "../transport/recording-client.ts";
import type { SessionBounds } from "./device-session.ts";
import { HARNESS_USER_AGENT, type SimulatedDevice } from "./simulated-device.ts";

export const TEN_MIB = 10 * 1024 * 1024;

export interface ProbeDefinition {
  name: string;
  description: string;
  /** The odd package, given the first answer's MsgID and command count. */
  build(
    msgId: number,
    commands: number,
    device: SimulatedDevice,
  ): { contentType: string | null; body: Uint8Array };
}

const enc = new TextEncoder();

function statusBody(msgId: number, count: number, code = 200): string {
  return [`MsgID ${msgId}`, ...Array.from({ length: count }, () => String(code))].join("\r\n");
}

export const PROBES: ProbeDefinition[] = [
  {
    name: "wrong-msgid",
    description: "a status package whose MsgID is not the one of the response it answers",
    build: (msgId, n) => ({ contentType: DM20_STATUS_MEDIA, body: enc.encode(statusBody(msgId + 7, n)) }),
  },
  {
    name: "missing-status-lines",
    description: "a status package with fewer status lines than the response had commands",
    build: (msgId) => ({ contentType: DM20_STATUS_MEDIA, body: enc.encode(`MsgID ${msgId}`) }),
  },
  {
    name: "unknown-content-type",
    description: "a status package sent as application/x-unknown",
    build: (msgId, n) => ({ contentType: "application/x-unknown", body: enc.encode(statusBody(msgId, n)) }),
  },
  {
    name: "empty-body",
    description: "a status package with an empty body",
    build: () => ({ contentType: DM20_STATUS_MEDIA, body: new Uint8Array() }),
  },
  {
    name: "ten-mib-body",
    description: "a 10 MiB status package",
    build: (msgId) => {
      const head = `MsgID ${msgId}\r\n`;
      const body = new Uint8Array(TEN_MIB);
      body.set(enc.encode(head));
      // As many whole "200\r\n" lines as fit after the head (the bytes past the last stay 0),
      // filled natively: a JS loop of two million 5-byte copies cost ~0.13 s of every server run.
      const line = "200\r\n";
      const lines = Math.floor((TEN_MIB - head.length) / line.length);
      body.set(Buffer.alloc(lines * line.length, line), head.length);
      return { contentType: DM20_STATUS_MEDIA, body };
    },
  },
  {
    name: "second-pkg1",
    description: "a second Pkg#1 from the same device in the middle of its session",
    build: (_msgId, _n, device) => ({
      contentType: TNDS20_MEDIA,
      body: enc.encode(JSON.stringify(buildPkg1(device.tree, NO_PKG1_FLAGS))),
    }),
  },
];

export interface ProbeObservation {
  name: string;
  description: string;
  deviceId: string;
  transcript: Transcript;
  /** How the server answered the odd package, in one line. */
  answer: string;
  /** How it answered the correct status package sent after it (when one was sent). */
  afterwards?: string;
}

export function describeAnswer(ex: HttpExchange | undefined): string {
  if (!ex) return "not sent";
  if (ex.error) return `no answer: ${ex.error.code} (${ex.error.message})`;
  const res = ex.response!;
  const type = headerValue(res, "content-type") ?? "no Content-Type";
  const text = new TextDecoder().decode(res.body.subarray(0, 200));
  const first = text.split(/\r?\n/).slice(0, 2).join(" | ");
  return `HTTP ${res.statusCode}, ${type}, ${res.bodyBytesSeen} bytes${first ? `: ${JSON.stringify(first)}` : ""}`;
}

/** One probe's session, timed as a span of the phase profile (DM20_PHASES). */
export function runProbe(
  probe: ProbeDefinition,
  device: SimulatedDevice,
  url: string,
  bounds: SessionBounds,
): Promise<ProbeObservation> {
  return phase("session", `probe ${probe.name}`, probeSession(probe, device, url, bounds));
}

async function probeSession(
  probe: ProbeDefinition,
  device: SimulatedDevice,
  url: string,
  bounds: SessionBounds,
): Promise<ProbeObservation> {
  const transcript = newTranscript("client");
  const client = createRecordingClient({
    caPem: bounds.caPem,
    timeoutMs: bounds.timeoutMs,
    bodyLimitBytes: bounds.bodyLimitBytes,
    transcript,
  });
  const headers = (contentType: string | null): Array<[string, string]> => [
    ...(contentType === null ? [] : [["Content-Type", contentType] as [string, string]]),
    ["Accept", DM_ACCEPT],
    ["X-OMADMDeviceID", device.deviceId],
    ["User-Agent", HARNESS_USER_AGENT],
  ];
  const observation: ProbeObservation = {
    name: probe.name,
    description: probe.description,
    deviceId: device.deviceId,
    transcript,
    answer: "not sent",
  };
  try {
    const pkg1 = await client.request({
      method: "POST",
      url,
      headers: headers(TNDS20_MEDIA),
      body: enc.encode(JSON.stringify(buildPkg1(device.tree, NO_PKG1_FLAGS))),
      label: "pkg1",
    });
    const file = pkg1.response && !pkg1.error ? parseCommandFile(pkg1.response.body) : undefined;
    if (!file || file.msgId === null || pkg1.response!.statusCode >= 300) {
      observation.answer = `not sent: Pkg#1 was not answered with a command file (${describeAnswer(pkg1)})`;
      return observation;
    }
    const odd = probe.build(file.msgId, file.commands.length, device);
    const oddEx = await client.request({
      method: "POST",
      url,
      headers: headers(odd.contentType),
      body: odd.body,
      label: `probe-${probe.name}`,
    });
    observation.answer = describeAnswer(oddEx);
    if (probe.name !== "second-pkg1") {
      const after = await client.request({
        method: "POST",
        url,
        headers: headers(DM20_STATUS_MEDIA),
        body: enc.encode(statusBody(file.msgId, file.commands.length, 215)),
        label: "probe-afterwards",
      });
      observation.afterwards = describeAnswer(after);
    }
    return observation;
  } finally {
    await client.close();
  }
}
