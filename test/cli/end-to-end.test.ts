/**
 * The CLI end to end, in-process: selftest certifies the bundled references into one report with
 * every format and points reports/latest at it (what `npm start` does); `run --iut server` against
 * the reference server certifies it, and does not when a fault breaks a clause; `merge` joins the
 * reports and refuses ones judged against another catalog; `run --iut client --trigger` certifies
 * the reference device run as an external process, as a vendor's device would be.
 */
import { existsSync, lstatSync, readdirSync, readlinkSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import { SELFTEST_DEFAULTS } from "../../harness/cli/common-options.ts";
import { main } from "../../harness/cli/main.ts";
import { selftestCommand } from "../../harness/cli/selftest-command.ts";
import { type ReferenceServer, startReferenceServer } from "../../harness/reference/server/index.ts";
import type { Report } from "../../harness/report/report-model.ts";
import { captureIo, STACK_LINE } from "./capture-io.ts";

const readReport = async (dir: string): Promise<Report> =>
  JSON.parse(await readFile(join(dir, "report.json"), "utf8"));

describe("CLI end to end", function () {
  this.timeout(60_000);
  let work: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "dm20-cli-e2e-"));
  });

  describe("selftest", () => {
    let out = "";
    let code = -1;
    let runDir = "";

    before(async () => {
      const c = captureIo();
      // As `npm start` runs it: every format, the selftest's own short waits (its --help defaults).
      code = await selftestCommand(
        {
          timeout: SELFTEST_DEFAULTS.timeoutMs,
          quietPeriod: SELFTEST_DEFAULTS.quietMs,
          reporter: ["json", "junit", "html", "allure"],
          maxPackages: 50,
        },
        c.io,
        work,
      );
      out = c.out();
      const reports = join(work, "reports");
      runDir = join(reports, readlinkSync(join(reports, "latest")));
    });

    it("exits 0 with a certified report of all 45 clauses, both roles", async () => {
      expect(code, out).to.equal(0);
      const report = await readReport(runDir);
      expect(report.certified).to.equal(true);
      expect(report.iut.role).to.equal("both");
      expect(report.clauses).to.have.length(45);
      expect(report.clauses.filter((c) => c.verdict === "pass")).to.have.length.greaterThan(40);
      // DMC-5.8.1-02 is exercised by the second, no-SIM device: pass, not merely not-applicable.
      expect(report.clauses.find((c) => c.id === "DMC-5.8.1-02")?.verdict).to.equal("pass");
    });

    it("writes every format into reports/<timestamp>-selftest/ and points reports/latest at it", () => {
      expect(lstatSync(join(work, "reports", "latest")).isSymbolicLink()).to.equal(true);
      expect(runDir).to.match(/reports\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-selftest$/);
      for (const f of ["report.json", "junit.xml", "report.html"])
        expect(existsSync(join(runDir, f)), f).to.equal(true);
      expect(readdirSync(join(runDir, "allure-results")).some((f) => f.endsWith("-result.json"))).to.equal(
        true,
      );
    });

    it("prints the header, one line per clause, the summary by role and level, the verdict and the paths", () => {
      const lines = out.split("\n");
      expect(lines[0]).to.match(
        /^oma-dm20-conformance \S+ \| IUT selftest .* \| timeout 5000 ms \| strict off/,
      );
      const clauseLines = lines.filter((l) => /^ {2}[A-Z-]+ +DM[CS]-/.test(l));
      expect(clauseLines).to.have.length(45);
      expect(out).to.match(/role\s+level\s+pass\s+fail\s+error/);
      expect(out).to.match(/client\s+MUST NOT/);
      expect(out).to.match(/server\s+MUST\s+10\s+0/);
      expect(out).to.include("CERTIFIED");
      expect(out).to.include(join("reports", "latest"));
      expect(out).to.include("report.html");
      expect(out, "no colour when the sink is not a terminal").to.not.include("\u001b[");
    });
  });

  describe("run --iut server against the reference server", () => {
    let server: ReferenceServer | undefined;
    let caFile: string;

    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    async function start(faults: string[] = []) {
      server = await startReferenceServer({ faults });
      caFile = join(work, `ca-${faults.join("-") || "ok"}.pem`);
      await writeFile(caFile, server.caPem);
      return server;
    }

    it("a server run without --notify-cmd is INCOMPLETE (exit 1): DMS-5.3-01 has no evidence", async () => {
      const s = await start();
      const c = captureIo();
      const dir = join(work, "server-no-notify");
      const args = ["run", "--iut", "server", "--url", s.url, "--ca", caFile, "--reporter", "json"];
      const code = await main([...args, "--out", dir, "--timeout", "5000"], c.io);
      expect(code, c.out() + c.err()).to.equal(1);
      const report = await readReport(dir);
      expect(report.iut).to.include({ role: "server", target: s.url });
      expect(report.clauses).to.have.length(10);
      expect(report.outcome).to.equal("incomplete");
      expect(report.incomplete).to.deep.equal(["DMS-5.3-01"]);
      expect(c.out()).to.match(/No evidence \(1\)[\s\S]*1\) DMS-5\.3-01 MUST NOT-EXERCISED/);
      expect(c.out()).to.include("INCOMPLETE: no evidence for DMS-5.3-01");
      expect(existsSync(join(dir, "junit.xml")), "only the chosen formats").to.equal(false);

      // The same server declared to send no notifications (IXIT): DMS-5.3-01 does not apply.
      const ixit = join(work, "no-notifications.json");
      await writeFile(ixit, JSON.stringify({ sendsNotifications: false }));
      const d = captureIo();
      const certifiedDir = join(work, "server-ok");
      const ok = await main([...args, "--out", certifiedDir, "--timeout", "5000", "--ixit", ixit], d.io);
      expect(ok, d.out() + d.err()).to.equal(0);
      const certified = await readReport(certifiedDir);
      expect(certified.outcome).to.equal("certified");
      expect(certified.clauses.find((x) => x.id === "DMS-5.3-01")?.applicability.declared).to.equal(
        "not-applicable",
      );
      expect(d.out()).to.include("CERTIFIED: every applicable MUST / MUST NOT clause passed");
    });

    it("does not certify a server with a broken clause (exit 1), naming the clause", async () => {
      const s = await start(["msgid-stuck"]);
      const c = captureIo();
      const dir = join(work, "server-msgid");
      const code = await main(
        [
          "run",
          "--iut",
          "server",
          "--url",
          s.url,
          "--ca",
          caFile,
          "--out",
          dir,
          "--clause",
          "DMS-5.5-03",
          "--reporter",
          "json,junit",
        ],
        c.io,
      );
      expect(code).to.equal(1);
      expect(c.out()).to.match(/^ {2}FAIL +DMS-5\.5-03 /m);
      expect(c.out()).to.include("NOT CERTIFIED: DMS-5.5-03 blocks certification");
      expect(c.out()).to.include(
        "note: 9 clauses were not selected in this run (--clause / --grep): the outcome covers the selected ones only",
      );
      expect(c.err()).to.not.match(STACK_LINE);
      const report = await readReport(dir);
      expect(report.certified).to.equal(false);
      expect(report.options).to.include({ iut: "server", timeoutMs: 10_000 });
      expect(existsSync(join(dir, "junit.xml"))).to.equal(true);
    });

    it("merge joins shard reports (worst verdict wins) and refuses another catalog's report", async () => {
      const s = await start();
      const shard = async (name: string, clauses: string) => {
        const dir = join(work, name);
        const code = await main(
          [
            "run",
            "--iut",
            "server",
            "--url",
            s.url,
            "--ca",
            caFile,
            "--out",
            dir,
            "--clause",
            clauses,
            "--reporter",
            "json",
          ],
          captureIo().io,
        );
        expect(code).to.equal(0);
        return join(dir, "report.json");
      };
      const a = await shard("shard-a", "DMS-5.5-01,DMS-5.5-02");
      const b = await shard("shard-b", "DMS-5.5-03");
      const c = captureIo();
      const merged = join(work, "merged");
      expect(await main(["merge", a, b, "--out", merged], c.io), c.err()).to.equal(0);
      const report = await readReport(merged);
      const verdict = (id: string) => report.clauses.find((x) => x.id === id)?.verdict;
      expect([verdict("DMS-5.5-01"), verdict("DMS-5.5-02"), verdict("DMS-5.5-03")]).to.deep.equal([
        "pass",
        "pass",
        "pass",
      ]);
      expect(existsSync(join(merged, "report.html"))).to.equal(true);

      const other = JSON.parse(await readFile(b, "utf8"));
      other.catalog.digest = "sha256:another-catalog";
      const otherFile = join(work, "other.json");
      await writeFile(otherFile, JSON.stringify(other));
      const refused = captureIo();
      expect(await main(["merge", a, otherFile, "--out", join(work, "merged-2")], refused.io)).to.equal(2);
      expect(refused.err().trimEnd().split("\n")).to.have.length(1);
      expect(refused.err()).to.match(/cannot merge: .*clause catalog sha256:another-catalog/);
    });
  });

  describe("run --iut client through the trigger contract", () => {
    // The README's device walkthrough: the reference device as an external process, one process per
    // session, its state carried in a file. Sessions run in parallel (each process merges what it
    // changed), and with --sessions 1 one after the other.
    // The README's command: the compiled `reference-device` (npm test builds dist/ first).
    const device = `node ${resolve("bin/dm20-conformance.js")} reference-device`;
    const expected = (id: string) =>
      id === "DMC-5.8-13" ? "untestable" : id === "DMC-5.8.1-02" ? "not-applicable" : "pass";

    // The clauses whose tests carry the device's state from one session to a later one.
    const STATEFUL = ["DMC-5.8-05", "DMC-5.8-10", "DMC-5.8-14", "DMC-5.8-15"];

    for (const sessions of [undefined, "1"]) {
      const what = sessions
        ? `the clauses that need its state kept across sessions, with --sessions ${sessions}`
        : "every clause, four sessions at once";
      it(`certifies the reference device woken by --trigger: ${what}`, async function () {
        this.timeout(150_000);
        const dir = join(work, `client-trigger-${sessions ?? "parallel"}`);
        const state = join(dir, "device-state.json");
        const c = captureIo();
        const code = await main(
          [
            "run",
            "--iut",
            "client",
            "--trigger",
            `DM20_REF_STATE=${state} ${device}`,
            // One Node process per session: four at once and a 20 s wait keep a 2-core CI runner from
            // starving the first sessions of CPU before their Pkg#1 (a vendor's slow device takes the same).
            ...(sessions ? ["--sessions", sessions, "--clause", STATEFUL.join(",")] : ["--sessions", "4"]),
            "--timeout",
            "20000",
            "--out",
            dir,
            "--reporter",
            "json",
          ],
          c.io,
        );
        const report = await readReport(dir);
        const run = report.clauses.filter((x) => x.tests.length > 0);
        const unexpected = run
          .filter((x) => x.verdict !== expected(x.id))
          .map((x) => `${x.id} ${x.verdict}: ${x.tests.find((t) => t.message)?.message ?? ""}`);
        expect(unexpected, c.out()).to.deep.equal([]);
        expect(code).to.equal(0);
        if (sessions) expect(run.map((x) => x.id)).to.include.members(STATEFUL);
        else expect(run.map((x) => x.id)).to.have.length(35);
        expect(existsSync(state), "the device kept its state in the file").to.equal(true);
        if (sessions) expect(c.out()).to.match(/\| sessions at most 1 at once \|/);
      });
    }

    it("--pki: a device that trusts only the CA written by `pki --out` passes the HTTPS clauses", async function () {
      this.timeout(60_000);
      const pkiDir = join(work, "kept-ca");
      expect(await main(["pki", "--out", pkiDir], captureIo().io)).to.equal(0);
      const dir = join(work, "client-kept-ca");
      const c = captureIo();
      // The device ignores the run's DM20_CA_FILE and keeps the CA it was given once.
      const trigger = `DM20_CA_FILE=${join(pkiDir, "ca.pem")} DM20_REF_STATE=${join(dir, "state.json")} ${device}`;
      const args = ["run", "--iut", "client", "--trigger", trigger, "--out", dir, "--reporter", "json"];
      const slow = ["--sessions", "4", "--timeout", "20000"]; // one Node process per session, as above
      const code = await main([...args, ...slow, "--pki", pkiDir, "--clause", "DMC-5.3-01,DMC-5.3-02"], c.io);
      expect(code, c.out() + c.err()).to.equal(0);
      expect(c.out()).to.include(`the device must trust ${join(pkiDir, "ca.pem")} (the CA of --pki`);
      expect(await readFile(join(dir, "pki", "ca.pem"), "utf8")).to.equal(
        await readFile(join(pkiDir, "ca.pem"), "utf8"),
      );
      // Without --pki the run's new CA is one that device does not trust: it opens no session, which
      // the SCR rules make not-exercised (not fail), and the summary says so.
      const fresh = captureIo();
      const freshDir = `${dir}-fresh`;
      await main(
        // Short waits: every session of this run ends in the device's silence.
        [
          ...args.slice(0, -4),
          "--out",
          freshDir,
          "--reporter",
          "json",
          "--timeout",
          "4000",
          "--clause",
          "DMC-5.3-01",
        ],
        fresh.io,
      );
      expect((await readReport(freshDir)).clauses[0]?.verdict, fresh.out()).to.equal("not-exercised");
      expect(fresh.out()).to.include("INCOMPLETE: no evidence for DMC-5.3-01");
    });
  });
});
