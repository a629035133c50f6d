/**
 * How the device writes what it sends, under its readings (readings.ts): header names and
 * Content-Types, the JSON text of its TNDS20 documents (the MO list in either form, Generic Alerts
 * in either encoding, compact or indented). The engine builds documents as plain structures and
 * the behaviour seams transform those; only here do they become bytes.
 */
import { utf8 } from "./http-io.ts";
import type { GenericAlert, MoListEntry, Tnds20Document } from "./pkg1.ts";
import type { DeviceReadings } from "./readings.ts";

/** A JSON object whose keys may repeat (C.1's MO object): written in this order, repeats kept. */
class RepeatedKeys {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** JSON text of a value; `RepeatedKeys` objects keep their repeated keys. Indented with CRLF when asked. */
function jsonText(value: unknown, indent: boolean, depth = 0): string {
  const nl = indent ? `\r\n${"  ".repeat(depth + 1)}` : "";
  const close = indent ? `\r\n${"  ".repeat(depth)}` : "";
  const colon = indent ? ": " : ":";
  const members = (pairs: Array<[string, unknown]>) =>
    pairs.length === 0
      ? "{}"
      : `{${pairs.map(([k, v]) => `${nl}${JSON.stringify(k)}${colon}${jsonText(v, indent, depth + 1)}`).join(",")}${close}}`;
  if (value instanceof RepeatedKeys) return members(value.entries);
  if (Array.isArray(value))
    return value.length === 0
      ? "[]"
      : `[${value.map((v) => `${nl}${jsonText(v, indent, depth + 1)}`).join(",")}${close}]`;
  if (typeof value === "object" && value !== null)
    return members(Object.entries(value).filter(([, v]) => v !== undefined));
  return JSON.stringify(value);
}

/** C.1's MO list: one object, each MO's MOID, DDF and one Path key per instance, in turn. */
function repeatedKeysMoList(list: MoListEntry[]): RepeatedKeys[] {
  const entries: Array<[string, unknown]> = [];
  for (const mo of list) {
    entries.push(["MOID", mo.MOID], ["DDF", mo.DDF]);
    for (const p of mo.Path ?? []) entries.push(["Path", p]);
  }
  return [new RepeatedKeys(entries)];
}

/** A Generic Alert as a DM 1.2 Alert 1226 (its Item's fields, in JSON). */
function dm12Alert(alerts: GenericAlert[]) {
  return alerts.map((a) => ({
    Code: "1226",
    Item: [
      { Source: { LocURI: a.Source }, Meta: { Type: a.Type, Format: a.Format, Mark: a.Mark }, Data: a.Data },
    ],
  }));
}

/** The JSON bytes of a TNDS20 document (Pkg#1, an upload, an alert) under the readings. */
export function writeDocument(doc: Tnds20Document, readings: DeviceReadings): Uint8Array {
  const { MO, GenericAlert: alerts, ...rest } = doc;
  const out: Record<string, unknown> = {};
  if (MO) out.MO = readings.moList === "repeated-keys" ? repeatedKeysMoList(MO) : MO;
  Object.assign(out, rest);
  if (alerts) {
    if (readings.genericAlert === "dm12-alert") out.Alert = dm12Alert(alerts);
    else out.GenericAlert = alerts;
  }
  return utf8.encode(jsonText(out, readings.json === "indented"));
}

/** The request that carries a Generic Alert to an alert server: its Content-Type and body. */
export function alertRequest(
  alert: GenericAlert,
  readings: DeviceReadings,
): { contentType: string; body: Uint8Array } {
  return {
    contentType: readings.genericAlert === "dm12-alert" ? "application/json" : "application/tnds20",
    body: writeDocument({ GenericAlert: [alert] }, readings),
  };
}

/** A Content-Type with the readings' media-type parameters. */
export function contentType(media: string, readings: DeviceReadings): string {
  return `${media}${readings.contentTypeParameters}`;
}

/** Header names as the readings write them. */
export function headerNames(
  headers: Array<[string, string]>,
  readings: DeviceReadings,
): Array<[string, string]> {
  return readings.headerNames === "lower-case" ? headers.map(([n, v]) => [n.toLowerCase(), v]) : headers;
}
