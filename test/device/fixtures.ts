/** A small tree and a scripted DeviceHttp for the engine's tests: no sockets. */
import {
  type DeviceHttpRequest,
  type DeviceHttpResult,
  type DeviceProfile,
  DmTree,
  type ExecHandler,
} from "../../harness/device/index.ts";

export const DEVINFO = "oma:mo:oma-dm-devinfo:1.0";
export const DEVDETAIL = "oma:mo:oma-dm-devdetail:1.0";
export const MMS = "oma:mo:oma-mms:1.3";
export const CONNMO = "oma:mo:oma-connmo:1.0";
export const TESTEXEC = "oma:mo:oma-test-exec:1.0";

export function sampleTree(): DmTree {
  const t = new DmTree();
  t.addMo(DEVINFO, "http://ddf.example/devinfo10.ddf");
  t.setInstance(DEVINFO, "/", {
    DevId: "004401074860001",
    Man: "ACME Phones",
    Mod: "X1",
    DmV: "2.0",
    Lang: "en",
  });
  t.addMo(DEVDETAIL, "http://ddf.example/devdetail10.ddf");
  t.setInstance(DEVDETAIL, "/", { DevType: "Phone", FwV: "1.0", URI: { MaxDepth: "20" } });
  t.addMo(MMS, "http://ddf.example/mms13.ddf");
  t.setInstance(MMS, "/1", { Name: "one", Conn: { Proxy: { Addr: "10.0.0.1", Port: "8080" } } });
  t.setInstance(MMS, "/3", { Name: "three", Conn: { Proxy: { Addr: "10.0.0.3", Port: "80" }, Ref: "x" } });
  t.addMo(CONNMO, "http://ddf.example/connmo10.ddf");
  t.setInstance(CONNMO, "/Internet", { Apn: "internet" });
  t.addMo(TESTEXEC, "http://ddf.example/testexec10.ddf");
  t.setInstance(TESTEXEC, "/", { Run: "", Count: "0" });
  return t;
}

export const countingExec: ExecHandler = (tree, clientUri) => {
  const n = Number(tree.valueAt(TESTEXEC, "/Count") ?? "0") + 1;
  tree.setLeaf(TESTEXEC, "/Count", String(n));
  return {
    alert: {
      Source: clientUri,
      Type: "urn:oma:at:test-exec:1.0",
      Format: "chr",
      Mark: "informational",
      Data: `run ${n}`,
    },
  };
};

export function profile(over: Partial<DeviceProfile> = {}): DeviceProfile {
  return {
    deviceId: "IMEI:004401074860001",
    imei: "004401074860001",
    mcc: "262",
    mnc: "01",
    cmcc: "262",
    cmnc: "02",
    show: true,
    unsupportedStatus: 406,
    userAgent: "test-device",
    maxPackages: 10,
    browserMaxLoads: 8,
    ...over,
  };
}

type Handler = (r: DeviceHttpRequest) => DeviceHttpResult | undefined;

const text = (s: string) => new TextEncoder().encode(s);

export function reply(status: number, body = "", headers: string[] = []): DeviceHttpResult {
  return { status, rawHeaders: headers, body: text(body) };
}

/**
 * A DeviceHttp that answers DM packages (labels pkg1, pkg2, …) from a list of command files and
 * everything else through `other`; it records every request.
 */
export class ScriptedHttp {
  readonly requests: DeviceHttpRequest[] = [];
  constructor(
    private readonly commandFiles: string[],
    private readonly other: Handler = () => reply(204),
  ) {}
  async request(r: DeviceHttpRequest): Promise<DeviceHttpResult> {
    this.requests.push(r);
    if (/^pkg[0-9]+$/.test(r.label)) {
      const next = this.commandFiles.shift();
      return next === undefined ? reply(500) : reply(200, next, ["Content-Type", "application/dm20"]);
    }
    return this.other(r) ?? reply(404);
  }
  packages(): DeviceHttpRequest[] {
    return this.requests.filter((r) => /^pkg[0-9]+$/.test(r.label));
  }
  bodyOf(r: DeviceHttpRequest): string {
    return new TextDecoder().decode(r.body ?? new Uint8Array());
  }
  json(r: DeviceHttpRequest): unknown {
    return JSON.parse(this.bodyOf(r));
  }
  header(r: DeviceHttpRequest, name: string): string | undefined {
    return r.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  }
}
