/**
 * Runs every codec vector under vectors/: each input file has `<name>.expect.json` beside it
 * ({ description, source, expect, body? }); an input without one, or an expectation without
 * input, fails. The kind comes from the input's extension (see projection.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { parseHttpMessageText } from "../../harness/protocol/http-message.ts";
import { KINDS, project } from "./projection.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../vectors");
const EXPECT = ".expect.json";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

interface Expectation {
  description: string;
  source: string;
  expect: unknown;
  /** http-message only: the vector (relative to this file) whose bytes are this message's body. */
  body?: string;
}

const files = walk(ROOT).filter((f) => !f.endsWith(".md") && !f.endsWith(".ts"));
const inputs = files.filter((f) => !f.endsWith(EXPECT));
const expectations = new Set(files.filter((f) => f.endsWith(EXPECT)));

describe("codec vectors (vectors/**)", () => {
  it("has at least 60 vectors, each input with an expectation and each expectation with an input", () => {
    expect(inputs.length).to.be.at.least(60);
    const orphans = [...expectations].filter((e) => !inputs.some((i) => expectationPath(i) === e));
    expect(
      orphans.map((o) => relative(ROOT, o)),
      "expectations without input",
    ).to.deep.equal([]);
  });

  for (const input of inputs) {
    const rel = relative(ROOT, input);
    it(rel, () => {
      const ext = extname(input) as keyof typeof KINDS;
      const kind = KINDS[ext];
      expect(kind, `no vector kind for extension "${ext}"`).to.not.equal(undefined);
      const ePath = expectationPath(input);
      expect(expectations.has(ePath), `${rel} has no ${relative(ROOT, ePath)}`).to.equal(true);
      const e = JSON.parse(readFileSync(ePath, "utf8")) as Expectation;
      expect(e.description, "description").to.be.a("string").and.not.equal("");
      expect(e.source, "source").to.be.a("string").and.not.equal("");
      const bytes = new Uint8Array(readFileSync(input));
      expect(project(kind, bytes)).to.deep.equal(e.expect);
      if (e.body) {
        const body = new Uint8Array(readFileSync(join(dirname(input), e.body)));
        expect(
          Buffer.from(parseHttpMessageText(bytes).body).equals(Buffer.from(body)),
          "body vector",
        ).to.equal(true);
      }
    });
  }
});

function expectationPath(input: string): string {
  const name = basename(input, extname(input));
  return join(dirname(input), `${name}${EXPECT}`);
}
