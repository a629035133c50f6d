/**
 * HTTP header rules of 5.4-5.6: media types, the Accept list, X-OMADMDeviceID.
 *
 * Accept, interpretation: the draft writes "application/dm20; application/tnds20" and C.1 sends
 * "application/dm20;application/tnds;application/tnds20", yet in HTTP ";" starts a parameter. A
 * piece between separators that contains "/" is taken as a media range, one that contains "=" as a
 * parameter (q=, charset=, ignored); both "," and ";" separate media ranges and the form seen is
 * recorded. Wildcards (*\/*, application/*) are listed but do not count as listing a required type
 * (the clause says the Accept "lists" both). Several Accept headers: join them with ", " first.
 */
import type { Finding, FindingCodeInfo } from "./finding.ts";

/** Every code parseDeviceId can emit. */
export const DEVICE_ID_FINDINGS: readonly FindingCodeInfo[] = [
  { code: "device-id-missing", about: "no X-OMADMDeviceID value" },
  { code: "device-id-whitespace", about: "leading or trailing whitespace around the value" },
  {
    code: "device-id-syntax",
    about: "not TYPE:value (type letters/digits/-, value non-empty without whitespace)",
  },
  { code: "device-id-type-case", about: "the type is not upper case (accepted)" },
  { code: "imei-placeholder-digits", about: "'x' placeholder digits, as in C.1" },
  { code: "imei-not-digits", about: "an IMEI that is not all decimal digits" },
  { code: "imei-without-check-digit", about: "14 digits, as the draft's 5.4 example (accepted)" },
  { code: "imei-length", about: "an IMEI of another length than 15 (or 14)" },
  { code: "imei-check-digit", about: "15 digits failing the Luhn check (accepted)" },
  { code: "meid-form", about: "a MEID that is not 14 hex digits (accepted)" },
  { code: "esn-form", about: "an ESN that is not 8 hex digits (accepted)" },
];

export const MEDIA = {
  tnds20: "application/tnds20",
  dm20: "application/dm20",
  dm20status: "application/dm20status",
} as const;

/** "type/subtype" lower-cased, parameters dropped; null when absent or without a "/". */
export function mediaTypeEssence(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const semi = contentType.indexOf(";");
  const essence = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  const slash = essence.indexOf("/");
  if (slash <= 0 || slash === essence.length - 1) return null;
  return essence;
}

export type AcceptForm = "semicolon" | "comma" | "mixed" | "single" | "absent";

export interface AcceptCheck {
  ok: boolean;
  missing: string[];
  /** Media ranges listed, lower-cased, in order. */
  listed: string[];
  form: AcceptForm;
}

export function checkAccept(accept: string | undefined, required: string[]): AcceptCheck {
  const listed: string[] = [];
  const separators = new Set<"," | ";">();
  if (accept !== undefined && accept.trim().length > 0) {
    // Walk the pieces in order, remembering which separator preceded each media range.
    let pending: "," | ";" | null = null;
    let piece = "";
    const flush = () => {
      const p = piece.trim().toLowerCase();
      piece = "";
      if (p.length === 0) return;
      if (p.includes("/") && !p.includes("=")) {
        if (listed.length > 0 && pending !== null) separators.add(pending);
        listed.push(p);
        pending = null;
      }
      // a parameter (q=0.9) or junk: ignored, and the separator before it does not count
    };
    for (const ch of accept) {
      if (ch === "," || ch === ";") {
        flush();
        // "," after a parameter still separates media ranges; keep the strongest evidence
        if (ch === "," || pending === null) pending = ch;
      } else piece += ch;
    }
    flush();
  }
  let form: AcceptForm;
  if (accept === undefined || accept.trim().length === 0) form = "absent";
  else if (listed.length <= 1) form = "single";
  else if (separators.size > 1) form = "mixed";
  else form = separators.has(";") ? "semicolon" : "comma";
  const missing = required.filter((r) => !listed.includes(r.toLowerCase()));
  return { ok: missing.length === 0, missing, listed, form };
}

export interface DeviceIdCheck {
  ok: boolean;
  type: string | null;
  id: string | null;
  findings: Finding[];
}

function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * X-OMADMDeviceID: `TYPE:value` (5.4: "IMEI:01234567890123"). Rules: a type of letters/digits/
 * "-", then ":", then a non-empty value without whitespace. IMEI: 15 decimal digits; the draft's
 * own 5.4 example has 14 (an IMEI without its check digit) - accepted with a finding; a wrong Luhn
 * check digit is a finding only (test devices use made-up IMEIs); 'x' placeholder digits (C.1's
 * "00440107486xxxxxx") and other lengths fail. Other types (MEID, ESN, vendor types) need only a
 * non-empty value; a type in another case than upper is a finding.
 */
export function parseDeviceId(value: string | undefined): DeviceIdCheck {
  const findings: Finding[] = [];
  if (value === undefined || value.trim().length === 0) {
    findings.push({ code: "device-id-missing", message: "no X-OMADMDeviceID value" });
    return { ok: false, type: null, id: null, findings };
  }
  if (value !== value.trim()) {
    findings.push({ code: "device-id-whitespace", message: "the value has leading or trailing whitespace" });
  }
  const v = value.trim();
  const colon = v.indexOf(":");
  if (colon < 0) {
    findings.push({ code: "device-id-syntax", message: `"${v}" is not TYPE:value` });
    return { ok: false, type: null, id: v, findings };
  }
  const type = v.slice(0, colon);
  const id = v.slice(colon + 1);
  let ok = true;
  if (type.length === 0 || !/^[A-Za-z0-9-]+$/.test(type)) {
    findings.push({ code: "device-id-syntax", message: `type "${type}" is not letters, digits and "-"` });
    ok = false;
  }
  if (id.length === 0 || /\s/.test(id)) {
    findings.push({ code: "device-id-syntax", message: `value "${id}" is empty or holds whitespace` });
    return { ok: false, type, id, findings };
  }
  if (type !== type.toUpperCase()) {
    findings.push({ code: "device-id-type-case", message: `type "${type}" is not upper case` });
  }
  if (type.toUpperCase() === "IMEI") {
    if (/[xX]/.test(id) && /^[0-9xX]+$/.test(id)) {
      findings.push({
        code: "imei-placeholder-digits",
        message: `IMEI "${id}" holds placeholder 'x' digits (as the draft's example does)`,
      });
      ok = false;
    } else if (!/^[0-9]+$/.test(id)) {
      findings.push({ code: "imei-not-digits", message: `IMEI "${id}" is not all decimal digits` });
      ok = false;
    }
    if (id.length === 14) {
      findings.push({
        code: "imei-without-check-digit",
        message: `IMEI "${id}" has 14 digits (no check digit), as the draft's 5.4 example: accepted`,
      });
    } else if (id.length !== 15) {
      findings.push({ code: "imei-length", message: `IMEI "${id}" has ${id.length} characters, not 15` });
      ok = false;
    } else if (/^[0-9]+$/.test(id) && !luhnOk(id)) {
      findings.push({
        code: "imei-check-digit",
        message: `IMEI "${id}" fails the Luhn check digit: accepted`,
      });
    }
  } else if (type.toUpperCase() === "MEID" && !/^[0-9A-Fa-f]{14}$/.test(id)) {
    findings.push({ code: "meid-form", message: `MEID "${id}" is not 14 hex digits: accepted` });
  } else if (type.toUpperCase() === "ESN" && !/^[0-9A-Fa-f]{8}$/.test(id)) {
    findings.push({ code: "esn-form", message: `ESN "${id}" is not 8 hex digits: accepted` });
  }
  return { ok, type, id, findings };
}
