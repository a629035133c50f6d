/**
 * docs/ci.md's GitHub Actions workflows, checked the way a vendor would copy them: every YAML
 * block parses (the `yaml` package), and every command its `run:` steps give the harness exists:
 * each `dm20-conformance` subcommand and option against the real program's --help, each
 * `npm run` script against package.json. The server workflow exercises notification
 * (--notify-cmd), so DMS-5.3-01 is not silently left without evidence.
 */
import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { parseAllDocuments } from "yaml";
import { main } from "../../harness/cli/main.ts";
import { captureIo } from "../cli/capture-io.ts";

const CI_DOC = new URL("../../docs/ci.md", import.meta.url);
const PACKAGE = new URL("../../package.json", import.meta.url);

/** The ```yaml blocks of a Markdown text. */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** Every `run:` script of a parsed workflow (or workflow fragment), wherever it sits. */
function runScripts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(runScripts);
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === "run" && typeof v === "string" ? [v] : runScripts(v),
  );
}

/** Shell words of one command line: quotes grouped (and kept out), the rest split on blanks. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: string | undefined;
  let inWord = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The commands of a script, continuation lines joined, comments dropped. */
function commandLines(script: string): string[] {
  return script
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

interface Invocation {
  sub: string;
  options: string[];
  line: string;
}

/** `npx dm20-conformance SUB --opt …` invocations in these command lines. */
function harnessInvocations(lines: string[]): Invocation[] {
  return lines.flatMap((line) => {
    const words = shellWords(line);
    const at = words.findIndex((w, i) => w === "dm20-conformance" && words[i - 1] === "npx");
    if (at < 0) return [];
    const rest = words.slice(at + 1);
    const end = rest.findIndex((w) => ["&&", "||", ";", "|"].includes(w));
    const args = end < 0 ? rest : rest.slice(0, end);
    return [
      {
        sub: args[0] ?? "",
        options: args.filter((a) => a.startsWith("--")).map((a) => a.split("=")[0]!),
        line,
      },
    ];
  });
}

/** The option flags a subcommand's --help lists, from the real program. */
async function helpOptions(sub: string): Promise<Set<string>> {
  const c = captureIo();
  expect(await main([sub, "--help"], c.io), `dm20-conformance ${sub} --help`).to.equal(0);
  return new Set(c.out().match(/--[a-z][a-z-]*/g) ?? []);
}

describe("docs/ci.md workflows", () => {
  let blocks: string[];
  let lines: string[];

  before(async () => {
    blocks = yamlBlocks(await readFile(CI_DOC, "utf8"));
    const scripts = blocks.flatMap((text) =>
      parseAllDocuments(text).flatMap((doc) => {
        expect(
          doc.errors.map((e) => e.message),
          text.slice(0, 80),
        ).to.deep.equal([]);
        return runScripts(doc.toJS());
      }),
    );
    lines = scripts.flatMap(commandLines);
  });

  it("has workflows, and every YAML block parses", () => {
    expect(blocks.length).to.be.greaterThanOrEqual(3);
    expect(lines.length).to.be.greaterThan(10);
  });

  it("runs only dm20-conformance subcommands and options the program has", async () => {
    const invocations = harnessInvocations(lines);
    expect(invocations.length).to.be.greaterThanOrEqual(4);
    const top = captureIo();
    await main(["--help"], top.io);
    for (const { sub, options, line } of invocations) {
      expect(top.out(), `subcommand of: ${line}`).to.match(new RegExp(`^\\s+${sub}\\b`, "m"));
      const known = await helpOptions(sub);
      for (const o of options) expect(known.has(o), `${o} in: ${line}`).to.equal(true);
    }
  });

  it("runs only npm scripts package.json has", async () => {
    const scripts = Object.keys(JSON.parse(await readFile(PACKAGE, "utf8")).scripts);
    const runs = lines.flatMap((l) => {
      const w = shellWords(l);
      const at = w.findIndex((x, i) => x === "run" && w[i - 1] === "npm");
      return at < 0 ? [] : [w[at + 1]!];
    });
    expect(runs.length).to.be.greaterThan(0);
    for (const s of runs) expect(scripts, `npm run ${s}`).to.include(s);
    for (const l of lines.filter((x) => /^npm\s/.test(x)))
      expect(shellWords(l)[1], l).to.be.oneOf(["ci", "run"]);
  });

  it("the server workflow exercises notification: --notify-cmd beside --iut server", () => {
    const server = harnessInvocations(lines).filter((i) => i.line.includes("--iut server"));
    expect(server.length).to.be.greaterThan(0);
    for (const s of server) expect(s.options, s.line).to.include("--notify-cmd");
  });

  it("finds what it checks (the parser's own check: a misspelt option is caught)", async () => {
    const [bad] = harnessInvocations(["npx dm20-conformance run --iut server --notfy-cmd './x'"]);
    expect((await helpOptions(bad!.sub)).has(bad!.options[2]!)).to.equal(false);
    expect(shellWords(`--notify-cmd '"$A/x.sh" "$B"' --out "$C/d"`)).to.deep.equal([
      "--notify-cmd",
      '"$A/x.sh" "$B"',
      "--out",
      "$C/d",
    ]);
  });
});
