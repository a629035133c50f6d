/**
 * Where the draft allows more than one lawful behaviour, which one the device takes. A reading is
 * not a fault: every value of every field here is conformant (docs/interpretations.md lists them
 * and the checks accept each), which is what sets these seams apart from behaviour.ts, whose seams
 * break clauses. `DEFAULT_READINGS` is what the engine did before readings were seams; the
 * reference device's alternative reading profile (harness/reference/device/reading-profiles.ts)
 * takes the other reading at every point, so that the self-tests prove each one is accepted.
 */

export interface StatusFileReadings {
  /** 5.6 "separated with <CR><LF>": a CRLF after the last status line too ("terminated" reading). */
  finalLineBreak: boolean;
  /** C.3 prints "200 ": a space after a status code that has no parameter. */
  trailingSpace: boolean;
  /** "string format of the integer value": the code written with a leading zero ("0200"). */
  leadingZero: boolean;
  /** Two spaces between a status code and its first parameter. */
  doubleSpace: boolean;
}

export interface DeviceReadings {
  /** 5.4 Table 2 / 5.6 Table 4: the Accept value of every DM package. */
  accept: string;
  /** Appended to every Content-Type the device sends: "" or media-type parameters ("; charset=utf-8"). */
  contentTypeParameters: string;
  /** HTTP header names as the engine writes them ("X-OMADMDeviceID") or in lower case. */
  headerNames: "as-written" | "lower-case";
  /** Whether requests other than DM packages (GET/PUT/POST targets, alerts) carry X-OMADMDeviceID. */
  deviceIdOnSideRequests: boolean;
  /** JSON layout of every document sent: compact, or indented with CRLF line breaks (as C.1 prints it). */
  json: "compact" | "indented";
  /**
   * The MO list (Pkg#1, PUT/POST "*"): one object per MO with Path an array, or C.1's form, one
   * object repeating "MOID", "DDF" and "Path" keys with Path a string per instance.
   */
  moList: "object-per-mo" | "repeated-keys";
  /**
   * The Generic Alert's JSON form, which the draft leaves open: `{"GenericAlert":[{Source, Type,
   * Format, Mark, Data}]}` as application/tnds20, or the DM 1.2 Alert 1226 transliterated,
   * `{"Alert":[{"Code":"1226","Item":[{"Source":{"LocURI"},"Meta":{Type,Format,Mark},"Data"}]}]}`
   * as application/json. The same key carries pending alerts in Pkg#1.
   */
  genericAlert: "tnds20-list" | "dm12-alert";
  /** 5.6 status file layout. */
  statusFile: StatusFileReadings;
  /** 5.8 keywords: only upper case is a command ("get" is unrecognised), or any case runs. */
  keywords: "upper-case-only" | "any-case";
  /** A 5.8 keyword with a parameter count 5.8 rules out ("DELETE a b"): the unsupported status, or 400. */
  wrongArity: "unsupported" | "bad-request";
  /**
   * http:// ServerURIs (GET/PUT/POST targets, EXEC alert servers, SHOW pages): followed, or refused
   * with 400 (5.3's "MUST use HTTPS" read as binding every request).
   */
  plainServerUris: "follow" | "refuse";
  /** GET without ClientURI: where the new instance goes, how its location is written, the status code. */
  newInstance: {
    /** At the served object's own Path when free (else the lowest free "/n"), or always the lowest free "/n". */
    path: "served-path" | "lowest-free";
    /** Param1 as a ClientURI ("MOID/path", as C.5 shows) or as the path alone ("/path"). */
    location: "client-uri" | "path";
    /** The success code: 200, or 201 (OMA DM 1.x "Item added"). */
    status: number;
  };
  /** "n sublevels of child nodes" (5.8 PUT/POST ?Levels=n). */
  levels: {
    /** A node's own leaves come with it (interior children are sublevel 1), or every child is sublevel 1. */
    sublevels: "leaves-belong-to-node" | "every-child-is-a-sublevel";
    /** Interior nodes at the cut left out, or sent as empty objects. */
    cut: "omit" | "empty";
  };
  /** PUT/POST with a ClientURI that names nothing: refused as a whole (404, nothing sent), or sent without it (404 all the same). */
  missingNode: "refuse-command" | "send-without-it";
  /** PUT/POST "*?Levels=1": the instances as Path lists in the MO list, or as one TNDS20 object per instance. */
  starInstances: "paths" | "objects";
  /** The failure code of a DELETE of a node that is not there: 404, or 500 ("command failed"). */
  deleteMissingStatus: number;
  /** EXEC's Generic Alert to ServerURI: sent before the command's status, or once the status package is sent. */
  execAlert: "before-status" | "after-status";
  /** The DEFAULT session URL: only InitiatedBy appended, or the MOID asked for first and InitiatedBy after it. */
  defaultQuery: "initiated-by-only" | "moid-and-initiated-by";
  /** 5.8.1 values: percent-encoded everywhere, or form-encoded in the query ("+" for a space). */
  urlParams: "percent-encoded" | "form-encoded-query";
}

/** The engine's own readings: what a DmDevice does unless told otherwise. */
export const DEFAULT_READINGS: DeviceReadings = {
  accept: "application/dm20, application/tnds20",
  contentTypeParameters: "",
  headerNames: "as-written",
  deviceIdOnSideRequests: true,
  json: "compact",
  moList: "object-per-mo",
  genericAlert: "tnds20-list",
  statusFile: { finalLineBreak: false, trailingSpace: false, leadingZero: false, doubleSpace: false },
  keywords: "upper-case-only",
  wrongArity: "unsupported",
  plainServerUris: "follow",
  newInstance: { path: "served-path", location: "client-uri", status: 200 },
  levels: { sublevels: "leaves-belong-to-node", cut: "omit" },
  missingNode: "refuse-command",
  starInstances: "paths",
  deleteMissingStatus: 404,
  execAlert: "before-status",
  defaultQuery: "initiated-by-only",
  urlParams: "percent-encoded",
};
