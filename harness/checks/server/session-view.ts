/**
 * A DM session as the server checks see it: the transcript's DM packages in order (Pkg#1 and the
 * status packages), each with what became of it — answered, refused, broken off, or never
 * delivered — and the server's answer parsed as a command file.
 *
 * Transcript contract (harness/model/transcript-contract.ts): the exchanges of DM packages are
 * labelled "pkg1", "pkg2", …; everything else in the transcript (GET of a
 * ServerURI, uploads, alerts, SHOW pages) has another label and is not a DM package. A package's
 * kind is read from the request's own Content-Type, so a deliberately odd probe is not mistaken
 * for what its label says.
 *
 * Why a package's fate matters (issue 9 §1, issue 12): a verdict must be about its clause. A
 * package that never reached the server (its TLS handshake failed, the connection was refused)
 * tells nothing about how the server answers packages: the session clauses are not exercised by
 * it, and a failed certificate is DMS-5.3-02's alone. A package the server received and did not
 * answer (reset, stall, refusal) is the session clauses' failure. `unanswered()` gives the one
 * sentence every clause about answers uses when there was none to judge.
 */

import { requestEvidence, responseEvidence } from "../../model/evidence.ts";
import { type HttpExchange, headerValue, type TlsEvent, type Transcript } from "../../model/transcript.ts";
import { PACKAGE_LABEL } from "../../model/transcript-contract.ts";
import type { Evidence } from "../../model/verdict.ts";
import { type CommandFile, parseCommandFile } from "../../protocol/command-file.ts";
import type { Finding } from "../../protocol/finding.ts";
import { MEDIA, mediaTypeEssence } from "../../protocol/http-rules.ts";
import { type Observation, unseen } from "../observations.ts";

export { PACKAGE_LABEL };

export type PackageKind = "pkg1" | "status" | "other";

/**
 * - answered: a complete 2xx response (or one the harness cut at its size bound): a command file is due;
 * - refused: a complete response with another status;
 * - broken: the server received the package and its answer never completed (reset, stall, closed);
 * - unreached: the package never reached the server (TLS verification failed, connection refused).
 */
export type PackageFate = "answered" | "refused" | "broken" | "unreached";

export interface DmPackageExchange {
  exchange: HttpExchange;
  kind: PackageKind;
  /** 1-based position among the session's packages. */
  index: number;
  /** The response status when there was a response. */
  status?: number;
  fate: PackageFate;
  /** For an unreached package: whether its certificate was refused (DMS-5.3-02's to judge). */
  certificateRefused: boolean;
  /** True for fate "answered": the 5.5 checks judge these. */
  answered: boolean;
  /** The body read as a command file; present for answered packages. */
  file?: CommandFile;
  /**
   * The command file's findings; when the body was cut at the harness's size bound, findings on
   * the cut last line are dropped (the cut is the harness's, not the server's).
   */
  findings: Finding[];
  /** True when the harness cut the response body at its size bound. */
  truncated: boolean;
}

export function packageKind(ex: HttpExchange): PackageKind {
  const media = mediaTypeEssence(headerValue(ex.request, "content-type"));
  if (media === MEDIA.tnds20) return "pkg1";
  if (media === MEDIA.dm20status) return "status";
  return "other";
}

const CERT_ERROR =
  /^(CERT_|ERR_TLS_CERT|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|INVALID_CA|HOSTNAME_MISMATCH|ERR_SSL_|EPROTO$)/;

/** A TLS verification outcome (or a TLS protocol failure): what DMS-5.3-02 judges. */
export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && CERT_ERROR.test(code);
}

/** Errors raised before any byte of the request could reach the server. */
const CONNECT_ERRORS = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function tlsEventOf(t: Transcript, ex: HttpExchange): TlsEvent | undefined {
  return ex.connectionId === undefined ? undefined : t.tls.find((e) => e.connectionId === ex.connectionId);
}

function fateOf(t: Transcript, ex: HttpExchange): { fate: PackageFate; certificateRefused: boolean } {
  const res = ex.response;
  if (res && (ex.error === undefined || res.bodyTruncated)) {
    return {
      fate: res.statusCode >= 200 && res.statusCode < 300 ? "answered" : "refused",
      certificateRefused: false,
    };
  }
  if (res) return { fate: "broken", certificateRefused: false };
  const code = ex.error?.code;
  if (isCertificateError(code)) return { fate: "unreached", certificateRefused: true };
  if (code !== undefined && CONNECT_ERRORS.has(code)) return { fate: "unreached", certificateRefused: false };
  const tls = tlsEventOf(t, ex);
  if (tls && (tls.outcome === "handshake-failed" || tls.outcome === "not-tls")) {
    return { fate: "unreached", certificateRefused: isCertificateError(tls.errorCode) };
  }
  return { fate: "broken", certificateRefused: false };
}

const parsed = new WeakMap<HttpExchange, CommandFile>();

/** Parses once per exchange: every check of a session reads the same responses. */
function commandFileOf(ex: HttpExchange): CommandFile | undefined {
  if (!ex.response) return undefined;
  let file = parsed.get(ex);
  if (!file) {
    file = parseCommandFile(ex.response.body);
    parsed.set(ex, file);
  }
  return file;
}

const views = new WeakMap<Transcript, DmPackageExchange[]>();

/** The session's DM packages, read once per transcript (ten checks read the same session). */
export function dmPackages(transcript: Transcript): DmPackageExchange[] {
  const known = views.get(transcript);
  if (known && known.length === countPackages(transcript)) return known;
  const out: DmPackageExchange[] = [];
  for (const exchange of transcript.exchanges) {
    if (!exchange.label || !PACKAGE_LABEL.test(exchange.label)) continue;
    const status = exchange.response?.statusCode;
    const truncated = exchange.response?.bodyTruncated ?? false;
    const { fate, certificateRefused } = fateOf(transcript, exchange);
    const file = fate === "answered" ? commandFileOf(exchange) : undefined;
    out.push({
      exchange,
      kind: packageKind(exchange),
      index: out.length + 1,
      ...(status === undefined ? {} : { status }),
      fate,
      certificateRefused,
      answered: fate === "answered",
      ...(file ? { file } : {}),
      findings: file ? findingsBeforeCut(file, exchange, truncated) : [],
      truncated,
    });
  }
  views.set(transcript, out);
  return out;
}

function countPackages(t: Transcript): number {
  return t.exchanges.filter((e) => e.label !== undefined && PACKAGE_LABEL.test(e.label)).length;
}

function findingsBeforeCut(file: CommandFile, ex: HttpExchange, truncated: boolean): Finding[] {
  if (!truncated) return file.findings;
  const body = ex.response!.body;
  const cutLineStart = body.lastIndexOf(0x0a) + 1;
  return file.findings.filter((f) => f.offset === undefined || f.offset < cutLineStart);
}

/** "Pkg#1 (exchange #0)" / "Pkg#3 (exchange #7)": how evidence names a package. */
export function packageName(p: DmPackageExchange): string {
  const what = p.kind === "pkg1" ? "Pkg#1" : p.kind === "status" ? `Pkg#${p.index}` : `package ${p.index}`;
  return `${what} (exchange #${p.exchange.seq})`;
}

/** A package's answer quoted from the wire, labelled as messages name the package. */
export function answerEvidence(p: DmPackageExchange): Evidence {
  return responseEvidence(p.exchange, `answer to ${packageName(p)}`);
}

/** A package and its answer, for a clause about what was sent as much as what came back. */
export function packageExchangeEvidence(p: DmPackageExchange): Evidence[] {
  return [requestEvidence(p.exchange, packageName(p)), answerEvidence(p)];
}

/** The response's command names, for messages: "GET, GET, END". */
export function commandNames(file: CommandFile): string {
  return file.commands.length === 0 ? "(no command)" : file.commands.map((c) => c.keyword).join(", ");
}

/** What became of a package that was not answered, in a few words, naming the clause that judges it. */
export function whatBecameOf(p: DmPackageExchange): string {
  const ex = p.exchange;
  const err = ex.error ? `${ex.error.code}: ${ex.error.message}` : "no response";
  switch (p.fate) {
    case "answered":
      return `${packageName(p)} was answered with HTTP ${p.status}`;
    case "refused":
      return `${packageName(p)} was refused with HTTP ${p.status} (DMS-5.6-01)`;
    case "broken":
      return ex.response
        ? `the answer to ${packageName(p)} never completed (HTTP ${ex.response.statusCode}, then ${err}) (DMS-5.6-01)`
        : `${packageName(p)} reached the server and was never answered (${err}) (DMS-5.6-01)`;
    case "unreached":
      return p.certificateRefused
        ? `${packageName(p)} never reached the server: its certificate did not verify (${err}) (DMS-5.3-02)`
        : `${packageName(p)} never reached the server (${err})`;
  }
}

/**
 * Why a clause about the server's answers has nothing to judge in this session: no package sent,
 * or none answered (and what became of the first). Quotes that package.
 */
export function unanswered(packages: DmPackageExchange[]): Observation {
  if (packages.length === 0) return unseen("no DM package was sent in this session");
  const first = packages.find((p) => !p.answered) ?? packages[0]!;
  return unseen(`no DM package was answered with a 2xx command file: ${whatBecameOf(first)}`, [
    ...(first.fate === "unreached" ? [requestEvidence(first.exchange, packageName(first))] : []),
    answerEvidence(first),
  ]);
}

/** The DM URL a session was started on: the option when given, else the URL of its first DM package. */
export function sessionUrl(transcript: Transcript, given?: string): string | undefined {
  return given ?? dmPackages(transcript)[0]?.exchange.request.url;
}
