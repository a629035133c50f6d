/** Pieces of the harness-as-device that the suite runs do not pin down on their own. */
import { expect } from "chai";
import { deviceIdFor, SimulatedDevice, TurnTaker } from "../../harness/client-role/index.ts";
import { resultOf } from "../../harness/client-role/session-http.ts";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import type { HttpExchange } from "../../harness/model/transcript.ts";

describe("harness as device: parts", () => {
  describe("TurnTaker", () => {
    it("hands out turns round-robin, and a session that leaves drops out of the round", async () => {
      const turns = new TurnTaker(["A", "B", "C"], 1000);
      const log: string[] = [];
      const session = async (id: string, packages: number) => {
        for (let i = 1; i <= packages; i++) {
          expect(await turns.take(id)).to.equal(true);
          log.push(`${id}${i}`);
          await new Promise((r) => setImmediate(r));
          turns.done(id);
        }
        turns.leave(id);
      };
      // Started in the "wrong" order on purpose: the order comes from the constructor.
      await Promise.all([session("C", 3), session("B", 1), session("A", 3)]);
      expect(log).to.deep.equal(["A1", "B1", "C1", "A2", "C2", "A3", "C3"]);
    });

    it("lets a session go out of turn after the wait bound when another stalls", async () => {
      const turns = new TurnTaker(["A", "B"], 50);
      expect(await turns.take("A")).to.equal(true); // A holds its turn and never gives it back
      const started = performance.now();
      expect(await turns.take("B")).to.equal(false);
      expect(performance.now() - started).to.be.within(40, 1000);
      expect(turns.skipped.get("B")).to.equal(1);
    });
  });

  it("derives distinct, valid device IDs from the IXIT", () => {
    const ids = [0, 1, 2, 3, 9, 10, 15].map((n) => deviceIdFor(DEFAULT_IXIT, n));
    expect(ids[0]).to.equal(DEFAULT_IXIT.deviceId);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids) expect(id).to.match(/^IMEI:[0-9]{15}$/);
    expect(deviceIdFor({ ...DEFAULT_IXIT, deviceId: "MEID:A0000000001234" }, 2)).to.equal(
      "MEID:A0000000001234-2",
    );
  });

  it("builds its device from the IXIT: DevInfo, every supported MO, the executable node", () => {
    const d = new SimulatedDevice({
      ixit: { ...DEFAULT_IXIT, supportedMOs: [...DEFAULT_IXIT.supportedMOs, "oma:mo:vendor-x:1.0"] },
      deviceId: "IMEI:350000000000001",
      maxPackages: 7,
    });
    expect(d.tree.valueAt("oma:mo:oma-dm-devinfo:1.0", "/DevId")).to.equal("IMEI:350000000000001");
    expect(d.tree.isSupported("oma:mo:vendor-x:1.0")).to.equal(true);
    expect(d.profile).to.include({ maxPackages: 7, show: true, unsupportedStatus: 406 });
    expect(d.defaultSessionUrl("oma:mo:oma-mms:1.3", "Device")).to.equal(undefined);
    d.state.defaults["oma:mo:oma-mms:1.3"] = "https://dm.example/dm20?mcc=[MCC]";
    expect(d.defaultSessionUrl("oma:mo:oma-mms:1.3", "User")).to.equal(
      "https://dm.example/dm20?mcc=262&InitiatedBy=User",
    );
  });

  it("never hands the engine a body the harness cut, nor one the server left unfinished", () => {
    const base = {
      seq: 0,
      startedAt: 0,
      request: {
        method: "POST",
        target: "/",
        url: "https://x/",
        rawHeaders: [],
        body: new Uint8Array(),
        bodyBytesSeen: 0,
        bodyTruncated: false,
      },
    };
    const response = {
      statusCode: 200,
      rawHeaders: [],
      body: new Uint8Array([1]),
      bodyBytesSeen: 1,
      bodyTruncated: false,
    };
    const cut: HttpExchange = {
      ...base,
      response: { ...response, bodyBytesSeen: 5_000_000, bodyTruncated: true },
      error: { code: "BODY_LIMIT", message: "over", at: 1 },
    };
    expect(resultOf(cut)).to.deep.equal({ error: { code: "BODY_LIMIT", message: "over" } });
    const stalled: HttpExchange = {
      ...base,
      response,
      error: { code: "RESPONSE_TIMEOUT", message: "slow", at: 1 },
    };
    expect(resultOf(stalled)).to.have.property("error");
    expect(resultOf({ ...base, response })).to.deep.equal({
      status: 200,
      rawHeaders: [],
      body: new Uint8Array([1]),
    });
  });
});
