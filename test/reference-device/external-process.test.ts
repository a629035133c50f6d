import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import { TriggerAdapter } from "../../harness/iut/trigger-adapter.ts";
import { notify, type Servers, startServers, stopServers } from "./scenario.ts";

const MAIN = resolve("harness/reference/device/main.ts");

describe("reference device as an external process (main.ts through the trigger adapter)", function () {
  this.timeout(20_000);
  let s: Servers;
  let statePath: string;
  before(async () => {
    expect(existsSync(MAIN), MAIN).to.equal(true);
    s = await startServers();
    statePath = join(await mkdtemp(join(tmpdir(), "dm20-ref-state-")), "state.json");
  });
  after(() => stopServers(s));

  const adapter = () =>
    new TriggerAdapter({
      command: `"${process.execPath}" --import tsx "${MAIN}"`,
      extraEnv: { DM20_REF_STATE: statePath, DM20_REF_NO_SIM: "1" },
    });

  it("runs one session per process, keeping the tree between them in DM20_REF_STATE", async () => {
    s.dm.session("/one", [
      `MsgID 0\r\nDELETE oma:mo:oma-mms:1.3/1\r\nGET ${s.files.url("/cfg/[MCC]")}`,
      "MsgID 1\r\nEND",
    ]);
    s.files.route("GET", "/cfg/TBD", {
      body: JSON.stringify({ TNDS20: [{ MOID: "oma:mo:oma-connmo:1.0", Path: "/Ext", Name: "x" }] }),
    });
    s.dm.session("/two", ["MsgID 0\r\nEND"]);

    const first = adapter();
    await first.wake(notify(s.dm.url("/one"), s.caFile));
    await first.settled();
    await first.close();
    expect(first.exitStatuses()).to.deep.equal(["exit 0"]);
    const status = s.dm.seen.filter((r) => r.target === "/one")[1];
    expect(status?.body).to.equal("MsgID 0\r\n200\r\n200 oma:mo:oma-connmo:1.0/Ext");

    const second = adapter();
    await second.wake(notify(s.dm.url("/two"), s.caFile, { instances: true }));
    await second.settled();
    await second.close();
    const pkg1 = JSON.parse(s.dm.seen.find((r) => r.target === "/two")!.body);
    const paths = Object.fromEntries(pkg1.MO.map((m: { MOID: string; Path: string[] }) => [m.MOID, m.Path]));
    expect(paths["oma:mo:oma-mms:1.3"]).to.deep.equal(["/3"]);
    expect(paths["oma:mo:oma-connmo:1.0"]).to.deep.equal(["/Internet", "/Ext"]);
  });

  it("exits 0 without a request when the certificate does not verify", async () => {
    s.expired.reset();
    const a = adapter();
    await a.wake(notify(s.expired.url("/dm"), s.caFile));
    await a.settled();
    await a.close();
    expect(a.exitStatuses()).to.deep.equal(["exit 0"]);
    expect(s.expired.seen).to.deep.equal([]);
  });

  it("exits 2 naming the reading profiles when DM20_REF_PROFILE names none", async () => {
    const a = new TriggerAdapter({
      command: `"${process.execPath}" --import tsx "${MAIN}"`,
      extraEnv: { DM20_REF_PROFILE: "lenient" },
    });
    await a.wake(notify(s.dm.url("/unused"), s.caFile));
    await a.settled();
    await a.close();
    expect(a.exitStatuses()).to.deep.equal(["exit 2"]);
    expect(a.output()).to.match(
      /DM20_REF_PROFILE "lenient" is not a reading profile \(default, alternative\)/,
    );
  });
});
