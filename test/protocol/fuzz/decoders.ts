/**
 * The public decoders of harness/protocol, each with what the fuzzer feeds it (fast-check
 * arbitraries and the vectors to mutate) and its contract: a typed result of the documented shape
 * for every input, never an exception. Shared by `npm run fuzz` (scripts/fuzz) and the smoke test
 * (test/protocol/fuzz-smoke.test.ts), so both hold every decoder to the same rules. It lives under
 * test/ because it needs fast-check, a devDependency the shipped harness/ code must not import.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { isAbsoluteUrl, urlScheme } from "../../../harness/protocol/absolute-url.ts";
import {
  CLIENT_URI_FINDINGS,
  levelDepth,
  limitLevels,
  parseClientUri,
} from "../../../harness/protocol/client-uri.ts";
import {
  COMMAND_FILE_FINDINGS,
  type Command,
  checkCommandSyntax,
  isCommandName,
  parseCommandFile,
} from "../../../harness/protocol/command-file.ts";
import { FindingSink } from "../../../harness/protocol/finding.ts";
import { HTTP_MESSAGE_FINDINGS, parseHttpMessageText } from "../../../harness/protocol/http-message.ts";
import {
  checkAccept,
  DEVICE_ID_FINDINGS,
  MEDIA,
  mediaTypeEssence,
  parseDeviceId,
} from "../../../harness/protocol/http-rules.ts";
import { LINE_FILE_FINDINGS, readLines, readMsgId } from "../../../harness/protocol/line-file.ts";
import {
  decodeHex,
  decodeNotification,
  encodeNotification,
  NOTIFICATION_ERRORS,
  NOTIFICATION_FINDINGS,
  toHex,
} from "../../../harness/protocol/notification.ts";
import { parseStatusFile, STATUS_FILE_FINDINGS } from "../../../harness/protocol/status-file.ts";
import { parseTnds20, TNDS20_FINDINGS } from "../../../harness/protocol/tnds20.ts";
import {
  checkSubstitutedUrl,
  substituteUrlParams,
  templateParams,
  URL_PARAM_FINDINGS,
  URL_PARAMS,
  type UrlParamValues,
} from "../../../harness/protocol/url-params.ts";
import { decodeLenient, encodeUtf8, firstInvalidUtf8 } from "../../../harness/protocol/utf8.ts";
import { checkFindings, expectThat, isUtf8, type Violations } from "./contract.ts";
import type { Alphabet } from "./mutate.ts";

export type FuzzInput = Uint8Array | string;

export interface FuzzDecoder {
  name: string;
  /** "byte": the input is a Uint8Array; "utf16": a string. */
  alphabet: Alphabet;
  arbitrary: fc.Arbitrary<FuzzInput>;
  /** Inputs to mutate: this decoder's vectors plus a few written here. */
  seeds: () => FuzzInput[];
  /** The call under test; an exception here is what the fuzzer counts. */
  decode: (input: never) => unknown;
  /** The contract on the result; returns what it breaks. */
  contract: (input: never, result: never) => Violations;
}

const VECTORS = fileURLToPath(new URL("../../../vectors", import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)],
  );
let vectorFiles: string[] | null = null;
function vectors(ext: string): Uint8Array[] {
  vectorFiles ??= walk(VECTORS);
  return vectorFiles.filter((f) => extname(f) === ext).map((f) => new Uint8Array(readFileSync(f)));
}
const texts = (ext: string) => vectors(ext).map((b) => decodeLenient(b));
const enc = encodeUtf8;

// ---- arbitraries -------------------------------------------------------------------------------

const smallText = fc.string({ unit: "binary", maxLength: 40 });
const latin1 = fc.string({
  unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});
const token = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9:/?=&.*_%-]{1,20}$/),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
);
const serverUri = fc.oneof(
  fc.webUrl({ validSchemes: ["https", "http"], withQueryParameters: true, withFragments: true }),
  fc
    .tuple(fc.constantFrom("https://", "http://", "https://[MAN].", ""), latin1, smallText)
    .map((p) => p.join("")),
);
const moid = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.nat(9), fc.nat(9))
  .map(([urn, n, a, b]) => `${urn ? "urn:" : ""}oma:mo:${n}:${a}.${b}`);
const clientUri = fc.oneof(
  fc
    .tuple(
      fc.oneof(moid, fc.constant("*"), token),
      fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{0,6}$/), { maxLength: 4 }),
      fc.option(fc.oneof(fc.nat(5).map(String), token)),
    )
    .map(([m, segs, lv]) => `${m}${segs.map((s) => `/${s}`).join("")}${lv === null ? "" : `?Levels=${lv}`}`),
  smallText,
);
const lineBreak = fc.constantFrom("\r\n", "\r\n", "\r\n", "\n", "\r", "\r\n\r\n", " \r\n");
const command = fc
  .tuple(
    fc.constantFrom("GET", "PUT", "POST", "DELETE", "EXEC", "SHOW", "DEFAULT", "END", "get", "FOO"),
    fc.array(fc.oneof(serverUri, clientUri, moid, token), { maxLength: 4 }),
  )
  .map(([k, ps]) => [k, ...ps].join(" "));
const lineFile = (line: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.oneof(
        fc.nat().map((n) => `MsgID ${n}`),
        fc.constantFrom("msgid 1", "MsgID", "MsgID x", ""),
      ),
      fc.array(fc.tuple(line, lineBreak), { maxLength: 8 }),
    )
    .map(([head, rest]) => enc(head + rest.map(([l, b]) => b + l).join("")));
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .tuple(
      fc.array(
        fc.record({ MOID: moid, DDF: fc.webUrl(), Path: fc.oneof(fc.string(), fc.array(fc.string())) }),
        {
          maxLength: 3,
        },
      ),
      fc.array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), { maxLength: 3 }),
    )
    .map(([mo, objs]) =>
      JSON.stringify({ MO: mo, TNDS20: objs.map((o, i) => ({ MOID: `oma:mo:x:${i}`, ...o })) }),
    ),
);
const bytesArb = fc.uint8Array({ maxLength: 300 });

const VALUES: UrlParamValues = {
  MNC: "260",
  MCC: "310",
  CMNC: "01",
  CMCC: "001",
  MAN: "OMA Reference",
  MOD: "Ref-1",
  IMEI: "490154203237518",
};
const NO_SIM: UrlParamValues = { ...VALUES, MNC: null, MCC: null, CMNC: null, CMCC: null };
const placeholder = fc.constantFrom(...URL_PARAMS.map((p) => `[${p}]`));
const template = fc
  .array(
    fc.oneof(placeholder, fc.constantFrom("https://dm.example.com/", "/", "?a=", "&", "%20", "+"), smallText),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));

// ---- the decoders --------------------------------------------------------------------------------

const notification: FuzzDecoder = {
  name: "notification",
  alphabet: "byte",
  arbitrary: fc.oneof(
    fc
      .record({
        version: fc.oneof(fc.constant(20), fc.nat(0x3ff)),
        uiMode: fc.constantFrom(0, 1, 2, 3),
        initiator: fc.constantFrom(0, 1),
        reserved: fc.oneof(fc.constant(0), fc.nat(0xffff)),
        url: serverUri.filter((u) => enc(u).length <= 255),
      })
      .map((n) => encodeNotification(n as Parameters<typeof encodeNotification>[0])),
    bytesArb,
  ),
  seeds: () =>
    texts(".hex").flatMap((h) => {
      const r = decodeHex(h);
      return r.ok ? [r.bytes] : [];
    }),
  decode: (b: Uint8Array) => decodeNotification(b),
  contract: (b: Uint8Array, r: ReturnType<typeof decodeNotification>) => {
    const out: Violations = [];
    out.push(
      ...checkFindings(r.findings, { catalogue: NOTIFICATION_FINDINGS, size: b.length, positions: "none" }),
    );
    if (r.ok) {
      // what decodes must encode back to the same bytes
      const again = encodeNotification(r.notification);
      expectThat(out, toHex(again) === toHex(b), "encode(decode(bytes)) differs from bytes");
    } else {
      const codes = NOTIFICATION_ERRORS.map((e) => e.code);
      expectThat(out, codes.includes(r.error.code), `error code ${r.error.code} is not catalogued`);
      expectThat(out, r.error.offset >= 0 && r.error.offset <= b.length, `error offset ${r.error.offset}`);
    }
    return out;
  },
};

const hex: FuzzDecoder = {
  name: "hex",
  alphabet: "utf16",
  arbitrary: fc.oneof(
    fc.uint8Array({ maxLength: 100 }).map((b) => toHex(b)),
    fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF \n\tg\u00a0"), maxLength: 60 }),
  ),
  seeds: () => texts(".hex"),
  decode: (s: string) => decodeHex(s),
  contract: (s: string, r: ReturnType<typeof decodeHex>) => {
    const out: Violations = [];
    const digits = s.replace(/[ \t\n\v\f\r]/g, "");
    const valid = /^[0-9a-fA-F]*$/.test(digits) && digits.length % 2 === 0;
    expectThat(out, r.ok === valid, `ok is ${r.ok} for ${valid ? "valid" : "invalid"} hex`);
    if (r.ok) expectThat(out, toHex(r.bytes) === digits.toLowerCase(), "bytes differ from the digits");
    else expectThat(out, r.offset >= 0 && r.offset <= s.length, `offset ${r.offset}`);
    return out;
  },
};

function lineFileContract(
  b: Uint8Array,
  f: ReturnType<typeof parseCommandFile> | ReturnType<typeof parseStatusFile>,
  catalogue: typeof LINE_FILE_FINDINGS,
): Violations {
  const out = checkFindings(f.findings, { catalogue, size: b.length, positions: "line", placeIn: b });
  expectThat(out, f.msgId === null || (Number.isSafeInteger(f.msgId) && f.msgId >= 0), `msgId ${f.msgId}`);
  expectThat(
    out,
    (f.msgId === null) === (f.msgIdRaw === null) || f.msgIdRaw !== null,
    "msgId without msgIdRaw",
  );
  expectThat(out, ["crlf", "lf", "cr", "mixed", "none"].includes(f.lineBreaks), `lineBreaks ${f.lineBreaks}`);
  return out;
}

const commandFile: FuzzDecoder = {
  name: "command-file",
  alphabet: "byte",
  arbitrary: fc.oneof(lineFile(command), bytesArb),
  seeds: () => vectors(".dm20"),
  decode: (b: Uint8Array) => parseCommandFile(b),
  contract: (b: Uint8Array, f: ReturnType<typeof parseCommandFile>) => {
    const out = lineFileContract(b, f, COMMAND_FILE_FINDINGS);
    let last = 0;
    for (const c of f.commands) {
      expectThat(out, c.line > last, `command lines not increasing at ${c.line}`);
      last = c.line;
      expectThat(out, c.keyword.length > 0 && c.params.every((p) => p.length > 0), "an empty token");
      expectThat(out, c.name === null || c.name === c.keyword, `name ${c.name} for keyword ${c.keyword}`);
    }
    return out;
  },
};

const commandSyntax: FuzzDecoder = {
  name: "command-syntax",
  alphabet: "utf16",
  arbitrary: fc.oneof(command, smallText),
  seeds: () => vectors(".dm20").flatMap((b) => decodeLenient(b).split(/\r?\n/)),
  decode: (s: string) => {
    const [keyword = "", ...params] = s.split(" ");
    const cmd: Command = { keyword, name: isCommandName(keyword) ? keyword : null, params, line: 1, raw: s };
    return checkCommandSyntax(cmd);
  },
  contract: (s: string, fs: ReturnType<typeof checkCommandSyntax>) =>
    checkFindings(fs, { catalogue: COMMAND_FILE_FINDINGS, size: s.length, positions: "line" }),
};

const statusFile: FuzzDecoder = {
  name: "status-file",
  alphabet: "byte",
  arbitrary: fc.oneof(
    lineFile(
      fc
        .tuple(fc.oneof(fc.nat(999).map(String), token), fc.array(token, { maxLength: 3 }))
        .map(([c, p]) => [c, ...p].join(" ")),
    ),
    bytesArb,
  ),
  seeds: () => vectors(".dm20status"),
  decode: (b: Uint8Array) => parseStatusFile(b),
  contract: (b: Uint8Array, f: ReturnType<typeof parseStatusFile>) => {
    const out = lineFileContract(b, f, STATUS_FILE_FINDINGS);
    for (const s of f.statuses) {
      expectThat(
        out,
        s.code === null || (Number.isSafeInteger(s.code) && s.code >= 0),
        `status code ${s.code}`,
      );
      expectThat(
        out,
        s.code === null || String(s.code) === s.codeRaw.replace(/^0+(?=\d)/, ""),
        `code ${s.code} from ${s.codeRaw}`,
      );
    }
    return out;
  },
};

const lineFileDecoder: FuzzDecoder = {
  name: "line-file",
  alphabet: "byte",
  arbitrary: fc.oneof(lineFile(command), bytesArb),
  seeds: () => [...vectors(".dm20"), ...vectors(".dm20status")],
  decode: (b: Uint8Array) => {
    const sink = new FindingSink();
    const file = readLines(b, sink);
    const head = readMsgId(file.lines, sink);
    return { file, head, findings: sink.finish() };
  },
  contract: (
    b: Uint8Array,
    r: { file: ReturnType<typeof readLines>; head: ReturnType<typeof readMsgId>; findings: unknown },
  ) => {
    const out = checkFindings(r.findings, {
      catalogue: LINE_FILE_FINDINGS,
      size: b.length,
      positions: "line",
      placeIn: b,
    });
    const exact = isUtf8(b);
    let last = 0;
    for (const line of r.file.lines) {
      expectThat(out, line.number > last && line.number <= r.file.lineCount, `line number ${line.number}`);
      last = line.number;
      expectThat(out, line.tokens.length > 0, `line ${line.number} has no token`);
      for (const t of line.tokens) {
        expectThat(out, t.text.length > 0 && !/[ \t\r\n]/.test(t.text), `token ${JSON.stringify(t.text)}`);
        expectThat(
          out,
          t.column === t.offset - line.offset + 1,
          `token column ${t.column} vs offset ${t.offset}`,
        );
        if (exact) {
          const tb = enc(t.text);
          expectThat(
            out,
            toHex(b.subarray(t.offset, t.offset + tb.length)) === toHex(tb),
            `token at ${t.offset} is not its bytes`,
          );
        }
      }
    }
    expectThat(out, r.head.bodyFrom <= r.file.lines.length, `bodyFrom ${r.head.bodyFrom}`);
    return out;
  },
};

const tnds20: FuzzDecoder = {
  name: "tnds20",
  alphabet: "byte",
  arbitrary: fc.oneof(json.map(enc), bytesArb),
  seeds: () => vectors(".json"),
  decode: (b: Uint8Array) => parseTnds20(b),
  contract: (b: Uint8Array, p: ReturnType<typeof parseTnds20>) => {
    // positions are exact, also after invalid UTF-8
    const out = checkFindings(p.findings, {
      catalogue: TNDS20_FINDINGS,
      size: b.length,
      positions: "offset",
      placeIn: b,
    });
    const syntax = p.findings.some(
      (f) => f.code.startsWith("json-") || f.code === "invalid-utf8" || f.code === "tnds20-not-object",
    );
    expectThat(out, !(p.ok && syntax), "ok with a syntax finding");
    if (p.ok)
      expectThat(
        out,
        typeof p.value === "object" && p.value !== null && !Array.isArray(p.value),
        "ok but no object",
      );
    for (const o of p.objects) {
      expectThat(out, typeof o.MOID === "string", "an object without string MOID");
      // what the checks do with an object: Levels cuts and depth, and evidence as JSON
      levelDepth(o);
      limitLevels(o, null);
      limitLevels(o, 1, { cut: "empty" });
    }
    if (p.value !== undefined) JSON.stringify(p.value);
    for (const e of p.moList ?? []) {
      expectThat(
        out,
        typeof e.moid === "string" && e.paths.every((x) => typeof x === "string"),
        "an MO entry of the wrong shape",
      );
    }
    return out;
  },
};

const clientUriDecoder: FuzzDecoder = {
  name: "client-uri",
  alphabet: "utf16",
  arbitrary: clientUri,
  seeds: () => texts(".clienturi"),
  decode: (s: string) => parseClientUri(s),
  contract: (s: string, u: ReturnType<typeof parseClientUri>) => {
    const out = checkFindings(u.findings, {
      catalogue: CLIENT_URI_FINDINGS,
      size: s.length,
      positions: "none",
    });
    const fatal = [
      "client-uri-empty",
      "client-uri-whitespace",
      "client-uri-is-url",
      "client-uri-empty-moid",
      "client-uri-bad-levels",
    ];
    expectThat(
      out,
      u.ok === !u.findings.some((f) => fatal.includes(f.code)),
      "ok disagrees with the fatal findings",
    );
    expectThat(out, u.raw === s, "raw is not the input");
    expectThat(out, !u.star || u.moid === null, "star with a MOID");
    expectThat(
      out,
      u.levels === null || (Number.isSafeInteger(u.levels) && u.levels >= 0),
      `levels ${u.levels}`,
    );
    expectThat(
      out,
      Object.values(u.query).every((v) => typeof v === "string"),
      "a query value is not a string",
    );
    return out;
  },
};

const accept: FuzzDecoder = {
  name: "accept",
  alphabet: "utf16",
  arbitrary: fc.oneof(
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom(MEDIA.dm20, MEDIA.tnds20, "*/*", "q=0.5", "text/plain"), smallText),
          fc.constantFrom(",", ";", ", ", "; "),
        ),
        { maxLength: 5 },
      )
      .map((ps) => ps.map(([m, s]) => m + s).join("")),
    smallText,
  ),
  seeds: () => texts(".accept"),
  decode: (s: string) => checkAccept(s, [MEDIA.dm20, MEDIA.tnds20]),
  contract: (_s: string, a: ReturnType<typeof checkAccept>) => {
    const out: Violations = [];
    expectThat(out, a.ok === (a.missing.length === 0), "ok disagrees with missing");
    expectThat(
      out,
      a.missing.every((m) => m === MEDIA.dm20 || m === MEDIA.tnds20),
      "missing lists an unrequired type",
    );
    expectThat(
      out,
      a.missing.every((m) => !a.listed.includes(m)),
      "a listed type is missing",
    );
    expectThat(
      out,
      a.listed.every((m) => m.includes("/") && m === m.toLowerCase()),
      "a listed range without '/' or not lower case",
    );
    expectThat(out, ["semicolon", "comma", "mixed", "single", "absent"].includes(a.form), `form ${a.form}`);
    return out;
  },
};

const deviceId: FuzzDecoder = {
  name: "device-id",
  alphabet: "utf16",
  arbitrary: fc.oneof(
    fc
      .tuple(
        fc.constantFrom("IMEI", "imei", "MEID", "ESN", "X-1", ""),
        fc.constantFrom(":", "", " :"),
        fc.oneof(fc.stringMatching(/^[0-9xX]{0,17}$/), smallText),
      )
      .map((p) => p.join("")),
    smallText,
  ),
  seeds: () => texts(".deviceid"),
  decode: (s: string) => parseDeviceId(s),
  contract: (s: string, d: ReturnType<typeof parseDeviceId>) => {
    const out = checkFindings(d.findings, {
      catalogue: DEVICE_ID_FINDINGS,
      size: s.length,
      positions: "none",
    });
    expectThat(out, !d.ok || (d.type !== null && d.id !== null && d.id.length > 0), "ok without type and id");
    expectThat(out, d.ok || d.findings.length > 0, "not ok without a finding");
    return out;
  },
};

const mediaType: FuzzDecoder = {
  name: "media-type",
  alphabet: "utf16",
  arbitrary: fc.oneof(
    fc
      .tuple(
        fc.constantFrom(MEDIA.dm20, "Application/TNDS20", " text/plain ", "/x", "a/"),
        fc.constantFrom("", ";charset=utf-8", "; q=1", ";"),
      )
      .map((p) => p.join("")),
    smallText,
  ),
  seeds: () => [
    MEDIA.dm20,
    MEDIA.tnds20,
    MEDIA.dm20status,
    "application/dm20; charset=utf-8",
    "Application/DM20 ",
    "*/*",
  ],
  decode: (s: string) => mediaTypeEssence(s),
  contract: (_s: string, m: string | null) => {
    const out: Violations = [];
    if (m !== null) {
      expectThat(
        out,
        m === m.toLowerCase() && m === m.trim() && !m.includes(";"),
        `essence ${JSON.stringify(m)}`,
      );
      const slash = m.indexOf("/");
      expectThat(out, slash > 0 && slash < m.length - 1, `essence ${JSON.stringify(m)} has no type/subtype`);
    }
    return out;
  },
};

const httpMessage: FuzzDecoder = {
  name: "http-message",
  alphabet: "byte",
  arbitrary: fc.oneof(
    fc
      .tuple(
        fc.constantFrom("HTTP/1.1 200 OK", "POST /dm HTTP/1.1", "GET / HTTP/1.0", "HTTP/1.1 20", ""),
        fc.array(
          fc.tuple(
            fc.constantFrom("Content-Length", "Content-Type", "Accept", "Bad Name", ""),
            fc.constantFrom(": ", ":", " "),
            fc.oneof(smallText, fc.stringMatching(/^[0-9]{1,30}$/)),
          ),
          { maxLength: 5 },
        ),
        fc.constantFrom("\r\n\r\n", "\n\n", "\r\n"),
        bytesArb,
      )
      .map(([start, hs, sep, body]) => {
        const head = enc([start, ...hs.map((h) => h.join(""))].join("\r\n") + sep);
        const out = new Uint8Array(head.length + body.length);
        out.set(head);
        out.set(body, head.length);
        return out;
      }),
    bytesArb,
  ),
  seeds: () => vectors(".http"),
  decode: (b: Uint8Array) => parseHttpMessageText(b),
  contract: (b: Uint8Array, m: ReturnType<typeof parseHttpMessageText>) => {
    const out = checkFindings(m.findings, {
      catalogue: HTTP_MESSAGE_FINDINGS,
      size: b.length,
      positions: "none",
    });
    expectThat(out, ["request", "response", "unknown"].includes(m.kind), `kind ${m.kind}`);
    expectThat(
      out,
      m.body.length <= b.length && toHex(b.subarray(b.length - m.body.length)) === toHex(m.body),
      "the body is not the input's tail",
    );
    expectThat(
      out,
      m.contentLength === null || (Number.isSafeInteger(m.contentLength) && m.contentLength >= 0),
      `contentLength ${m.contentLength}`,
    );
    expectThat(
      out,
      (m.kind === "response") === (m.status !== null) && (m.kind === "request") === (m.method !== null),
      "kind disagrees with status/method",
    );
    return out;
  },
};

/** "template\nactual": the substitution check gets both from one string. */
const substitutedUrl: FuzzDecoder = {
  name: "substituted-url",
  alphabet: "utf16",
  arbitrary: fc.oneof(
    fc.tuple(template, fc.boolean()).map(([t, ok]) => `${t}\n${ok ? substituteUrlParams(t, VALUES) : t}`),
    fc.tuple(template, smallText).map(([t, a]) => `${t}\n${a}`),
  ),
  seeds: () => [
    "https://dm.example.com/[MCC]/[MNC]?imei=[IMEI]\nhttps://dm.example.com/310/260?imei=490154203237518",
    "https://dm.example.com/d?man=[MAN]&mod=[MOD]\n/d?man=OMA+Reference&mod=Ref-1&InitiatedBy=Device",
    "https://[MAN].example.com/[CMCC][CMNC]\nhttps://TBD.example.com/TBDTBD",
  ],
  decode: (s: string) => {
    const nl = s.indexOf("\n");
    const [t, a] = nl < 0 ? [s, s] : [s.slice(0, nl), s.slice(nl + 1)];
    return checkSubstitutedUrl(t, a, t.length % 2 === 0 ? VALUES : NO_SIM);
  },
  contract: (s: string, r: ReturnType<typeof checkSubstitutedUrl>) => {
    const out = checkFindings(r.findings, {
      catalogue: URL_PARAM_FINDINGS,
      size: s.length,
      positions: "none",
    });
    const accepted = ["url-param-plus-encoded", "url-extra-query"];
    expectThat(
      out,
      r.ok === r.findings.every((f) => accepted.includes(f.code)),
      "ok disagrees with the findings",
    );
    expectThat(
      out,
      Object.values(r.seen).every((v) => typeof v === "string" && s.includes(v)),
      "a seen value is not in the URL",
    );
    return out;
  },
};

const urlTemplate: FuzzDecoder = {
  name: "url-template",
  alphabet: "utf16",
  arbitrary: fc.oneof(template, smallText),
  seeds: () => [
    "https://dm.example.com/[MCC]/[MNC]?imei=[IMEI]",
    "https://[MAN].example.com/[MOD]",
    "[[MCC]]",
    "[X]",
  ],
  decode: (s: string) => ({
    params: templateParams(s),
    url: substituteUrlParams(s, s.length % 2 ? VALUES : NO_SIM),
  }),
  contract: (_s: string, r: { params: string[]; url: string }) => {
    const out: Violations = [];
    expectThat(
      out,
      r.params.every((p) => (URL_PARAMS as readonly string[]).includes(p)),
      "an unknown parameter",
    );
    expectThat(out, new Set(r.params).size === r.params.length, "a parameter listed twice");
    expectThat(out, templateParams(r.url).length === 0, "a placeholder survives substitution");
    return out;
  },
};

/** The same judgement written without URL.canParse: the reference the implementation must agree with. */
function referenceAbsolute(s: string): boolean {
  const filled = s.replace(/\[(?:MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/g, "x");
  try {
    const u = new URL(filled);
    return filled.slice(u.protocol.length).startsWith("//") && u.host.length > 0;
  } catch {
    return false;
  }
}

const absoluteUrl: FuzzDecoder = {
  name: "absolute-url",
  alphabet: "utf16",
  arbitrary: fc.oneof(
    serverUri,
    clientUri,
    smallText,
    latin1.map((l) => `https://dm*exaMple.com${l}dm20`),
  ),
  seeds: () => [
    ...texts(".clienturi"),
    "https://dm.example.com/a?b=1",
    "http://[MAN].example/[IMEI]",
    "https://dm*exaMple.com\u00e9dm20",
  ],
  decode: (s: string) => ({ absolute: isAbsoluteUrl(s), scheme: urlScheme(s) }),
  contract: (s: string, r: { absolute: boolean; scheme: string | null }) => {
    const out: Violations = [];
    expectThat(
      out,
      r.absolute === referenceAbsolute(s),
      `isAbsoluteUrl says ${r.absolute}, new URL says otherwise`,
    );
    expectThat(
      out,
      !r.absolute || (r.scheme !== null && r.scheme === r.scheme.toLowerCase()),
      `scheme ${r.scheme}`,
    );
    return out;
  },
};

const utf8: FuzzDecoder = {
  name: "utf8",
  alphabet: "byte",
  arbitrary: fc.oneof(bytesArb, fc.string({ unit: "binary", maxLength: 60 }).map(enc)),
  seeds: () => [enc("é😀\u0800\uffff"), ...vectors(".json").slice(0, 5)],
  decode: (b: Uint8Array) => ({ bad: firstInvalidUtf8(b), text: decodeLenient(b) }),
  contract: (b: Uint8Array, r: { bad: number; text: string }) => {
    const out: Violations = [];
    expectThat(out, r.bad < 0 === isUtf8(b), `firstInvalidUtf8 ${r.bad} disagrees with TextDecoder`);
    if (r.bad >= 0)
      expectThat(
        out,
        r.bad < b.length && isUtf8(b.subarray(0, r.bad)),
        `the bytes before ${r.bad} are not UTF-8`,
      );
    return out;
  },
};

export const DECODERS: readonly FuzzDecoder[] = [
  notification,
  hex,
  commandFile,
  commandSyntax,
  statusFile,
  lineFileDecoder,
  tnds20,
  clientUriDecoder,
  accept,
  deviceId,
  mediaType,
  httpMessage,
  substitutedUrl,
  urlTemplate,
  absoluteUrl,
  utf8,
];
