/**
 * 5.8.1: placeholders in a ServerURI that "must be replaced by the client with the actual value
 * before using the URI". Interpretations:
 * - Values are substituted percent-encoded as a URI component ("OMA Reference" ->
 *   "OMA%20Reference"), since a raw space cannot travel in a request target. The check accepts
 *   the raw value, its percent-encoded form, and (with a finding) '+' for space.
 * - A null value (no active SIM for MNC/MCC, no 3GPP/3GPP2 connection for CMNC/CMCC) is "TBD".
 * - Only the seven names of Table 6 are placeholders; another "[X]" is literal text.
 */
import type { Finding, FindingCodeInfo } from "./finding.ts";

/** Every code checkSubstitutedUrl can emit; only url-param-plus-encoded and url-extra-query leave ok true. */
export const URL_PARAM_FINDINGS: readonly FindingCodeInfo[] = [
  { code: "url-template-mismatch", about: "the URL's literal parts differ from the template's" },
  { code: "url-param-not-substituted", about: "a [NAME] placeholder left in the URL" },
  { code: "url-param-mismatch", about: "a placeholder replaced by another value than expected" },
  { code: "url-param-not-tbd", about: "no SIM / no 3GPP connection, yet the value is not TBD" },
  { code: "url-param-plus-encoded", about: "a value form-encoded with '+' for space (accepted)" },
  {
    code: "url-extra-query",
    about: "text starting with ? or & after the template (e.g. ?InitiatedBy=) (accepted)",
  },
];

export const URL_PARAMS = ["MNC", "MCC", "CMNC", "CMCC", "MAN", "MOD", "IMEI"] as const;
export type UrlParam = (typeof URL_PARAMS)[number];

export interface UrlParamValues {
  MNC: string | null;
  MCC: string | null;
  CMNC: string | null;
  CMCC: string | null;
  MAN: string;
  MOD: string;
  IMEI: string;
}

/** The value 5.8.1 requires when there is no SIM / no 3GPP connection. */
export const NO_VALUE = "TBD";

const PLACEHOLDER = /\[(MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/g;

type Part = { literal: string } | { param: UrlParam };

function splitTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ literal: template.slice(last, m.index) });
    parts.push({ param: m[1] as UrlParam });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return parts;
}

/** The placeholder names in the template, each once, in order of first appearance. */
export function templateParams(template: string): UrlParam[] {
  const out: UrlParam[] = [];
  for (const p of splitTemplate(template)) if ("param" in p && !out.includes(p.param)) out.push(p.param);
  return out;
}

export function expectedValue(values: UrlParamValues, name: UrlParam): string {
  return values[name] ?? NO_VALUE;
}

export function substituteUrlParams(template: string, values: UrlParamValues): string {
  return template.replace(PLACEHOLDER, (_m, name: UrlParam) =>
    encodeURIComponent(expectedValue(values, name)),
  );
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export interface SubstitutionCheck {
  ok: boolean;
  findings: Finding[];
  /** What the device put in each placeholder position, as it appeared in `actual`. */
  seen: Record<string, string>;
}

/**
 * Extracts what the device put where the template has placeholders and compares it with the
 * expected values. `actual` may be the full URL or only the request target ("/path?query"): in the
 * latter case the template's scheme and authority are dropped before matching. Text after the
 * template that starts with "?" or "&" (e.g. DEFAULT's "?InitiatedBy=Device") is allowed and
 * reported as "url-extra-query". Matching is left to right, each placeholder taking the shortest
 * text before the next literal: linear, no backtracking.
 */
export function checkSubstitutedUrl(
  template: string,
  actual: string,
  expected: UrlParamValues,
): SubstitutionCheck {
  const findings: Finding[] = [];
  const seen: Record<string, string> = {};
  let ok = true;
  let tpl = template;
  const authority = tpl.indexOf("://");
  if (actual.startsWith("/") && authority >= 0) {
    const pathStart = tpl.indexOf("/", authority + 3);
    tpl = pathStart < 0 ? "/" : tpl.slice(pathStart);
  }
  const parts = splitTemplate(tpl);
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if ("literal" in part) {
      if (!actual.startsWith(part.literal, pos)) {
        findings.push({
          code: "url-template-mismatch",
          message: `expected "${part.literal}" at column ${pos + 1} of "${actual}" (template "${template}")`,
          column: pos + 1,
        });
        return { ok: false, findings, seen };
      }
      pos += part.literal.length;
      continue;
    }
    const next = parts[i + 1];
    let end: number;
    if (next && "literal" in next) {
      end = actual.indexOf(next.literal, pos);
      if (end < 0) {
        findings.push({
          code: "url-template-mismatch",
          message: `"${next.literal}" after [${part.param}] not found in "${actual}" (template "${template}")`,
          column: pos + 1,
        });
        return { ok: false, findings, seen };
      }
    } else if (next) {
      end = pos; // two placeholders with nothing between them cannot be told apart: the first gets ""
    } else {
      end = actual.length;
      for (const stop of ["?", "&", "#"]) {
        if (tpl.includes(stop)) continue; // the template's own query: the value may run to the end
        const k = actual.indexOf(stop, pos);
        if (k >= 0 && k < end) end = k;
      }
    }
    const value = actual.slice(pos, end);
    seen[part.param] = value;
    const want = expectedValue(expected, part.param);
    const column = pos + 1;
    pos = end;
    if (value === `[${part.param}]`) {
      ok = false;
      findings.push({
        code: "url-param-not-substituted",
        message: `[${part.param}] was left in the URL`,
        column,
      });
    } else if (value === want || safeDecode(value) === want) {
      // raw or percent-encoded: both accepted
    } else if (safeDecode(value.replace(/\+/g, " ")) === want) {
      findings.push({
        code: "url-param-plus-encoded",
        message: `[${part.param}] is form-encoded ("${value}", '+' for space): accepted`,
        column,
      });
    } else {
      ok = false;
      findings.push({
        code: expected[part.param] === null ? "url-param-not-tbd" : "url-param-mismatch",
        message: `[${part.param}] became "${value}", expected "${want}"${expected[part.param] === null ? " (no SIM / no 3GPP connection: TBD)" : ""}`,
        column,
      });
    }
  }
  if (pos < actual.length) {
    const rest = actual.slice(pos);
    if (rest.startsWith("?") || rest.startsWith("&")) {
      findings.push({
        code: "url-extra-query",
        message: `the device added "${rest}" after the template`,
        column: pos + 1,
      });
    } else {
      ok = false;
      findings.push({
        code: "url-template-mismatch",
        message: `"${rest}" follows the template's end in "${actual}"`,
        column: pos + 1,
      });
    }
  }
  return { ok, findings, seen };
}
