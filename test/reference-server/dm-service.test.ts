import { expect } from "chai";
import { commandForm } from "../../harness/checks/server/index.ts";
import { parseCommandFile } from "../../harness/protocol/command-file.ts";
import { DmService } from "../../harness/reference/server/dm-service.ts";
import {
  behaviourForFaults,
  REFERENCE_SERVER_FAULTS,
  REFERENCE_SERVER_VARIATIONS,
} from "../../harness/reference/server/faults.ts";
import { loadScenario, type Scenario } from "../../harness/reference/server/scenario.ts";
import { ServerLog } from "../../harness/reference/server/server-log.ts";

const BASE = "https://127.0.0.1:4443";
const DEVICE = "IMEI:004401074860001";
const enc = new TextEncoder();
const dec = new TextDecoder();
const PKG1 = enc.encode(
  JSON.stringify({
    TNDS20: [
      {
        MOID: "oma:mo:oma-dm-devinfo:1.0",
        Path: "/",
        DevId: DEVICE,
        Man: "M",
        Mod: "X",
        DmV: "2.0",
        Lang: "en",
      },
    ],
  }),
);

function service(scenario: Scenario, faults: string[] = []) {
  const log = new ServerLog();
  return { dm: new DmService(scenario, behaviourForFaults(faults), () => BASE, log), log };
}

function statusFor(body: Uint8Array): Uint8Array {
  const file = parseCommandFile(body);
  return enc.encode([`MsgID ${file.msgId}`, ...file.commands.map(() => "200")].join("\r\n"));
}

/** Runs a whole session the way a correct device does; returns the response bodies as text. */
function walk(dm: DmService, deviceId = DEVICE, max = 20): string[] {
  const bodies: string[] = [];
  let reply = dm.handle({ contentType: "application/tnds20", deviceId, body: PKG1, target: "/dm20" });
  for (let i = 0; i < max; i++) {
    expect(reply.status, dec.decode(reply.body)).to.equal(200);
    const text = dec.decode(reply.body);
    bodies.push(text);
    if (parseCommandFile(reply.body).commands.some((c) => c.name === "END")) break;
    reply = dm.handle({
      contentType: "application/dm20status",
      deviceId,
      body: statusFor(reply.body),
      target: "/dm20",
    });
  }
  return bodies;
}

describe("reference server: the DM service", () => {
  let scenario: Scenario;
  before(async () => {
    scenario = await loadScenario();
  });

  it("answers Pkg#1 with MsgID 0 and the first command file, each status with the next, then END alone", () => {
    const { dm } = service(scenario);
    const bodies = walk(dm);
    expect(bodies).to.have.length(5);
    expect(bodies.map((b) => b.split("\r\n")[0])).to.deep.equal([
      "MsgID 0",
      "MsgID 1",
      "MsgID 2",
      "MsgID 3",
      "MsgID 4",
    ]);
    expect(bodies[4]).to.equal("MsgID 4\r\nEND");
    expect(bodies[0]).to.contain(`POST ${BASE}/uploads/inventory.tnds20 *?Levels=1`);
    expect(dm.openSessions()).to.deep.equal([]);
  });

  it("sends every command of 5.8 in every form in the default scenario, each line valid for the codec", () => {
    const { dm } = service(scenario);
    const bodies = walk(dm);
    const names = new Set<string>();
    for (const b of bodies) {
      const file = parseCommandFile(enc.encode(b));
      expect(file.findings, b).to.deep.equal([]);
      for (const c of file.commands) names.add(c.name ?? c.keyword);
    }
    expect([...names].sort()).to.deep.equal([
      "DEFAULT",
      "DELETE",
      "END",
      "EXEC",
      "GET",
      "POST",
      "PUT",
      "SHOW",
    ]);
    const gets = bodies.join("\n").match(/^GET .*$/gm)!;
    expect(
      gets.some((g) => g.split(" ").length === 3) && gets.some((g) => g.split(" ").length === 2),
    ).to.equal(true);
    expect(bodies.join("\n")).to.match(/SHOW \S+\?Close=\S+/);
    expect(bodies.join("\n")).to.match(/SHOW \S+\?Continue=\S+/);
    const forms = new Set(
      bodies.flatMap((b) => parseCommandFile(enc.encode(b)).commands.map((c) => commandForm(c))),
    );
    expect([...forms].sort()).to.deep.equal([
      "DEFAULT MOID ServerURL",
      "DELETE ClientURI",
      "END",
      "EXEC ClientURI",
      "EXEC ClientURI ServerURI",
      "GET ServerURI",
      "GET ServerURI ClientURI",
      "POST ServerURI ClientURI (MOID)",
      "POST ServerURI ClientURI (MOID, ?Levels=n)",
      "POST ServerURI ClientURI1..N (*, MOID, ?Levels=n)",
      "PUT ServerURI ClientURI (*)",
      "PUT ServerURI ClientURI (MOID, ?Levels=n)",
      "SHOW ServerURI?Close=",
      "SHOW ServerURI?Continue=",
    ]);
  });

  it("keeps one MsgID counter per session: interleaved devices each count from 0", () => {
    const { dm } = service(scenario);
    const a = dm.handle({
      contentType: "application/tnds20",
      deviceId: "IMEI:1",
      body: PKG1,
      target: "/dm20",
    });
    const b = dm.handle({
      contentType: "application/tnds20",
      deviceId: "IMEI:2",
      body: PKG1,
      target: "/dm20",
    });
    const a2 = dm.handle({
      contentType: "application/dm20status",
      deviceId: "IMEI:1",
      body: statusFor(a.body),
      target: "/dm20",
    });
    const b2 = dm.handle({
      contentType: "application/dm20status",
      deviceId: "IMEI:2",
      body: statusFor(b.body),
      target: "/dm20",
    });
    expect([a, b, a2, b2].map((r) => parseCommandFile(r.body).msgId)).to.deep.equal([0, 0, 1, 1]);
  });

  it("refuses what cannot belong to the session, leaving the session as it was", () => {
    const { dm } = service(scenario);
    const first = dm.handle({
      contentType: "application/tnds20",
      deviceId: DEVICE,
      body: PKG1,
      target: "/dm20",
    });
    const cases: Array<[string | undefined, string | undefined, string, number]> = [
      ["application/dm20status", DEVICE, "MsgID 9\r\n200\r\n200", 400],
      ["application/dm20status", DEVICE, "MsgID 0", 400],
      ["application/dm20status", DEVICE, "", 400],
      ["application/x-unknown", DEVICE, "MsgID 0\r\n200\r\n200", 415],
      ["application/dm20status", undefined, "MsgID 0\r\n200\r\n200", 400],
      ["application/dm20status", "IMEI:999", "MsgID 0\r\n200\r\n200", 400],
      ["application/tnds20", "IMEI:998", "not json", 400],
      ["application/tnds20", "IMEI:998", '{"TNDS20":[]}', 400],
    ];
    for (const [contentType, deviceId, body, status] of cases) {
      const r = dm.handle({ contentType, deviceId, body: enc.encode(body), target: "/dm20" });
      expect(r.status, `${contentType} ${deviceId} ${JSON.stringify(body)}`).to.equal(status);
      expect(r.contentType).to.match(/^text\/plain/);
    }
    const next = dm.handle({
      contentType: "application/dm20status",
      deviceId: DEVICE,
      body: statusFor(first.body),
      target: "/dm20",
    });
    expect(parseCommandFile(next.body).msgId).to.equal(1);
  });

  it("starts a session over on a second Pkg#1", () => {
    const { dm, log } = service(scenario);
    dm.handle({ contentType: "application/tnds20", deviceId: DEVICE, body: PKG1, target: "/dm20" });
    const again = dm.handle({
      contentType: "application/tnds20",
      deviceId: DEVICE,
      body: PKG1,
      target: "/dm20",
    });
    expect(dec.decode(again.body)).to.match(/^MsgID 0\r\n/);
    expect(log.events().some((e) => e.detail.includes("restarted"))).to.equal(true);
  });

  it("serves a device's own folder before the default", () => {
    const custom: Scenario = {
      ...scenario,
      devices: new Map([
        ...scenario.devices,
        ["IMEI_42", [{ file: "01.dm20", commands: [{ name: "DELETE", params: ["oma:mo:x:1.0/1"] }] }]],
      ]),
    };
    const { dm } = service(custom);
    expect(walk(dm, "IMEI:42")).to.deep.equal(["MsgID 0\r\nDELETE oma:mo:x:1.0/1", "MsgID 1\r\nEND"]);
  });

  describe("fault switches change exactly what they say", () => {
    const answers = (faults: string[]) => walk(service(scenario, faults).dm, DEVICE, 12);

    it("lists at least one fault per testable DMS clause, ten clauses in all", () => {
      const clauses = new Set(REFERENCE_SERVER_FAULTS.map((f) => f.clause));
      expect([...clauses].sort()).to.deep.equal([
        "DMS-5.3-01",
        "DMS-5.3-02",
        "DMS-5.5-01",
        "DMS-5.5-02",
        "DMS-5.5-03",
        "DMS-5.5-04",
        "DMS-5.6-01",
        "DMS-5.7-01",
        "DMS-5.7-02",
        "DMS-5.8-01",
      ]);
      expect(() => behaviourForFaults(["no-such-fault"])).to.throw(/unknown reference-server fault/);
    });

    it("msgid-stuck, msgid-step-two", () => {
      expect(answers(["msgid-stuck"]).map((b) => b.split("\r\n")[0])).to.deep.equal(Array(5).fill("MsgID 0"));
      expect(answers(["msgid-step-two"]).map((b) => b.split("\r\n")[0])).to.deep.equal([
        "MsgID 0",
        "MsgID 2",
        "MsgID 4",
        "MsgID 6",
        "MsgID 8",
      ]);
    });

    it("msgid-server-wide counts across sessions", () => {
      const { dm } = service(scenario, ["msgid-server-wide"]);
      dm.handle({ contentType: "application/tnds20", deviceId: "IMEI:1", body: PKG1, target: "/dm20" });
      const b = dm.handle({
        contentType: "application/tnds20",
        deviceId: "IMEI:2",
        body: PKG1,
        target: "/dm20",
      });
      expect(parseCommandFile(b.body).msgId).to.equal(1);
    });

    it("lf-line-breaks, msgid-line-missing, content-type-text-plain", () => {
      expect(answers(["lf-line-breaks"])[0]).to.match(/^MsgID 0\nPOST /);
      const first = (faults: string[]) =>
        service(scenario, faults).dm.handle({
          contentType: "application/tnds20",
          deviceId: DEVICE,
          body: PKG1,
          target: "/",
        });
      expect(dec.decode(first(["msgid-line-missing"]).body)).to.match(/^POST /);
      expect(first(["content-type-text-plain"]).contentType).to.equal("text/plain");
      expect(first([]).contentType).to.equal("application/dm20");
    });

    it("get-without-params, server-uri-relative, show-without-close", () => {
      expect(answers(["get-without-params"])[0]).to.match(/\r\nGET$/);
      expect(answers(["server-uri-relative"]).join("\n")).to.contain(
        "GET /documents/mms13.tnds20?mcc=[MCC]&imei=[IMEI] oma:mo:oma-mms:1.3/3",
      );
      expect(answers(["show-without-close"]).join("\n")).to.match(/SHOW \S+\/pages\/welcome\.html\r\n/);
    });

    it("status-package-415, never-end, end-beside-location-get", () => {
      const { dm } = service(scenario, ["status-package-415"]);
      const first = dm.handle({
        contentType: "application/tnds20",
        deviceId: DEVICE,
        body: PKG1,
        target: "/",
      });
      expect(
        dm.handle({
          contentType: "application/dm20status",
          deviceId: DEVICE,
          body: statusFor(first.body),
          target: "/",
        }).status,
      ).to.equal(415);
      const endless = answers(["never-end"]);
      expect(endless).to.have.length(12);
      expect(endless.some((b) => b.includes("END"))).to.equal(false);
      expect(answers(["end-beside-location-get"]).at(-1)).to.match(/^MsgID 4\r\nGET \S+\r\nEND$/);
    });

    it("default-http-url, notification-trailing-bytes", () => {
      expect(answers(["default-http-url"]).join("\n")).to.contain(
        "DEFAULT oma:mo:oma-mms:1.3 http://127.0.0.1:4443/dm20",
      );
      expect(behaviourForFaults(["notification-trailing-bytes"]).notificationTrailingBytes).to.have.length(2);
    });
  });

  describe("lawful variations change exactly what they say, and never name a fault", () => {
    const answers = (names: string[]) => walk(service(scenario, names).dm, DEVICE, 12);
    it("are distinct from the fault switches", () => {
      const faults = new Set(REFERENCE_SERVER_FAULTS.map((f) => f.name));
      expect(REFERENCE_SERVER_VARIATIONS.filter((v) => faults.has(v.name))).to.deep.equal([]);
    });
    it("end-with-commands, msgid-from-seven, final-line-break, show-relative-close, content-type-charset", () => {
      expect(answers(["end-with-commands"]).at(-1)).to.match(
        /^MsgID 4\r\nPOST \S+\/uploads\/final\.tnds20 oma:mo:oma-dm-devinfo:1\.0\r\nEND$/,
      );
      expect(answers(["msgid-from-seven"]).map((b) => b.split("\r\n")[0])).to.deep.equal([
        "MsgID 7",
        "MsgID 8",
        "MsgID 9",
        "MsgID 10",
        "MsgID 11",
      ]);
      expect(answers(["final-line-break"]).every((b) => b.endsWith("\r\n"))).to.equal(true);
      expect(answers(["show-relative-close"]).join("\n")).to.contain("?Close=/pages/done.html");
      const first = service(scenario, ["content-type-charset"]).dm.handle({
        contentType: "application/tnds20",
        deviceId: DEVICE,
        body: PKG1,
        target: "/",
      });
      expect(first.contentType).to.equal("application/dm20; charset=utf-8");
    });
  });
});
