/**
 * The IUT contract's notify path for real: `--notify-cmd` as a shell command (curl asking the
 * reference server's admin endpoint to emit Pkg#0 to DM20_PUSH_URL), no in-process hook. Also the
 * ways it can go wrong: a command that sends nothing, and one that never returns.
 */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { type ReferenceServer, startReferenceServer } from "../../harness/reference/server/index.ts";
import { runSuites } from "../../harness/runner/suite-runner.ts";
import { serverContext } from "./context.ts";

describe("self-test: the notify command path (--notify-cmd)", function () {
  this.timeout(60_000);
  let server: ReferenceServer;
  let dir: string;
  let caFile: string;
  before(async () => {
    server = await startReferenceServer();
    dir = await mkdtemp(join(tmpdir(), "notify-cmd-"));
    caFile = join(dir, "ca.pem");
    await writeFile(caFile, server.caPem);
  });
  after(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function notificationOutcome(notifyCmd: string, timeoutMs = 5000) {
    const context = serverContext({ url: server.url, caPem: server.caPem, timeoutMs });
    context.server!.notifyCmd = notifyCmd;
    const outcomes = await runSuites({ role: "server", context, clauses: ["DMS-5.3-01"] });
    const test = outcomes.find((o) => o.clauses.includes("DMS-5.3-01"))!;
    return { verdict: test.verdicts["DMS-5.3-01"], results: test.results };
  }

  it("a curl command that makes the server notify: the Pkg#0 is judged and its session run", async () => {
    const origin = new URL(server.url).origin;
    const before = server.events().filter((e) => e.kind === "pkg1").length;
    const { verdict, results } = await notificationOutcome(
      `curl -sf --cacert '${caFile}' -X POST "${origin}/_admin/notify?push=$DM20_PUSH_URL&device=$DM20_DEVICE_ID&sendDevDetail=0"`,
    );
    expect(verdict, results.map((r) => r.message).join("\n")).to.equal("pass");
    expect(results[0]!.reading).to.contain("send-devdetail 0");
    // The device woken by it opened the session the notification asked for.
    expect(server.events().filter((e) => e.kind === "pkg1").length).to.be.greaterThan(before);
  });

  it("a command that delivers nothing: error (never a pass), quoting what the command said", async () => {
    const { verdict, results } = await notificationOutcome("echo 'no push here' >&2; exit 3", 1000);
    expect(verdict).to.equal("error");
    expect(results[0]!.evidence[0]!.text).to.contain("exit 3").and.contain("no push here");
  });

  it("a command that never returns is ended at the timeout", async () => {
    const started = performance.now();
    const { verdict, results } = await notificationOutcome("sleep 30", 800);
    expect(verdict).to.equal("error");
    expect(results[0]!.evidence[0]!.text).to.contain("still running after 800 ms");
    expect(performance.now() - started).to.be.below(10_000);
  });
});
