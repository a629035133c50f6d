/**
 * A DM session as the server checks see it: the transcript's DM packages in order (Pkg#1 and the
 * status packages), each with the server's answer parsed as a command file.
 *
 * Transcript convention (shared with harness/client-role/ and harness/device/): the exchanges of
 * DM packages are labelled "pkg1", "pkg2", …; everything else in the transcript (GET of a
 * ServerURI, uploads, alerts, SHOW pages) has another label and is not a DM package. A package's
 * kind is read from the request's own Content-Type, so a deliberately odd probe is not mistaken
 * for what its label says.
 */

import { requestEvidence, responseEvidence } from "../../model/evidence.ts";
import { type HttpExchange, headerValue, type Transcript } from "../../model/transcript.ts";
import type { Evidence } from "../../model/verdict.ts";
import { type CommandFile, parseCommandFile } from "../../protocol/command-file.ts";
import type { Finding } from "../../protocol/finding.ts";
import { MEDIA, mediaTypeEssence } from "../../protocol/http-rules.ts";

export const PACKAGE_LABEL = /^pkg[0-9]+$/;

export type PackageKind = "pkg1" | "status" | "other";

export interface DmPackageExchange {
  exchange: HttpExchange;
  kind: PackageKind;
  /** 1-based position among the session's packages. */
  index: number;
  /** The response status when there was a response. */
  status?: number;
  /**
   * True for a complete 2xx response, or one the harness cut at its size bound: a command file
   * is due (the 5.5 checks judge these). A response cut short by the server (reset, stall) is not.
   */
  answered: boolean;
  /** The body read as a command file; present for 2xx responses. */
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

export function dmPackages(transcript: Transcript): DmPackageExchange[] {
  const out: DmPackageExchange[] = [];
  for (const exchange of transcript.exchanges) {
    if (!exchange.label || !PACKAGE_LABEL.test(exchange.label)) continue;
    const status = exchange.response?.statusCode;
    const truncated = exchange.response?.bodyTruncated ?? false;
    const complete = exchange.response !== undefined && (exchange.error === undefined || truncated);
    const answered = complete && status !== undefined && status >= 200 && status < 300;
    const file = answered ? commandFileOf(exchange) : undefined;
    out.push({
      exchange,
      kind: packageKind(exchange),
      index: out.length + 1,
      ...(status === undefined ? {} : { status }),
      answered,
      ...(file ? { file } : {}),
      findings: file ? findingsBeforeCut(file, exchange, truncated) : [],
      truncated,
    });
  }
  return out;
}

function findingsBeforeCut(file: CommandFile, ex: HttpExchange, truncated: boolean): Finding[] {
  if (!truncated) return file.findings;
  const body = ex.response!.body;
  const cutLineStart = body.lastIndexOf(0x0a) + 1;
  return file.findings.filter((f) => f.offset === undefined || f.offset < cutLineStart);
}

/** "Pkg#1 (exchange #0)" / "status package 3 (exchange #7)": how evidence names a package. */
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
