/**
 * Pkg#1, the client's first request (5.4): a TNDS20 document with only DevInfo, DevDetail when the
 * notification asked for it (5.3 send-devdetail), the supported MO list when asked
 * (send-supported-mo), the instance locations when asked (send-all-mo-instances), and the pending
 * Generic Alerts.
 *
 * Built as a structure: `{ "MO": [ { "MOID", "DDF", "Path": ["/1", "/3"] } ], "TNDS20": [ DevInfo,
 * DevDetail? ], "GenericAlert": [ ... ] }`, one entry per MO, keys absent when empty. How it is
 * written (the MO list in C.1's repeated-key form or not, the alerts' encoding) is the readings'
 * choice, in wire-form.ts.
 */
import type { DmTree, Tnds20Object } from "./dm-tree.ts";

export const DEVINFO_MOID = "oma:mo:oma-dm-devinfo:1.0";
export const DEVDETAIL_MOID = "oma:mo:oma-dm-devdetail:1.0";

/** The three Pkg#1 flags of the notification (5.3). A device-initiated session has them all off. */
export interface Pkg1Flags {
  sendDevDetail: boolean;
  sendSupportedMo: boolean;
  sendAllMoInstances: boolean;
}

export const NO_PKG1_FLAGS: Pkg1Flags = {
  sendDevDetail: false,
  sendSupportedMo: false,
  sendAllMoInstances: false,
};

/** One entry of the MO list: MOID and DDF URL, and the instance locations when they were asked for. */
export interface MoListEntry {
  MOID: string;
  DDF: string;
  Path?: string[];
}

/**
 * A Generic Alert. The draft leaves its JSON form open; the fields are those of the DM 1.2 Generic
 * Alert item (Source LocURI, Meta Type/Format/Mark, Data), as JSON strings.
 */
export interface GenericAlert {
  /** ClientURI of the node the alert is about. */
  Source: string;
  /** Alert type, a URN, e.g. "urn:oma:at:test-exec:1.0". */
  Type: string;
  Format: string;
  /** "informational", "warning", "critical"... */
  Mark: string;
  Data: string;
}

export interface Tnds20Document {
  MO?: MoListEntry[];
  TNDS20?: Tnds20Object[];
  GenericAlert?: GenericAlert[];
  [key: string]: unknown;
}

/**
 * The MO list as Pkg#1 and `PUT *` send it: every supported MO the server may access (the
 * reference device grants access to all), with instance paths when `withInstances`.
 */
export function moList(tree: DmTree, withInstances: boolean): MoListEntry[] {
  return tree.instances().map((mo) => ({
    MOID: mo.moid,
    DDF: mo.ddf,
    ...(withInstances ? { Path: mo.paths } : {}),
  }));
}

export function buildPkg1(tree: DmTree, flags: Pkg1Flags, alerts: GenericAlert[] = []): Tnds20Document {
  const doc: Tnds20Document = {};
  // send-all-mo-instances asks for "all location for all instances of all MOIDs and supported MOs":
  // the locations only make sense attached to the MO list, so it brings the list along.
  if (flags.sendSupportedMo || flags.sendAllMoInstances) doc.MO = moList(tree, flags.sendAllMoInstances);
  const objects: Tnds20Object[] = [...(tree.export(DEVINFO_MOID, "") ?? [])];
  if (flags.sendDevDetail) objects.push(...(tree.export(DEVDETAIL_MOID, "") ?? []));
  doc.TNDS20 = objects;
  if (alerts.length > 0) doc.GenericAlert = alerts;
  return doc;
}
