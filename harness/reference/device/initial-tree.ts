/**
 * The reference device's factory tree: DevInfo matching the IXIT, DevDetail, MMS instances /1
 * and /3 whose interior nodes go three levels deep (so Levels 0, 1, 2 and 3 all export
 * differently), ConnMO /Internet, and an executable test node whose MO names no alert server.
 */
import { DEVDETAIL_MOID, DEVINFO_MOID, DmTree, type ExecHandler } from "../../device/index.ts";
import type { Ixit } from "../../model/ixit.ts";

export const MMS_MOID = "oma:mo:oma-mms:1.3";
export const CONNMO_MOID = "oma:mo:oma-connmo:1.0";
export const TEST_EXEC_MOID = "oma:mo:oma-test-exec:1.0";
export const TEST_EXEC_NODE = `${TEST_EXEC_MOID}/Run`;
export const TEST_EXEC_ALERT_TYPE = "urn:oma:at:oma-test-exec:1.0";

const DDF_BASE = "http://ddf.oma-reference.example/ddf";

function mms(name: string, proxy: string) {
  return {
    Name: name,
    MmscUrl: "http://mmsc.operator.example/",
    Conn: {
      ConRef: "Internet",
      Proxy: {
        Addr: proxy,
        Port: "8080",
        Auth: { Type: "PAP", User: "mms" },
      },
    },
  };
}

export function initialTree(ixit: Ixit): DmTree {
  const t = new DmTree();
  t.addMo(DEVINFO_MOID, `${DDF_BASE}/devinfo10.ddf`);
  t.setInstance(DEVINFO_MOID, "/", {
    DevId: ixit.deviceId,
    Man: ixit.man,
    Mod: ixit.mod,
    DmV: "2.0",
    Lang: "en",
  });
  t.addMo(DEVDETAIL_MOID, `${DDF_BASE}/devdetail10.ddf`);
  t.setInstance(DEVDETAIL_MOID, "/", {
    DevTyp: "phone",
    OEM: ixit.man,
    FwV: "1.0.0",
    SwV: "1.0.0",
    HwV: "A1",
    LrgObj: "false",
    URI: { MaxDepth: "20", MaxTotLen: "255", MaxSegLen: "64" },
  });
  t.addMo(MMS_MOID, `${DDF_BASE}/mms13.ddf`);
  t.setInstance(MMS_MOID, "/1", mms("Operator MMS", "10.0.0.1"));
  t.setInstance(MMS_MOID, "/3", mms("Backup MMS", "10.0.0.3"));
  t.addMo(CONNMO_MOID, `${DDF_BASE}/connmo10.ddf`);
  t.setInstance(CONNMO_MOID, "/Internet", {
    Name: "Internet",
    NAP: { Apn: "internet", Auth: { Type: "PAP" } },
  });
  t.addMo(TEST_EXEC_MOID, `${DDF_BASE}/testexec10.ddf`);
  t.setInstance(TEST_EXEC_MOID, "/", { Run: "", Count: "0" });
  return t;
}

/** EXEC on the test node counts the runs and reports them in a Generic Alert; the MO names no alert server. */
export const runTestExec: ExecHandler = (tree, clientUri) => {
  const count = Number(tree.valueAt(TEST_EXEC_MOID, "/Count") ?? "0") + 1;
  tree.setLeaf(TEST_EXEC_MOID, "/Count", String(count));
  return {
    alert: {
      Source: clientUri,
      Type: TEST_EXEC_ALERT_TYPE,
      Format: "chr",
      Mark: "informational",
      Data: `run ${count}`,
    },
  };
};
