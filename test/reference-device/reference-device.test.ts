import { expect } from "chai";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import { createReferenceDevice, REFERENCE_DEVICE_FAULTS } from "../../harness/reference/device/index.ts";
import { notify, runScenario, type Servers, startServers, stopServers } from "./scenario.ts";

describe("reference device: fault-free behaviour", function () {
  this.timeout(20_000);
  let s: Servers;
  let trace: string[];
  before(async () => {
    s = await startServers();
    trace = await runScenario(s, {});
  });
  after(() => stopServers(s));

  const find = (prefix: string) => trace.filter((t) => t.startsWith(prefix));

  it("sends Pkg#1 over HTTPS with the 5.4 headers, DevInfo, DevDetail and the MO list asked for", () => {
    const [pkg1] = find("dm POST /dm/rich");
    expect(pkg1).to.include("content-type=application/tnds20 accept=application/dm20, application/tnds20");
    expect(pkg1).to.include(`x-omadmdeviceid=${DEFAULT_IXIT.deviceId}`);
    const body = JSON.parse(pkg1!.split("\n")[1]!);
    expect(body.TNDS20.map((o: { MOID: string }) => o.MOID)).to.deep.equal([
      "oma:mo:oma-dm-devinfo:1.0",
      "oma:mo:oma-dm-devdetail:1.0",
    ]);
    expect(body.TNDS20[0]).to.deep.include({ Man: DEFAULT_IXIT.man, Mod: DEFAULT_IXIT.mod, DmV: "2.0" });
    expect(body.MO.map((m: { MOID: string }) => m.MOID)).to.deep.equal(DEFAULT_IXIT.supportedMOs);
    expect(body.MO[0]).to.not.have.property("Path");
  });

  it("executes every command and reports one status per command, in order, to the same URL", () => {
    const [, pkg2, pkg3] = find("dm POST /dm/rich");
    expect(pkg2).to.include(
      "content-type=application/dm20status accept=application/dm20, application/tnds20",
    );
    expect(pkg2!.split("\n").slice(1).join("\n")).to.equal(
      [
        "MsgID 5",
        "200",
        "200 oma:mo:oma-connmo:1.0/MMS",
        "200",
        "200",
        "200",
        "200",
        "200",
        "200",
        "200",
        "404",
        "406",
        "200",
      ].join("\r\n"),
    );
    expect(pkg3).to.equal(undefined);
  });

  it("substitutes URL parameters (TBD without a cellular connection) and performs the GETs", () => {
    const [get] = find("files GET /files/mms3.tnds20");
    expect(get).to.include(`?imei=${DEFAULT_IXIT.imei}&mcc=${DEFAULT_IXIT.mcc}&cmcc=TBD `);
    expect(find("files GET /files/connmo-mms.tnds20")).to.have.length(1);
  });

  it("PUTs one TNDS20 object: the replaced node, a Levels cut, every level without Levels", () => {
    const [put] = find("files PUT /up/put");
    const doc = JSON.parse(put!.split("\n")[1]!);
    expect(doc.TNDS20[0]).to.deep.equal({
      MOID: "oma:mo:oma-mms:1.3",
      Path: "/3",
      MmscUrl: "http://mmsc.new.example/",
    });
    expect(doc.TNDS20[1].Conn).to.deep.equal({ ConRef: "Internet" });
    expect(doc.TNDS20[2]).to.deep.equal({
      MOID: "oma:mo:oma-connmo:1.0",
      Path: "/Internet",
      Name: "Internet",
      NAP: { Apn: "internet", Auth: { Type: "PAP" } },
    });
  });

  it("POSTs * and *?Levels=1 and shows DELETE removed /1", () => {
    const instances = JSON.parse(find("files POST /up/star-instances")[0]!.split("\n")[1]!);
    expect(instances.MO.find((m: { MOID: string }) => m.MOID === "oma:mo:oma-mms:1.3").Path).to.deep.equal([
      "/1",
      "/3",
    ]);
    const star = JSON.parse(find("files POST /up/star ")[0]!.split("\n")[1]!);
    expect(star.MO).to.have.length(5);
    expect(star.MO[0]).to.not.have.property("Path");
    const after = JSON.parse(find("files POST /up/after-delete")[0]!.split("\n")[1]!);
    expect(after.MO.find((m: { MOID: string }) => m.MOID === "oma:mo:oma-mms:1.3").Path).to.deep.equal([
      "/3",
    ]);
  });

  it("sends EXEC's Generic Alert to ServerURI", () => {
    const [alert] = find("files POST /alert");
    expect(JSON.parse(alert!.split("\n")[1]!).GenericAlert[0]).to.deep.include({
      Source: "oma:mo:oma-test-exec:1.0/Run",
      Data: "run 1",
    });
  });

  it("runs SHOW's browser to the Close URL before reporting", () => {
    const order = trace.filter((t) => t.startsWith("dm ")).map((t) => t.split(" ").slice(1, 3).join(" "));
    const done = order.indexOf("GET /show/done");
    expect(order.indexOf(`GET /show/start?Close=${s.dm.url("/show/done")}`)).to.be.greaterThan(0);
    expect(done).to.be.greaterThan(0);
    expect(done).to.be.lessThan(order.lastIndexOf("POST /dm/rich"));
  });

  it("opens the DEFAULT session with ?InitiatedBy=User, and later sessions see the stored state", () => {
    expect(find("dm POST /cfg?InitiatedBy=User")).to.have.length(1);
    const instances = JSON.parse(find("dm POST /dm/instances")[0]!.split("\n")[1]!);
    const connmo = instances.MO.find((m: { MOID: string }) => m.MOID === "oma:mo:oma-connmo:1.0");
    // The END response's DELETE removed /MMS again: only /Internet is left.
    expect(connmo.Path).to.deep.equal(["/Internet"]);
    const bare = JSON.parse(find("dm POST /dm/bare")[0]!.split("\n")[1]!);
    expect(Object.keys(bare)).to.deep.equal(["TNDS20"]);
  });

  it("refuses expired, wrong-host, untrusted and self-signed certificates and plaintext URLs: no request", () => {
    for (const name of ["expired", "wrong-host", "untrusted", "self-signed"])
      expect(find(`${name} `)).to.deep.equal([]);
    expect(find("files POST /dm/plain")).to.deep.equal([]);
  });

  it("names why it refused: the certificate error, or a plaintext URL before any request", async () => {
    const device = createReferenceDevice({ timeoutMs: 3000 });
    for (const bad of [s.expired, s.wrongHost, s.untrusted, s.selfSigned]) {
      bad.reset();
      await device.runStimulus(notify(bad.url("/dm"), s.caFile));
    }
    await device.runStimulus(notify(s.files.url("/dm/plain"), s.caFile));
    expect(
      device.results.map((r) => `${r.outcome} ${r.packages} ${(r.detail ?? "").split(":")[0]}`),
    ).to.deep.equal([
      "transport-error 1 CERT_HAS_EXPIRED",
      "transport-error 1 ERR_TLS_CERT_ALTNAME_INVALID",
      "transport-error 1 UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      "transport-error 1 DEPTH_ZERO_SELF_SIGNED_CERT",
      "refused-plaintext 0 http",
    ]);
    for (const bad of [s.expired, s.wrongHost, s.untrusted, s.selfSigned]) expect(bad.seen).to.deep.equal([]);
  });

  it("runs sessions in the background: wake() resolves while the server holds Pkg#1, close() aborts", async () => {
    s.dm.reset();
    let release: () => void = () => {};
    s.dm.route("POST", "/held", () => new Promise((r) => (release = () => r({ body: "MsgID 0\r\nEND" }))));
    const device = createReferenceDevice({ timeoutMs: 5000 });
    await device.adapter.wake(notify(s.dm.url("/held"), s.caFile));
    await s.dm.waitFor((r) => r.target === "/held");
    expect(device.results).to.have.length(0);
    await device.adapter.close();
    expect(device.results.map((r) => r.outcome)).to.deep.equal(["aborted"]);
    release();
  });

  it("runs several sessions at once over one tree", async () => {
    s.dm.reset();
    const releases: Array<() => void> = [];
    s.dm.route("POST", "/a", () => new Promise((r) => releases.push(() => r({ body: "MsgID 0\r\nEND" }))));
    s.dm.route("POST", "/b", () => new Promise((r) => releases.push(() => r({ body: "MsgID 0\r\nEND" }))));
    const device = createReferenceDevice({ timeoutMs: 5000 });
    await device.adapter.wake(notify(s.dm.url("/a"), s.caFile));
    await device.adapter.wake(notify(s.dm.url("/b"), s.caFile));
    await s.dm.waitFor((r) => r.target === "/a");
    await s.dm.waitFor((r) => r.target === "/b");
    for (const r of releases) r();
    await device.idle();
    expect(device.results.map((r) => r.outcome)).to.deep.equal(["ended", "ended"]);
    await device.adapter.close();
  });
});

describe("reference device: fault switches", function () {
  this.timeout(30_000);
  let s: Servers;
  let baseline: string[];
  before(async () => {
    s = await startServers();
    baseline = await runScenario(s, {});
  });
  after(() => stopServers(s));

  it("has at least one fault for 30 distinct DMC clauses, names unique", () => {
    const names = REFERENCE_DEVICE_FAULTS.map((f) => f.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(REFERENCE_DEVICE_FAULTS.every((f) => /^DMC-5\.[0-9.]+-[0-9]{2}$/.test(f.clause))).to.equal(true);
    expect(new Set(REFERENCE_DEVICE_FAULTS.map((f) => f.clause)).size).to.be.at.least(30);
  });

  it("is deterministic without faults (so a difference is the fault's doing)", async () => {
    expect(await runScenario(s, {})).to.deep.equal(baseline);
  });

  it("refuses an unknown fault name", () => {
    expect(() => createReferenceDevice({ faults: ["no-such-fault"] })).to.throw(
      /unknown reference device fault/,
    );
  });

  for (const fault of REFERENCE_DEVICE_FAULTS) {
    it(`${fault.name} (${fault.clause}) changes what the device does`, async () => {
      const trace = await runScenario(s, { faults: [fault.name] });
      expect(trace).to.not.deep.equal(baseline);
    });
  }
});
