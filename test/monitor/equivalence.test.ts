/**
 * The monitor never changes a verdict by what it rewrote: the conformant reference pair through
 * the monitor gets, for every clause the monitor judges, the verdict each side gets from `run`
 * alone (the client suites against the reference device, the server suites against the reference
 * server). The monitor must judge enough to make this mean something, and must have rewritten.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "chai";
import { NOTIFY_HOOK_KEY } from "../../harness/client-role/index.ts";
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { startReferenceServer } from "../../harness/reference/server/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { transcriptFromJson } from "../../harness/transport/transcript-json.ts";
import { clientContext } from "../selftest-client/context.ts";
import { serverContext } from "../selftest-server/context.ts";
import { type HarnessCa, harnessCa, referencePair } from "./fixtures.ts";

const JUDGED = new Set(["pass", "fail", "error"]);

describe("monitor: a conformant pair gets the verdicts `run` gives each side", function () {
  this.timeout(240_000);
  let ca: HarnessCa;
  before(async () => {
    ca = await harnessCa();
  });
  after(() => ca.dispose());

  it("every clause the monitor judges has run's verdict, and the legs carry each side's own origin", async () => {
    const pair = await referencePair(ca, "equivalence");
    const device = createReferenceDevice();
    const clientRun = clauseVerdicts(
      await runSuites({ role: "client", context: clientContext(device.adapter) }),
    );
    await device.adapter.close();
    const server = await startReferenceServer();
    let serverRun: Map<string, string>;
    try {
      const ctx = serverContext({ url: server.url, caPem: server.caPem });
      ctx.shared.set(NOTIFY_HOOK_KEY, (push: string, id: string) => server.notify(push, id));
      serverRun = clauseVerdicts(await runSuites({ role: "server", context: ctx, grep: /\[DMS-/ }));
    } finally {
      await server.close();
    }
    const judged = Object.entries(pair.summary.verdicts).filter(([, v]) => JUDGED.has(v));
    const differ = judged.filter(([id, v]) => (id.startsWith("DMC-") ? clientRun : serverRun).get(id) !== v);
    expect(differ, "clauses where the monitor and run disagree").to.deep.equal([]);
    expect(judged.filter(([id]) => id.startsWith("DMC-")).length).to.be.at.least(20);
    expect(judged.filter(([id]) => id.startsWith("DMS-")).length).to.equal(10);
    expect(pair.summary.completed).to.equal(true);

    // The rewriting happened: the device got the monitor's origin, the server's leg kept its own.
    const wire = join(pair.outDir, "wire", "session-1-notification");
    const legs = await Promise.all(
      ["device-leg.json", "server-leg.json"].map(async (f) =>
        transcriptFromJson(JSON.parse(await readFile(join(wire, f), "utf8"))),
      ),
    );
    const firstAnswer = (i: number) => Buffer.from(legs[i]!.exchanges[0]!.response!.body).toString("utf8");
    const deviceOrigin = new URL(legs[0]!.exchanges[0]!.request.url).origin;
    const serverOrigin = new URL(legs[1]!.exchanges[0]!.request.url).origin;
    expect(deviceOrigin).to.not.equal(serverOrigin);
    expect(firstAnswer(0)).to.include(`${deviceOrigin}/uploads/`).and.not.include(serverOrigin);
    expect(firstAnswer(1)).to.include(`${serverOrigin}/uploads/`);
  });
});
