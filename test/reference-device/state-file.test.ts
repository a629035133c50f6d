/** DM20_REF_STATE: parallel sessions of the external reference device each keep what they changed. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { DeviceSnapshot } from "../../harness/device/index.ts";
import {
  mergeSnapshots,
  readStateFile,
  writeStateChanges,
} from "../../harness/reference/device/state-file.ts";

const MMS = "oma:mo:oma-mms:1.3";

function snapshot(instances: Record<string, object>, defaults: Record<string, string> = {}): DeviceSnapshot {
  return {
    tree: { mos: [{ moid: MMS, ddf: "urn:ddf", instances: instances as never }] },
    defaults,
    pendingAlerts: [],
  };
}

describe("reference device state file", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-ref-state-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("merges per MO instance and DEFAULT URL: what a session changed wins, the rest stays as others left it", () => {
    const base = snapshot({ "/1": { A: "1" }, "/3": { Sub: { X: "x" } } });
    // This session deleted /3/Sub; a parallel one meanwhile replaced /1 and stored a DEFAULT URL.
    const ours = snapshot({ "/1": { A: "1" }, "/3": {} });
    const theirs = snapshot({ "/1": { A: "2" }, "/3": { Sub: { X: "x" } } }, { [MMS]: "https://d/" });
    const merged = mergeSnapshots(base, ours, theirs);
    expect(merged.tree.mos[0]?.instances).to.deep.equal({ "/1": { A: "2" }, "/3": {} });
    expect(merged.defaults).to.deep.equal({ [MMS]: "https://d/" });
  });

  it("a removed instance stays removed, an added one is added", () => {
    const base = snapshot({ "/1": {}, "/3": {} });
    const ours = snapshot({ "/1": {}, "/4": { N: "n" } });
    const theirs = snapshot({ "/1": { B: "b" }, "/3": {} });
    expect(mergeSnapshots(base, ours, theirs).tree.mos[0]?.instances).to.deep.equal({
      "/1": { B: "b" },
      "/4": { N: "n" },
    });
  });

  it("a session that changed nothing writes nothing", async () => {
    const path = join(dir, "unchanged.json");
    const s = snapshot({ "/1": {} });
    await writeStateChanges(path, s, structuredClone(s));
    expect(await readStateFile(path)).to.equal(undefined);
  });

  it("sessions ending at the same time all keep their change", async () => {
    const path = join(dir, "parallel.json");
    const base = snapshot({});
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        writeStateChanges(path, base, snapshot({ [`/${i}`]: { N: `${i}` } })),
      ),
    );
    const written = JSON.parse(await readFile(path, "utf8")) as DeviceSnapshot;
    expect(Object.keys(written.tree.mos[0]?.instances ?? {}).sort()).to.deep.equal([
      "/0",
      "/1",
      "/2",
      "/3",
      "/4",
      "/5",
      "/6",
      "/7",
    ]);
  });
});
