import { expect } from "chai";
import {
  type DeviceBehaviour,
  type DeviceProfile,
  DM_ACCEPT,
  DmDevice,
  NO_PKG1_FLAGS,
  type SessionResult,
} from "../../harness/device/index.ts";
import {
  CONNMO,
  countingExec,
  DEVINFO,
  MMS,
  profile,
  reply,
  ScriptedHttp,
  sampleTree,
  TESTEXEC,
} from "./fixtures.ts";

const SERVER = "https://dm.example/dm";

function setup(
  files: string[],
  other?: ConstructorParameters<typeof ScriptedHttp>[1],
  opts: { profile?: Partial<DeviceProfile>; behaviour?: DeviceBehaviour } = {},
) {
  const http = new ScriptedHttp(files, other);
  const device = new DmDevice({
    tree: sampleTree(),
    http,
    profile: profile(opts.profile),
    executables: new Map([[`${TESTEXEC}/Run`, countingExec]]),
    ...(opts.behaviour ? { behaviour: opts.behaviour } : {}),
  });
  const run = (flags = NO_PKG1_FLAGS): Promise<SessionResult> =>
    device.onNotification({ serverUrl: SERVER, flags });
  return { http, device, run };
}

const statusLines = (http: ScriptedHttp, n: number) => http.bodyOf(http.packages()[n]!).split("\r\n");

describe("device engine: session loop", () => {
  it("sends Pkg#1 with the 5.4 headers and answers each response until END", async () => {
    const { http, run } = setup(["MsgID 4\r\nDELETE oma:mo:oma-mms:1.3/1", "MsgID 5\r\nEND"]);
    const result = await run();
    expect(result).to.deep.include({ outcome: "ended", packages: 2 });
    const [pkg1, pkg2] = http.packages();
    expect(pkg1!.method).to.equal("POST");
    expect(http.header(pkg1!, "Content-Type")).to.equal("application/tnds20");
    expect(http.header(pkg1!, "Accept")).to.equal(DM_ACCEPT);
    expect(http.header(pkg1!, "X-OMADMDeviceID")).to.equal("IMEI:004401074860001");
    expect(pkg2!.url).to.equal(SERVER);
    expect(http.header(pkg2!, "Content-Type")).to.equal("application/dm20status");
    expect(http.header(pkg2!, "Accept")).to.equal(DM_ACCEPT);
    expect(http.bodyOf(pkg2!)).to.equal("MsgID 4\r\n200");
  });

  it("refuses a plaintext session URL without sending anything", async () => {
    const { http, device } = setup(["MsgID 0\r\nEND"]);
    const result = await device.onNotification({ serverUrl: "http://dm.example/dm", flags: NO_PKG1_FLAGS });
    expect(result.outcome).to.equal("refused-plaintext");
    expect(http.requests).to.have.length(0);
  });

  it("stops on a transport error (a refused certificate) and on a response that is no command file", async () => {
    const refusing = new DmDevice({
      tree: sampleTree(),
      profile: profile(),
      http: {
        request: async () => ({ error: { code: "CERT_HAS_EXPIRED", message: "certificate has expired" } }),
      },
    });
    const r = await refusing.onNotification({ serverUrl: SERVER, flags: NO_PKG1_FLAGS });
    expect(r).to.deep.include({ outcome: "transport-error", packages: 1 });
    const { run } = setup(["hello"]);
    expect((await run()).outcome).to.equal("bad-response");
  });

  it("executes every command of an END response and sends nothing after it", async () => {
    const { http, device, run } = setup([
      "MsgID 0\r\nDELETE oma:mo:oma-mms:1.3/1\r\nEND\r\nDELETE oma:mo:oma-mms:1.3/3",
    ]);
    await run();
    expect(http.packages()).to.have.length(1);
    expect(device.tree.valueAt(MMS, "/1")).to.equal(undefined);
    expect(device.tree.valueAt(MMS, "/3")).to.equal(undefined);
  });

  it("gives up after maxPackages when END never comes", async () => {
    const files = Array.from({ length: 20 }, (_, i) => `MsgID ${i}`);
    const { run } = setup(files, undefined, { profile: { maxPackages: 3 } });
    expect(await run()).to.deep.include({ outcome: "package-bound", packages: 3 });
  });

  it("reports one status per command, in order, each command independent of a failing one", async () => {
    const { http, run } = setup([
      "MsgID 7\r\nDELETE oma:mo:oma-mms:1.3/9\r\nget http://x/y\r\nFOO bar\r\nGET\r\nDELETE oma:mo:oma-mms:1.3/1\r\nEND x",
      "MsgID 8\r\nEND",
    ]);
    await run();
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 7", "404", "406", "406", "406", "200", "406"]);
  });

  it("uses the profile's unsupported status", async () => {
    const { http, run } = setup(["MsgID 1\r\nFOO", "MsgID 2\r\nEND"], undefined, {
      profile: { unsupportedStatus: 501 },
    });
    await run();
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 1", "501"]);
  });
});

describe("device engine: commands", () => {
  const MMS_DOC = JSON.stringify({ TNDS20: [{ MOID: MMS, Path: "/3", Name: "fresh" }] });
  const CONN_DOC = JSON.stringify({ TNDS20: [{ MOID: CONNMO, Path: "/MMS", Apn: "mms" }] });

  it("GET with ClientURI replaces the node; without, stores a new instance and returns its location", async () => {
    const { http, device, run } = setup(
      [
        "MsgID 0\r\nGET http://files.example/MMS13.tnds20 oma:mo:oma-mms:1.3/3\r\nGET http://files.example/ConnMOMMS.tnds20",
        "MsgID 1\r\nEND",
      ],
      (r) => reply(200, r.url.endsWith("MMS13.tnds20") ? MMS_DOC : CONN_DOC),
    );
    await run();
    const gets = http.requests.filter((r) => r.label === "get");
    expect(gets.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      "GET http://files.example/MMS13.tnds20",
      "GET http://files.example/ConnMOMMS.tnds20",
    ]);
    expect(device.tree.valueAt(MMS, "/3")).to.deep.equal({ Name: "fresh" });
    expect(device.tree.valueAt(CONNMO, "/MMS")).to.deep.equal({ Apn: "mms" });
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 0", "200", "200 oma:mo:oma-connmo:1.0/MMS"]);
  });

  it("GET fails with 500 on an HTTP error or a body that is not TNDS20, 404 for an unknown MO", async () => {
    const { http, run } = setup(
      [
        "MsgID 0\r\nGET http://f/missing\r\nGET http://f/garbage\r\nGET http://f/ok oma:mo:nope:1.0/1",
        "MsgID 1\r\nEND",
      ],
      (r) =>
        r.url.endsWith("garbage")
          ? reply(200, "not json")
          : r.url.endsWith("ok")
            ? reply(200, MMS_DOC)
            : undefined,
    );
    await run();
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 0", "500", "500", "404"]);
  });

  it("PUT and POST send one TNDS20 object with every ClientURI, honouring Levels and *", async () => {
    const { http, run } = setup([
      "MsgID 0\r\nPUT http://up.example/a oma:mo:oma-mms:1.3/1 oma:mo:oma-mms:1.3/3?Levels=1\r\nPOST http://up.example/b *?Levels=1 oma:mo:oma-dm-devinfo:1.0/Man\r\nPOST http://up.example/c *",
      "MsgID 1\r\nEND",
    ]);
    await run();
    const [put, post, star] = http.requests.filter((r) => r.label === "put" || r.label === "post");
    expect(put!.method).to.equal("PUT");
    expect(http.header(put!, "Content-Type")).to.equal("application/tnds20");
    expect(http.json(put!)).to.deep.equal({
      TNDS20: [
        { MOID: MMS, Path: "/1", Name: "one", Conn: { Proxy: { Addr: "10.0.0.1", Port: "8080" } } },
        { MOID: MMS, Path: "/3", Name: "three", Conn: { Ref: "x" } },
      ],
    });
    expect(post!.method).to.equal("POST");
    const postDoc = http.json(post!) as { MO: Array<{ MOID: string; Path?: string[] }>; TNDS20: unknown[] };
    expect(postDoc.MO.map((m) => m.MOID)).to.include.members([DEVINFO, MMS, CONNMO, TESTEXEC]);
    expect(postDoc.MO.find((m) => m.MOID === MMS)?.Path).to.deep.equal(["/1", "/3"]);
    expect(postDoc.TNDS20).to.deep.equal([{ MOID: DEVINFO, Path: "/", Man: "ACME Phones" }]);
    const starDoc = http.json(star!) as { MO: Array<{ Path?: string[] }> };
    expect(starDoc.MO.every((m) => m.Path === undefined)).to.equal(true);
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 0", "200", "200", "200"]);
  });

  it("PUT of a missing node sends nothing and reports 404; an upload the server refuses is 500", async () => {
    const { http, run } = setup(
      [
        "MsgID 0\r\nPUT http://up/a oma:mo:oma-mms:1.3/9\r\nPOST http://up/refuse oma:mo:oma-mms:1.3/1",
        "MsgID 1\r\nEND",
      ],
      () => reply(403),
    );
    await run();
    expect(http.requests.filter((r) => r.label === "put")).to.have.length(0);
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 0", "404", "500"]);
  });

  it("EXEC performs the operation and POSTs the Generic Alert to ServerURI", async () => {
    const { http, device, run } = setup([
      "MsgID 0\r\nEXEC oma:mo:oma-test-exec:1.0/Run http://alerts.example/ga\r\nEXEC oma:mo:oma-mms:1.3/1\r\nEXEC oma:mo:oma-test-exec:1.0/Nope",
      "MsgID 1\r\nEND",
    ]);
    await run();
    expect(device.tree.valueAt(TESTEXEC, "/Count")).to.equal("1");
    const alert = http.requests.find((r) => r.label === "alert")!;
    expect(alert.url).to.equal("http://alerts.example/ga");
    expect(http.json(alert)).to.deep.equal({
      GenericAlert: [
        {
          Source: `${TESTEXEC}/Run`,
          Type: "urn:oma:at:test-exec:1.0",
          Format: "chr",
          Mark: "informational",
          Data: "run 1",
        },
      ],
    });
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 0", "200", "405", "404"]);
  });

  it("EXEC without ServerURI keeps the alert for the next Pkg#1", async () => {
    const { http, device, run } = setup([
      "MsgID 0\r\nEXEC oma:mo:oma-test-exec:1.0/Run",
      "MsgID 1\r\nEND",
      "MsgID 0\r\nEND",
    ]);
    await run();
    expect(device.state.pendingAlerts).to.have.length(1);
    await run();
    const second = http.packages()[2]!;
    expect((http.json(second) as { GenericAlert: unknown[] }).GenericAlert).to.have.length(1);
    expect(device.state.pendingAlerts).to.have.length(0);
  });

  it("SHOW loads the page, follows redirects and meta refresh, and reports once the Close URL loaded", async () => {
    const order: string[] = [];
    const { http, run } = setup(
      ["MsgID 0\r\nSHOW https://web.example/start?Close=https%3A%2F%2Fweb.example%2Fdone", "MsgID 1\r\nEND"],
      (r) => {
        order.push(r.url);
        if (r.url.startsWith("https://web.example/start")) return reply(302, "", ["Location", "/form"]);
        if (r.url === "https://web.example/form")
          return reply(200, `<html><meta http-equiv="refresh" content="0; url='/done'"></html>`);
        if (r.url === "https://web.example/done") return reply(200, "bye");
        return undefined;
      },
    );
    await run();
    expect(order).to.deep.equal([
      "https://web.example/start?Close=https%3A%2F%2Fweb.example%2Fdone",
      "https://web.example/form",
      "https://web.example/done",
    ]);
    const browserReqs = http.requests.filter((r) => r.label === "browser");
    expect(browserReqs.every((r) => http.header(r, "X-OMADMDeviceID") === undefined)).to.equal(true);
    const labels = http.requests.map((r) => r.label);
    expect(labels.lastIndexOf("browser")).to.be.lessThan(labels.indexOf("pkg2"));
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 0", "200"]);
  });

  it("SHOW with Continue reports once that URL loaded; a page going nowhere is 500; unsupported is 406", async () => {
    const { http, run } = setup(
      [
        "MsgID 0\r\nSHOW https://web.example/p?Continue=https://web.example/p2\r\nSHOW https://web.example/dead?Close=https://web.example/x\r\nSHOW https://web.example/none",
        "MsgID 1\r\nEND",
      ],
      (r) =>
        r.url.startsWith("https://web.example/p?") ? reply(303, "", ["location", "/p2"]) : reply(200, "page"),
    );
    await run();
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 0", "200", "500", "400"]);
    const unsupported = setup(
      ["MsgID 0\r\nSHOW https://w/p?Close=https://w/c", "MsgID 1\r\nEND"],
      undefined,
      {
        profile: { show: false },
      },
    );
    await unsupported.run();
    expect(statusLines(unsupported.http, 1)).to.deep.equal(["MsgID 0", "406"]);
    expect(unsupported.http.requests.filter((r) => r.label === "browser")).to.have.length(0);
  });

  it("DEFAULT remembers the URL; a later request for that MOID opens a session with ?InitiatedBy=", async () => {
    const { http, device, run } = setup([
      "MsgID 0\r\nDEFAULT oma:mo:oma-mms:1.3 https://cfg.example/mms?op=[MCC]",
      "MsgID 1\r\nEND",
      "MsgID 0\r\nEND",
    ]);
    await run();
    expect(await device.requestConfiguration(CONNMO, "User")).to.equal(undefined);
    const result = await device.requestConfiguration(MMS, "Device");
    expect(result?.outcome).to.equal("ended");
    expect(http.packages()[2]!.url).to.equal("https://cfg.example/mms?op=262&InitiatedBy=Device");
    expect(device.defaultSessionUrl(MMS, "User")).to.equal("https://cfg.example/mms?op=262&InitiatedBy=User");
  });

  it("replaces URL parameters, with TBD where there is no SIM or no cellular connection", async () => {
    const uri = "http://p.example/[MCC]/[MNC]/[CMCC]/[CMNC]/[MAN]/[MOD]/[IMEI]";
    const withSim = setup([`MsgID 0\r\nPUT ${uri} ${DEVINFO}`, "MsgID 1\r\nEND"]);
    await withSim.run();
    expect(withSim.http.requests.find((r) => r.label === "put")!.url).to.equal(
      "http://p.example/262/01/262/02/ACME%20Phones/X1/004401074860001",
    );
    const without = setup([`MsgID 0\r\nPUT ${uri} ${DEVINFO}`, "MsgID 1\r\nEND"], undefined, {
      profile: { mcc: null, mnc: null, cmcc: null, cmnc: null },
    });
    await without.run();
    expect(without.http.requests.find((r) => r.label === "put")!.url).to.equal(
      "http://p.example/TBD/TBD/TBD/TBD/ACME%20Phones/X1/004401074860001",
    );
  });
});

describe("device engine: behaviour seams", () => {
  it("bends the status package and the commands without touching the correct path", async () => {
    const behaviour: DeviceBehaviour = {
      statusPackage: (p) => ({ msgId: p.msgId + 1, statuses: [...p.statuses].reverse() }),
      statusText: (t) => t.replaceAll("\r\n", "\n"),
      wrapCommand: (name, run, runners) => (name === "PUT" ? runners.POST! : run),
    };
    const { http, run } = setup(
      ["MsgID 3\r\nDELETE oma:mo:oma-mms:1.3/9\r\nPUT http://u/a oma:mo:oma-mms:1.3/1", "MsgID 4\r\nEND"],
      undefined,
      {
        behaviour,
      },
    );
    await run();
    expect(http.requests.find((r) => r.label === "post")).to.not.equal(undefined);
    expect(http.bodyOf(http.packages()[1]!)).to.equal("MsgID 4\n200\n404");
  });

  it("keeps its state after each response's commands ran, before the status goes out (and after END's)", async () => {
    const http = new ScriptedHttp([
      "MsgID 0\r\nDELETE oma:mo:oma-mms:1.3/1",
      "MsgID 1\r\nDELETE oma:mo:oma-mms:1.3/3\r\nEND",
    ]);
    const saves: Array<{ packagesSent: number; mms1: boolean; mms3: boolean }> = [];
    const device: DmDevice = new DmDevice({
      tree: sampleTree(),
      http,
      profile: profile(),
      persist: async () => {
        saves.push({
          packagesSent: http.packages().length,
          mms1: device.tree.valueAt(MMS, "/1") !== undefined,
          mms3: device.tree.valueAt(MMS, "/3") !== undefined,
        });
      },
    });
    await device.onNotification({ serverUrl: SERVER, flags: NO_PKG1_FLAGS });
    expect(saves).to.deep.equal([
      { packagesSent: 1, mms1: false, mms3: true },
      { packagesSent: 2, mms1: false, mms3: false },
    ]);
  });

  it("stopAfterFailure reports the rest as not executed", async () => {
    const { http, device, run } = setup(
      ["MsgID 0\r\nDELETE oma:mo:oma-mms:1.3/9\r\nDELETE oma:mo:oma-mms:1.3/1", "MsgID 1\r\nEND"],
      undefined,
      { behaviour: { stopAfterFailure: true } },
    );
    await run();
    expect(statusLines(http, 1)).to.deep.equal(["MsgID 0", "404", "215"]);
    expect(device.tree.valueAt(MMS, "/1")).to.not.equal(undefined);
  });

  it("statusAfterEnd and skipEndCommands change what happens after END", async () => {
    const { http, device, run } = setup(
      ["MsgID 0\r\nDELETE oma:mo:oma-mms:1.3/1\r\nEND", "MsgID 1\r\nEND"],
      undefined,
      {
        behaviour: { statusAfterEnd: true, skipEndCommands: true },
      },
    );
    await run();
    expect(http.packages()).to.have.length(2);
    expect(device.tree.valueAt(MMS, "/1")).to.not.equal(undefined);
  });
});
