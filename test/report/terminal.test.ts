/**
 * What the terminal shows of a run (issue 12, "The terminal"): no byte the IUT chose acts on the
 * terminal (on a TTY or through a pipe), every failing clause ends the run with its full message
 * and the label of its first evidence, clauses without evidence say what the harness waited for, a
 * live progress line exists only on a TTY, and FORCE_COLOR is honoured beside NO_COLOR.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { loadCatalog } from "../../harness/catalog/catalog.ts";
import { ClauseProgress, progressText } from "../../harness/cli/clause-progress.ts";
import { colorWanted } from "../../harness/cli/io.ts";
import { main } from "../../harness/cli/main.ts";
import { TtyStatusLine } from "../../harness/cli/status-line.ts";
import { clauseLine, failureList, type SettledClause } from "../../harness/cli/terminal.ts";
import { expectation } from "../../harness/model/evidence.ts";
import { fail, notExercised } from "../../harness/model/verdict.ts";
import { generateTestPki } from "../../harness/pki/test-pki.ts";
import { REFERENCE_SERVER_HOSTS } from "../../harness/reference/server/index.ts";
import { terminalText } from "../../harness/report/visible-text.ts";
import { captureIo } from "../cli/capture-io.ts";
import { startHostileServer } from "../selftest-server/hostile-servers.ts";
import { outcome, stubReport } from "./fixtures/outcomes.ts";

const catalog = loadCatalog();
/** Clear screen, set the window title, bell: what a hostile server puts on its first body line. */
const ANSI = "\u001b[2J\u001b]0;pwned\u0007";
/** Any escape or control character except the SGR colour codes the harness itself writes. */
const FOREIGN_CONTROL =
  /\u001b(?!\[\d+m)|[\u0000-\u0008\u000b-\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/;

function report(results: Parameters<typeof outcome>[1][]) {
  return stubReport(results.map((r, i) => outcome(`[${r[0]!.clause}] test ${i}`, r)));
}

describe("terminal output", () => {
  describe("IUT-derived text never acts on the terminal", () => {
    it("a clause's ↳ line shows escape sequences and control characters as pictures", () => {
      const s: SettledClause = {
        clause: catalog.byId("DMS-5.5-02")!,
        verdict: "fail",
        tests: 1,
        durationMs: 3,
        why: `${ANSI}MsgID 0 is not the first line\r\nsecond line`,
      };
      for (const color of [false, true]) {
        const line = clauseLine(s, color);
        expect(line, `color ${color}`).to.not.match(FOREIGN_CONTROL);
        expect(line).to.include("↳ \u241b[2J\u241b]0;pwned\u2407MsgID 0 is not the first line");
        expect(line).to.not.include("second line");
      }
    });

    it("terminalText keeps line breaks, shows a bare CR, C1 controls and bidi overrides", () => {
      expect(terminalText("a\r\nb\nc\rd\u009b2J\u202eevil")).to.equal("a\nb\nc\u240dd[U+009B]2J[U+202E]evil");
    });

    it("a run against a server whose first body line carries escape sequences prints none of them", async function () {
      this.timeout(60_000);
      const pki = await generateTestPki({ hosts: REFERENCE_SERVER_HOSTS });
      const body = `${ANSI}MsgID 0\r\nEND`;
      const server = await startHostileServer(
        (socket) =>
          socket.end(
            `HTTP/1.1 200 OK\r\nContent-Type: application/dm20\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          ),
        pki.valid,
      );
      const dir = await mkdtemp(join(tmpdir(), "dm20-ansi-"));
      const ca = join(dir, "ca.pem");
      await writeFile(ca, pki.caPem);
      try {
        for (const color of [false, true]) {
          const c = captureIo(color);
          const args = ["run", "--iut", "server", "--url", server.url, "--ca", ca, "--clause", "DMS-5.5-02"];
          const code = await main(
            [...args, "--reporter", "json", "--timeout", "2000", "--out", join(dir, `${color}`)],
            c.io,
          );
          expect(code, c.out() + c.err()).to.equal(1);
          expect(c.out() + c.err(), `color ${color}`).to.not.match(FOREIGN_CONTROL);
          expect(c.out()).to.include("\u241b[2J\u241b]0;pwned\u2407");
        }
      } finally {
        await server.close();
      }
    });
  });

  describe("the failure list", () => {
    const long = `after 0 (answer to Pkg#1) came 2 where 1 was due; ${"the rest of a long explanation, ".repeat(8)}end of message\nsecond line of the message ${ANSI}`;

    it("lists each failing clause with its full message and the label of its first evidence", () => {
      const r = report([
        [fail("DMC-5.6-04", long, [expectation("MsgIDs of this session, in order", "0, 1", "0, 2")])],
        [
          fail("DMC-5.4-01", "wrong content type", [
            { kind: "http-request", label: "Pkg#1 (exchange #0)", text: "" },
          ]),
        ],
      ]);
      const text = failureList(r, false);
      expect(text).to.match(/^Failures \(2\):/);
      expect(text).to.include("1) DMC-5.4-01 MUST FAIL: Pkg#1 is a POST of application/tnds20");
      expect(text).to.include("     evidence: Pkg#1 (exchange #0)");
      // Not cut: every word of the message, its second line, controls made visible.
      expect(text).to.include(
        "end of message\n     second line of the message \u241b[2J\u241b]0;pwned\u2407",
      );
      expect(text).to.include(long.split("\n")[0]!);
      expect(text).to.include("     evidence: MsgIDs of this session, in order");
      expect(text).to.not.match(FOREIGN_CONTROL);
    });

    it("lists the binding clauses without evidence with what the harness waited for", () => {
      const r = report([
        [notExercised("DMC-5.6-06", "no Pkg#1 arrived at https://127.0.0.1:4431/s3 within 10000 ms")],
      ]);
      const text = failureList(r, false);
      expect(text).to.match(/No evidence \(\d+\): binding clauses the run could not show to hold/);
      expect(text).to.include("DMC-5.6-06 MUST NOT-EXERCISED");
      expect(text).to.include("     no Pkg#1 arrived at https://127.0.0.1:4431/s3 within 10000 ms");
    });
  });

  describe("progress on long runs", () => {
    const tests = [
      { title: "t1", fullTitle: "s t1", clauses: ["DMC-5.4-01"], pending: false },
      { title: "t2", fullTitle: "s t2", clauses: ["DMC-5.4-02"], pending: false },
    ];

    it("counts clauses settled and tests done, and how long the IUT has kept the run waiting", () => {
      let now = 1_000;
      const shown: string[] = [];
      const status = { show: (t: string) => shown.push(t), clear: () => shown.push("<clear>") };
      const p = new ClauseProgress(
        catalog,
        tests,
        () => {},
        status,
        () => now,
      );
      expect(shown.at(-1)).to.equal(
        progressText({ clausesSettled: 0, clauses: 2, testsDone: 0, tests: 2, idleMs: 0 }),
      );
      now += 41_000;
      expect(p.counts()).to.deep.include({ clausesSettled: 0, testsDone: 0, idleMs: 41_000 });
      expect(progressText(p.counts())).to.include("waiting 41 s for the IUT");
      p.record({
        title: "t1",
        fullTitle: "s t1",
        clauses: ["DMC-5.4-01"],
        state: "passed",
        durationMs: 1,
        results: [],
        verdicts: { "DMC-5.4-01": "pass" },
      });
      expect(shown.at(-1)).to.match(/^\u29d7 1\/2 clauses settled · 1\/2 tests done · running$/);
      p.finish();
      // A client run also counts the device sessions under way and those still waiting for the device.
      const sessions = { underway: 3, waiting: 2 };
      const q = new ClauseProgress(
        catalog,
        tests,
        () => {},
        status,
        () => now,
        () => sessions,
      );
      expect(shown.at(-1)).to.include("3 sessions under way, 2 waiting for the device");
      q.finish();
      expect(shown).to.include("<clear>");
    });

    it("a TTY status line steps aside for every line written, and is redrawn below it", () => {
      let screen = "";
      const tty = { write: (s: string) => (screen += s), columns: 40 };
      const status = new TtyStatusLine(tty);
      const out = status.wrap(tty);
      status.show("⧗ 1/2 clauses settled");
      out.write("  PASS DMC-5.4-01\n");
      expect(screen).to.equal(
        "\r\u001b[2K⧗ 1/2 clauses settled\r\u001b[2K  PASS DMC-5.4-01\n\r\u001b[2K⧗ 1/2 clauses settled",
      );
      status.clear();
      expect(screen.endsWith("\r\u001b[2K")).to.equal(true);
    });

    it("through a pipe (no status line) the output stays one line per event", () => {
      const settled: string[] = [];
      const p = new ClauseProgress(catalog, tests, (s) => settled.push(s.clause.id));
      p.finish();
      expect(settled).to.deep.equal(["DMC-5.4-01", "DMC-5.4-02"]);
    });
  });

  it("colour: FORCE_COLOR forces it (even through a pipe, over NO_COLOR), NO_COLOR turns it off", () => {
    expect(colorWanted({}, true)).to.equal(true);
    expect(colorWanted({}, false)).to.equal(false);
    expect(colorWanted({ NO_COLOR: "1" }, true)).to.equal(false);
    expect(colorWanted({ FORCE_COLOR: "1" }, false)).to.equal(true);
    expect(colorWanted({ FORCE_COLOR: "" }, false)).to.equal(true);
    expect(colorWanted({ FORCE_COLOR: "1", NO_COLOR: "1" }, false)).to.equal(true);
    expect(colorWanted({ FORCE_COLOR: "0" }, true)).to.equal(false);
    expect(colorWanted({ FORCE_COLOR: "false" }, true)).to.equal(false);
  });
});
