/** The session limit for devices that hold one DM session at a time. */
import { expect } from "chai";
import { EVENT } from "../../harness/model/transcript-contract.ts";
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { MAX_SESSIONS_KEY, recordedIn, SessionSlots } from "../../harness/server-role/index.ts";
import { clientContext } from "./context.ts";

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
    try {
      // DMC-5.3-02: five certificate cases, each followed by a valid session; in parallel they overlap.
      const outcomes = await runSuites({ role: "client", clauses: ["DMC-5.3-02"], context });
      expect(clauseVerdicts(outcomes).get("DMC-5.3-02")).to.equal("pass");
      // Each session is under way from its Pkg#0 until its script ended: no two may overlap.
      const spans = (await recordedIn(context))
        .flatMap((r) => r.sessions)
        .map((t) => ({
          name: t.session,
          from: t.events.find((e) => e.kind === EVENT.notification)?.at ?? Number.NaN,
          to: t.events.find((e) => e.kind === EVENT.quietStart)?.at ?? Number.NaN,
        }))
        .sort((a, b) => a.from - b.from);
      expect(spans.length).to.be.at.least(10);
      for (let i = 1; i < spans.length; i++)
        expect(spans[i]!.from, `${spans[i]!.name} started before ${spans[i - 1]!.name} ended`).to.be.at.least(
          spans[i - 1]!.to,
        );
    } finally {
      await device.adapter.close();
    }
  });
});
