/**
 * IXIT bounds and its agreement with the wire check: a file is refused by its size in bytes before
 * it is parsed, every string has a length bound, and the IXIT accepts exactly the device
 * identifiers the X-OMADMDeviceID check (DMC-5.4-03) accepts.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { deviceIdFor } from "../../harness/client-role/index.ts";
import { DEFAULT_IXIT, IXIT_MAX_BYTES, IxitError, loadIxit, parseIxit } from "../../harness/model/ixit.ts";
import { parseDeviceId } from "../../harness/protocol/http-rules.ts";

const refusal = (input: unknown): string => {
  try {
    parseIxit(input);
    return "accepted";
  } catch (e) {
    expect(e).to.be.instanceOf(IxitError);
    return (e as Error).message;
  }
};

describe("IXIT bounds and the device-identifier rule", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dm20-ixit-"));
  });

  it("refuses a file larger than IXIT_MAX_BYTES by its bytes, before parsing (a 50 MB string, an endless device)", async () => {
    const big = join(dir, "big.json");
    await writeFile(big, `{"man":"${"a".repeat(50 * 1024 * 1024)}"}`);
    const err = await loadIxit(big).then(
      () => "accepted",
      (e: Error) => e.message,
    );
    expect(err).to.equal(`IXIT file ${big}: larger than ${IXIT_MAX_BYTES} bytes; an IXIT is a few hundred`);
    expect(await loadIxit("/dev/zero").catch((e: Error) => e.message)).to.match(/larger than/);
    // Counted in bytes, not characters: multi-byte text at the bound is still too large.
    const wide = join(dir, "wide.json");
    await writeFile(wide, `{"man":"${"é".repeat(IXIT_MAX_BYTES / 2)}"}`);
    expect(await loadIxit(wide).catch((e: Error) => e.message)).to.match(/larger than/);
  });

  it("bounds every string and list", () => {
    expect(refusal({ man: "m".repeat(257) })).to.match(/key "man" must NOT have more than 256 characters/);
    expect(refusal({ mod: "m".repeat(257) })).to.match(/key "mod"/);
    expect(refusal({ mcc: "1".repeat(17) })).to.match(/key "mcc"/);
    expect(refusal({ deviceId: `IMEI:${"1".repeat(300)}` })).to.match(/key "deviceId"/);
    expect(refusal({ writableNode: `x/${"n".repeat(1100)}` })).to.match(/key "writableNode"/);
    expect(refusal({ exec: { node: "n".repeat(1100), alertServer: false } })).to.match(/key "exec/);
    expect(refusal({ supportedMOs: ["m".repeat(1100)] })).to.match(/key "supportedMOs.0"/);
    expect(refusal({ supportedMOs: Array.from({ length: 300 }, (_, i) => `oma:mo:x-${i}:1.0`) })).to.match(
      /key "supportedMOs" must NOT have more than 256 items/,
    );
  });

  it("accepts the draft's own 14-digit IMEI example as deviceId and imei, as the header check does", () => {
    expect(parseDeviceId("IMEI:01234567890123").ok).to.equal(true);
    expect(parseIxit({ deviceId: "IMEI:01234567890123", imei: "01234567890123" })).to.include({
      deviceId: "IMEI:01234567890123",
      imei: "01234567890123",
    });
  });

  it("accepts and refuses deviceId and imei exactly as the X-OMADMDeviceID check does", () => {
    const ids = [
      "IMEI:004401074860001",
      "IMEI:01234567890123",
      "IMEI:004401074860002", // fails the Luhn check: accepted with a finding
      "imei:004401074860001",
      "MEID:A0000000001234",
      "ESN:12345678",
      "VENDOR-X:abc123",
      "IMEI:00440107486xxxxxx", // C.1's placeholder
      "IMEI:1",
      "IMEI:0044010748600011",
      "IMEI:00440107486000a",
      "NOCOLON",
      "IMEI:",
      ":123",
      "IM EI:123",
      "IMEI:1234 5678",
    ];
    for (const id of ids) {
      const wire = parseDeviceId(id).ok;
      expect(refusal({ deviceId: id }) === "accepted", `deviceId ${id}`).to.equal(wire);
      const digits = id.replace(/^IMEI:/i, "");
      if (/^IMEI:/i.test(id))
        expect(refusal({ imei: digits }) === "accepted", `imei ${digits}`).to.equal(
          parseDeviceId(`IMEI:${digits}`).ok,
        );
    }
    // The header check compares the trimmed header with the IXIT: a deviceId with spaces could never match.
    expect(refusal({ deviceId: " IMEI:004401074860001" })).to.match(/key "deviceId" .*whitespace/);
    expect(refusal({ deviceId: "IMEI:1" })).to.match(
      /key "deviceId" is not a device identifier X-OMADMDeviceID may carry \(IMEI "1" has 1 characters, not 15\)/,
    );
  });

  it("the harness as device derives valid IMEIs for parallel sessions from a 14-digit one too", () => {
    const ixit = { ...DEFAULT_IXIT, deviceId: "IMEI:01234567890123" };
    for (const n of [1, 2, 9]) {
      const id = deviceIdFor(ixit, n);
      expect(parseDeviceId(id).ok, id).to.equal(true);
      expect(id).to.not.equal(ixit.deviceId);
    }
  });
});
