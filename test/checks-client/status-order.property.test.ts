/**
 * DMC-5.6-06 "The Status MUST be reported in the same order as the corresponding commands", proven
 * on the batches the suites actually send: a conformant run of the reference device is recorded
 * once, then every status package of it with two or more different statuses is rewritten with
 * every other order of its statuses (each distinct permutation), every drop of one status and
 * every duplication of one (a copy inserted beside it), and the check must fail each.
 * An order check whose batch reads the same backwards, or whose statuses fit any command, would
 * let these through.
 */
import { expect } from "chai";
import { checkStatusOrder } from "../../harness/checks/client/status-package.ts";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import type { Transcript } from "../../harness/model/transcript.ts";
import {
  type DeviceSessionView,
  statusFileOf,
  viewSession,
} from "../../harness/model/transcript-contract.ts";
import { createReferenceDevice } from "../../harness/reference/device/index.ts";
import { runSuites } from "../../harness/runner/suite-runner.ts";
import { recordedIn } from "../../harness/server-role/index.ts";
import { transcriptFromJson, transcriptToJson } from "../../harness/transport/transcript-json.ts";
import { clientContext } from "../selftest-client/context.ts";

/** Every distinct ordering of `items` except the given one. */
function otherOrders(items: string[]): string[][] {
  const seen = new Set<string>([JSON.stringify(items)]);
  const out: string[][] = [];
  const permute = (rest: string[], acc: string[]) => {
    if (rest.length === 0) {
      const key = JSON.stringify(acc);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(acc);
      }
      return;
    }
    rest.forEach((x, i) => {
      permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, x]);
    });
  };
  permute(items, []);
  return out;
}

/** Every drop of one status, and every duplication of one (a copy inserted beside it). */
function dropsAndDuplicates(items: string[]): string[][] {
  const drops = items.map((_, i) => [...items.slice(0, i), ...items.slice(i + 1)]);
  const duplicates = items.map((x, i) => [...items.slice(0, i + 1), x, ...items.slice(i + 1)]);
  return [...drops, ...duplicates];
}

/** A copy of the transcript whose exchange `seq` carries these status lines (MsgID line kept). */
function withStatuses(t: Transcript, seq: number, lines: string[]): DeviceSessionView {
  const copy = transcriptFromJson(JSON.parse(JSON.stringify(transcriptToJson(t))));
  const ex = copy.exchanges.find((e) => e.seq === seq)!;
  const text = Buffer.from(ex.request.body).toString("utf8");
  const first = text.split("\r\n")[0]!;
  ex.request.body = new TextEncoder().encode([first, ...lines].join("\r\n"));
  ex.request.bodyBytesSeen = ex.request.body.length;
  return viewSession(copy);
}

describe("DMC-5.6-06 over every reordering of the suites' own batches", function () {
  this.timeout(120_000);
  let sessions: Transcript[] = [];

  before(async () => {
    const device = createReferenceDevice();
    const context = clientContext(device.adapter);
    try {
      await runSuites({ role: "client", context });
      sessions = (await recordedIn(context)).flatMap((r) => r.sessions);
    } finally {
      await device.adapter.close();
    }
  });

  it("judges the recorded conformant run in order", () => {
    expect(checkStatusOrder(sessions.map(viewSession), DEFAULT_IXIT).verdict).to.equal("pass");
  });

  it("fails every other order, drop and duplication of every status package with distinguishable statuses", () => {
    let batches = 0;
    let variants = 0;
    const survivors: string[] = [];
    for (const t of sessions) {
      const view = viewSession(t);
      for (const pkg of view.packages.slice(1)) {
        const lines = statusFileOf(pkg.exchange).statuses.map((s) => s.raw);
        if (new Set(lines).size < 2) continue;
        batches++;
        for (const order of [...otherOrders(lines), ...dropsAndDuplicates(lines)]) {
          variants++;
          const r = checkStatusOrder([withStatuses(t, pkg.exchange.seq, order)], DEFAULT_IXIT);
          if (r.verdict !== "fail") survivors.push(`${t.session} ${pkg.exchange.seq}: ${order.join(" | ")}`);
        }
      }
    }
    expect(batches, "batches with distinguishable statuses").to.be.at.least(3);
    expect(survivors, `${survivors.length} of ${variants} variants passed`).to.deep.equal([]);
    console.log(
      `      ${variants} reorderings, drops and duplications of ${batches} batches: all fail DMC-5.6-06`,
    );
  });
});
