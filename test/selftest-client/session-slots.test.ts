/** The session limit for devices that hold one DM session at a time. */
import { expect } from "chai";
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { MAX_SESSIONS_KEY, SessionSlots } from "../../harness/server-role/index.ts";
import { clientContext, SELFTEST_QUIET_MS } from "./context.ts";

describe("selftest-client: session slots", () => {
  it("hands out at most `limit` slots and passes a returned slot to the first waiter", async () => {
    const slots = new SessionSlots(2);
    const a = await slots.acquire();
    const b = await slots.acquire();
    const order: string[] = [];
    const c = slots.acquire().then((release) => {
      order.push("c");
      return release;
    });
    const d = slots.acquire().then((release) => {
      order.push("d");
      return release;
    });
    await Promise.resolve();
    expect(order).to.deep.equal([]);
    a();
    a(); // idempotent: gives back one slot only
    const releaseC = await c;
    expect(order).to.deep.equal(["c"]);
    b();
    (await d)();
    releaseC();
    const e = await slots.acquire();
    const f = await slots.acquire();
    e();
    f();
  });

  it("runs the suites one session at a time when the run limits sessions to 1", async function () {
    this.timeout(30_000);
    const device = createReferenceDevice();
    const context = clientContext(device.adapter);
    context.shared.set(MAX_SESSIONS_KEY, 1);
    const started = performance.now();
    try {
      // DMC-5.3-02's block: a control, a plaintext and five certificate sessions, each of the last
      // six watched for a quiet period. In parallel that takes about one period; one at a time, six.
      const outcomes = await runSuites({ role: "client", clauses: ["DMC-5.3-02"], context });
      expect(clauseVerdicts(outcomes).get("DMC-5.3-02")).to.equal("pass");
      expect(performance.now() - started).to.be.at.least(6 * SELFTEST_QUIET_MS);
    } finally {
      await device.adapter.close();
    }
  });
});
