import { expect } from "chai";
import fc from "fast-check";
import { formatClientUri } from "../../harness/protocol/client-uri.ts";
import {
  type CommandName,
  parseCommandFile,
  serializeCommandFile,
} from "../../harness/protocol/command-file.ts";
import {
  decodesHuge,
  MIB,
  moid,
  mutated,
  noisyBytes,
  RUNS,
  segment,
  serverUri,
  token,
} from "./property-support.ts";

const clientUri = fc.oneof(
  fc
    .record({
      moid,
      path: fc.array(segment, { maxLength: 3 }).map((s) => (s.length ? `/${s.join("/")}` : "/")),
      levels: fc.option(fc.nat(9), { nil: null }),
    })
    .map((u) => formatClientUri(u)),
  fc.option(fc.nat(3), { nil: null }).map((levels) => formatClientUri({ star: true, levels })),
);

type Cmd = { name: CommandName; params: string[] };
const cmd = (name: CommandName, params: string[]): Cmd => ({ name, params });

/** Commands that satisfy 5.8: parsing them back must give no finding at all. */
const validCommand: fc.Arbitrary<Cmd> = fc.oneof(
  fc
    .tuple(serverUri, fc.option(clientUri, { nil: undefined }))
    .map(([s, c]) => cmd("GET", c === undefined ? [s] : [s, c])),
  fc
    .tuple(
      fc.constantFrom("PUT" as const, "POST" as const),
      serverUri,
      fc.array(clientUri, { minLength: 1, maxLength: 4 }),
    )
    .map(([name, s, cs]) => cmd(name, [s, ...cs])),
  clientUri.map((c) => cmd("DELETE", [c])),
  fc
    .tuple(clientUri, fc.option(serverUri, { nil: undefined }))
    .map(([c, s]) => cmd("EXEC", s === undefined ? [c] : [c, s])),
  fc
    .tuple(serverUri, fc.constantFrom("Close", "Continue"), serverUri)
    .map(([s, k, u]) => cmd("SHOW", [`${s.split("?")[0]!.split("#")[0]!}?${k}=${u}`])),
  fc.tuple(moid, serverUri).map(([m, s]) => cmd("DEFAULT", [m, s])),
  fc.constant(cmd("END", [])),
);

const msgId = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const validFile = fc.record({
  msgId,
  commands: fc.array(validCommand, { maxLength: 8 }),
  finalLineBreak: fc.boolean(),
});

describe("protocol/command-file properties", () => {
  it(`parse(serialize(f)) gives back f with no finding, for 5.8-valid commands (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(validFile, (f) => {
        const p = parseCommandFile(
          serializeCommandFile(f.msgId, f.commands, { finalLineBreak: f.finalLineBreak }),
        );
        expect(p.findings).to.deep.equal([]);
        expect(p.msgId).to.equal(f.msgId);
        expect(p.finalLineBreak).to.equal(f.finalLineBreak);
        expect(p.commands.map((c) => ({ name: c.name, params: c.params }))).to.deep.equal(f.commands);
      }),
      { numRuns: RUNS },
    );
  });

  it(`keeps arbitrary tokens exactly, whatever the line break (${RUNS} runs)`, () => {
    const anyCommand = fc.record({ name: token, params: fc.array(token, { maxLength: 4 }) });
    fc.assert(
      fc.property(
        msgId,
        fc.array(anyCommand, { maxLength: 6 }),
        fc.constantFrom("\r\n", "\n"),
        (id, cmds, br) => {
          const p = parseCommandFile(serializeCommandFile(id, cmds, { lineBreak: br as "\r\n" | "\n" }));
          expect(p.msgId).to.equal(id);
          expect(p.commands.map((c) => ({ name: c.keyword, params: c.params }))).to.deep.equal(cmds);
          expect(p.commands.every((c, i) => c.line === i + 2)).to.equal(true);
          const lf = p.findings.filter((x) => x.code === "lf-line-break").length;
          expect(lf).to.equal(br === "\n" ? cmds.length : 0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("random and mutated bytes never throw; every finding has a line and column", () => {
    const valid = validFile.map((f) => serializeCommandFile(f.msgId, f.commands));
    fc.assert(
      fc.property(fc.oneof(noisyBytes, mutated(valid)), (b) => {
        const p = parseCommandFile(b);
        for (const f of p.findings) {
          if (f.code === "findings-truncated") continue;
          expect(f.line, f.code).to.be.a("number");
          expect(f.column, f.code).to.be.a("number");
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("parses 1 MiB inputs without throwing (one line, many lines, only breaks, only spaces, faulty lines)", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const line = "GET https://dm.example.com/x.tnds20 oma:mo:oma-mms:1.3/3\r\n";
    decodesHuge("many commands", () => parseCommandFile(enc(`MsgID 1\r\n${line.repeat(MIB / line.length)}`)));
    decodesHuge("one long line", () =>
      parseCommandFile(enc(`MsgID 1\r\nGET https://a.b/${"x".repeat(MIB)}`)),
    );
    decodesHuge("only LF", () => parseCommandFile(new Uint8Array(MIB).fill(0x0a)));
    decodesHuge("only spaces", () => parseCommandFile(new Uint8Array(MIB).fill(0x20)));
    decodesHuge("space runs", () => parseCommandFile(enc(`MsgID 1\r\nGET${" a  ".repeat(MIB / 4)}`)));
    decodesHuge("150k faulty commands", () =>
      parseCommandFile(enc(`MsgID 1\r\n${"get x\r\n".repeat(MIB / 7)}`)),
    );
  });
});
