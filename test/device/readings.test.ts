/**
 * The engine's reading seams (harness/device/readings.ts): each lawful alternative the draft
 * allows, taken one at a time against the scripted network. The defaults are the session tests'.
 */
import { expect } from "chai";
import {
  DEFAULT_READINGS,
  type DeviceReadings,
  DmDevice,
  NO_PKG1_FLAGS,
  type Pkg1Flags,
} from "../../harness/device/index.ts";
import { parseStatusFile } from "../../harness/protocol/status-file.ts";
import { parseTnds20 } from "../../harness/protocol/tnds20.ts";
import {
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
const GET_DOC = '{"TNDS20":[{"MOID":"oma:mo:oma-mms:1.3","Path":"/h7","Name":"new"}]}';

function setup(readings: Partial<DeviceReadings>, files: string[], flags: Pkg1Flags = NO_PKG1_FLAGS) {
  const http = new ScriptedHttp(files, (r) =>
    r.method === "GET" ? reply(200, GET_DOC, ["Content-Type", "application/tnds20"]) : reply(204),
  );
  const device = new DmDevice({
    tree: sampleTree(),
    http,
    profile: profile(),
    readings: { ...DEFAULT_READINGS, ...readings },
    executables: new Map([[`${TESTEXEC}/Run`, countingExec]]),
  });
  return { http, device, run: () => device.onNotification({ serverUrl: SERVER, flags }) };
}

const statusOf = (http: ScriptedHttp, n = 1) => parseStatusFile(http.packages()[n]!.body!);
const codes = (http: ScriptedHttp, n = 1) => statusOf(http, n).statuses.map((s) => s.code);

describe("device engine: reading seams", () => {
  it("writes Accept, Content-Type parameters and header names as the readings say; side requests without X-OMADMDeviceID", async () => {
    const { http, run } = setup(
      {
        accept: "application/dm20;application/tnds;application/tnds20",
        contentTypeParameters: "; charset=utf-8",
        headerNames: "lower-case",
        deviceIdOnSideRequests: false,
      },
      [`MsgID 0\r\nPUT https://s.example/u ${DEVINFO}`, "MsgID 1\r\nEND"],
    );
    await run();
    const [pkg1, pkg2] = http.packages();
    expect(pkg1!.headers.map(([n]) => n)).to.deep.equal([
      "content-type",
      "accept",
      "x-omadmdeviceid",
      "user-agent",
    ]);
    expect(http.header(pkg1!, "accept")).to.equal("application/dm20;application/tnds;application/tnds20");
    expect(http.header(pkg1!, "content-type")).to.equal("application/tnds20; charset=utf-8");
    expect(http.header(pkg2!, "content-type")).to.equal("application/dm20status; charset=utf-8");
    const upload = http.requests.find((r) => r.label === "put")!;
    expect(http.header(upload, "content-type")).to.equal("application/tnds20; charset=utf-8");
    expect(http.header(upload, "x-omadmdeviceid")).to.equal(undefined);
  });

  it("writes the MO list in C.1's repeated-key form, indented, with the same entries", async () => {
    const all = { sendDevDetail: true, sendSupportedMo: true, sendAllMoInstances: true };
    const { http, run } = setup({ moList: "repeated-keys", json: "indented" }, ["MsgID 0\r\nEND"], all);
    await run();
    const text = http.bodyOf(http.packages()[0]!);
    expect(text).to.include("\r\n");
    const doc = parseTnds20(http.packages()[0]!.body!);
    expect(doc.ok).to.equal(true);
    expect(doc.moListStyle).to.equal("repeated-keys");
    expect(doc.moList!.find((e) => e.moid === MMS)!.paths).to.deep.equal(["/1", "/3"]);
    expect(doc.objects.map((o) => o.MOID)).to.include(DEVINFO);
  });

  it("writes status files with a final CRLF, C.3's trailing space, leading zeros and a double space", async () => {
    const { http, run } = setup(
      { statusFile: { finalLineBreak: true, trailingSpace: true, leadingZero: true, doubleSpace: true } },
      [`MsgID 3\r\nGET https://s.example/d\r\nDELETE ${MMS}/9`, "MsgID 4\r\nEND"],
    );
    await run();
    expect(http.bodyOf(http.packages()[1]!)).to.equal(`MsgID 3\r\n0200  ${MMS}/h7\r\n0404 \r\n`);
  });

  it("runs a lower-case keyword, and refuses a wrong parameter count with 400", async () => {
    const { http, run } = setup({ keywords: "any-case", wrongArity: "bad-request" }, [
      `MsgID 0\r\nput https://s.example/u ${DEVINFO}\r\nDELETE a b\r\nFOO`,
      "MsgID 1\r\nEND",
    ]);
    await run();
    expect(codes(http)).to.deep.equal([200, 400, 406]);
    expect(http.requests.some((r) => r.method === "PUT" && r.url === "https://s.example/u")).to.equal(true);
  });

  it("refuses http:// ServerURIs with 400 and sends nothing", async () => {
    const { http, run } = setup({ plainServerUris: "refuse" }, [
      `MsgID 0\r\nGET http://s.example/d\r\nPUT http://s.example/u ${DEVINFO}`,
      "MsgID 1\r\nEND",
    ]);
    await run();
    expect(codes(http)).to.deep.equal([400, 400]);
    expect(http.requests.filter((r) => !r.label.startsWith("pkg"))).to.have.length(0);
  });

  it("GET without ClientURI: the lowest free instance, its location as a path, status 201", async () => {
    const { http, device, run } = setup(
      { newInstance: { path: "lowest-free", location: "path", status: 201 } },
      ["MsgID 0\r\nGET https://s.example/d", "MsgID 1\r\nEND"],
    );
    await run();
    expect(statusOf(http).statuses[0]).to.deep.include({ code: 201, params: ["/2"] });
    expect(device.tree.valueAt(MMS, "/2/Name")).to.equal("new");
  });

  it("cuts Levels with every child a sublevel and interior nodes at the cut empty", async () => {
    const { http, run } = setup({ levels: { sublevels: "every-child-is-a-sublevel", cut: "empty" } }, [
      `MsgID 0\r\nPUT https://s.example/a ${MMS}/1?Levels=0\r\nPUT https://s.example/b ${MMS}/1?Levels=1`,
      "MsgID 1\r\nEND",
    ]);
    await run();
    const [a, b] = http.requests.filter((r) => r.label === "put").map((r) => http.json(r));
    expect(a).to.deep.equal({ TNDS20: [{ MOID: MMS, Path: "/1" }] });
    expect(b).to.deep.equal({ TNDS20: [{ MOID: MMS, Path: "/1", Name: "one", Conn: {} }] });
  });

  it("sends a PUT without a node that is not there (status 404); a missing DELETE gets the readings' code", async () => {
    const { http, run } = setup({ missingNode: "send-without-it", deleteMissingStatus: 500 }, [
      `MsgID 0\r\nPUT https://s.example/u ${DEVINFO} ${MMS}/9\r\nDELETE ${MMS}/9`,
      "MsgID 1\r\nEND",
    ]);
    await run();
    expect(codes(http)).to.deep.equal([404, 500]);
    const upload = http.json(http.requests.find((r) => r.label === "put")!) as {
      TNDS20: Array<{ MOID: string }>;
    };
    expect(upload.TNDS20.map((o) => o.MOID)).to.deep.equal([DEVINFO]);
  });

  it("*?Levels=1 with the instances as TNDS20 objects beside an MO list without Paths", async () => {
    const { http, run } = setup({ starInstances: "objects" }, [
      "MsgID 0\r\nPOST https://s.example/u *?Levels=1",
      "MsgID 1\r\nEND",
    ]);
    await run();
    const doc = parseTnds20(http.requests.find((r) => r.label === "post")!.body!);
    expect(doc.moList!.every((e) => e.paths.length === 0)).to.equal(true);
    expect(doc.objects.filter((o) => o.MOID === MMS).map((o) => o.Path)).to.deep.equal(["/1", "/3"]);
  });

  it("sends EXEC's Generic Alert, DM 1.2 style, after the status package; with END, at once", async () => {
    const exec = `EXEC ${TESTEXEC}/Run https://s.example/alert`;
    const { http, run } = setup({ execAlert: "after-status", genericAlert: "dm12-alert" }, [
      `MsgID 0\r\n${exec}`,
      `MsgID 1\r\n${exec}\r\nEND`,
    ]);
    await run();
    const order = http.requests.map((r) => r.label);
    expect(order).to.deep.equal(["pkg1", "pkg2", "alert", "alert"]);
    const alert = http.requests.find((r) => r.label === "alert")!;
    expect(http.header(alert, "Content-Type")).to.equal("application/json");
    expect(http.json(alert)).to.have.nested.property("Alert[0].Code", "1226");
  });

  it("carries pending Generic Alerts in Pkg#1 under the readings' key", async () => {
    const { http, device } = setup({ genericAlert: "dm12-alert" }, ["MsgID 0\r\nEND"]);
    device.state.pendingAlerts.push({
      Source: "s",
      Type: "t",
      Format: "chr",
      Mark: "informational",
      Data: "d",
    });
    await device.onNotification({ serverUrl: SERVER, flags: NO_PKG1_FLAGS });
    const doc = http.json(http.packages()[0]!) as Record<string, unknown>;
    expect(Object.keys(doc)).to.deep.equal(["TNDS20", "Alert"]);
  });

  it("opens the DEFAULT session with the MOID before InitiatedBy; form-encodes URL parameters in the query", async () => {
    const { http, device } = setup(
      { defaultQuery: "moid-and-initiated-by", urlParams: "form-encoded-query" },
      [`MsgID 0\r\nDEFAULT ${MMS} https://dm.example/cfg/[MAN]?m=[MAN]`, "MsgID 1\r\nEND", "MsgID 0\r\nEND"],
    );
    await device.onNotification({ serverUrl: SERVER, flags: NO_PKG1_FLAGS });
    await device.requestConfiguration(MMS, "User");
    expect(http.packages()[2]!.url).to.equal(
      "https://dm.example/cfg/ACME%20Phones?m=ACME+Phones&MOID=oma%3Amo%3Aoma-mms%3A1.3&InitiatedBy=User",
    );
  });
});
