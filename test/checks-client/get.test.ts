import { expect } from "chai";
import { checkGetLocation, checkGetRequests, checkGetStoresAt } from "../../harness/checks/client/get.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { commandFile, SessionBuilder, statusFile, tnds } from "./transcript-builder.ts";

const MMS = "oma:mo:oma-mms:1.3";
const SERVED = { Name: "harness", Sub: { Leaf: "1", Deeper: { Leaf: "2" } } };
const doc = (path: string) => ({
  status: 200,
  headers: [["Content-Type", "application/tnds20"]] as Array<[string, string]>,
  body: tnds([{ MOID: MMS, Path: path, ...SERVED }]),
});
const OLD = { Name: "old", MmscUrl: "http://mmsc", Conn: { ConRef: "Internet" } };

describe("checks/client get (DMC-5.8-03..05)", () => {
  it("DMC-5.8-03 passes a GET, fails none or another method, accepts an http:// ServerURI refused with an error status", () => {
    const got = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, "GET https://127.0.0.1:8443/r/d.tnds20"))
      .side("GET", "/r/d.tnds20", "", doc("/7"))
      .status(statusFile(0, "200 oma:mo:oma-mms:1.3/7"), commandFile(1, "END"))
      .build();
    expect(checkGetRequests([viewSession(got)]).verdict).to.equal("pass");
    const none = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, "GET https://127.0.0.1:8443/r/d.tnds20"))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    const r = checkGetRequests([viewSession(none)]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/yet reported status 200/);
    const post = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, "GET https://127.0.0.1:8443/r/d.tnds20"))
      .side("POST", "/r/d.tnds20")
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    expect(checkGetRequests([viewSession(post)]).verdict).to.equal("fail");
    const plain = (code: string | null) => {
      const b = new SessionBuilder().notify().pkg1(commandFile(0, "GET http://127.0.0.1:8080/r/d.tnds20"));
      if (code !== null) b.status(statusFile(0, code), commandFile(1, "END"));
      return viewSession(b.build());
    };
    // Refusing a plaintext ServerURI with an error status is a lawful reading; claiming success is not.
    const refused = checkGetRequests([plain("500")]);
    expect(refused.verdict).to.equal("pass");
    expect(refused.reading).to.match(/refuses plaintext ServerURIs/);
    expect(checkGetRequests([plain("200")]).verdict).to.equal("fail");
    expect(checkGetRequests([plain(null)]).verdict).to.equal("not-exercised");
  });

  it("DMC-5.8-04 passes a location (as ClientURI or path), read back when the batch does so", () => {
    const b = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, "GET https://127.0.0.1:8443/r/d.tnds20"))
      .side("GET", "/r/d.tnds20", "", doc("/7"))
      .status(
        statusFile(0, "200 oma:mo:oma-mms:1.3/7"),
        commandFile(1, "PUT https://127.0.0.1:8443/r/u oma:mo:oma-mms:1.3/7"),
      )
      .side("PUT", "/r/u", tnds([{ MOID: MMS, Path: "/7", ...SERVED }]))
      .status(statusFile(1, "200"), commandFile(2, "END"));
    const r = checkGetLocation([viewSession(b.build())]);
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/ClientURI.*read back/);
    const path = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, "GET https://127.0.0.1:8443/r/d.tnds20"))
      .side("GET", "/r/d.tnds20", "", doc("/7"))
      .status(statusFile(0, "200 /7"), commandFile(1, "END"))
      .build();
    expect(checkGetLocation([viewSession(path)]).reading).to.match(/path/);
  });

  it("DMC-5.8-04 fails a status without Param1 and a location that does not hold the MO", () => {
    const none = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, "GET https://127.0.0.1:8443/r/d.tnds20"))
      .side("GET", "/r/d.tnds20", "", doc("/7"))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build();
    expect(checkGetLocation([viewSession(none)]).verdict).to.equal("fail");
    const wrong = new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, "GET https://127.0.0.1:8443/r/d.tnds20"))
      .side("GET", "/r/d.tnds20", "", doc("/7"))
      .status(
        statusFile(0, "200 oma:mo:oma-mms:1.3/1"),
        commandFile(1, "PUT https://127.0.0.1:8443/r/u oma:mo:oma-mms:1.3/1"),
      )
      .side("PUT", "/r/u", tnds([{ MOID: MMS, Path: "/1", ...OLD }]))
      .status(statusFile(1, "200"), commandFile(2, "END"))
      .build();
    expect(checkGetLocation([viewSession(wrong)]).verdict).to.equal("fail");
  });

  function storeSessions(readback: Record<string, unknown>) {
    const a = new SessionBuilder()
      .notify()
      .pkg1(
        commandFile(
          0,
          "PUT https://127.0.0.1:8443/r/before oma:mo:oma-mms:1.3/3",
          "GET https://127.0.0.1:8443/r/d.tnds20 oma:mo:oma-mms:1.3/3",
        ),
      )
      .side("PUT", "/r/before", tnds([{ MOID: MMS, Path: "/3", ...OLD }]))
      .side("GET", "/r/d.tnds20", "", doc("/3"))
      .status(statusFile(0, "200", "200"), commandFile(1, "END"));
    const b = new SessionBuilder();
    b.clock = a.clock + 100;
    b.notify()
      .pkg1(commandFile(0, "PUT https://127.0.0.1:8443/r/after oma:mo:oma-mms:1.3/3"))
      .side("PUT", "/r/after", tnds([{ MOID: MMS, Path: "/3", ...readback }]))
      .status(statusFile(0, "200"), commandFile(1, "END"));
    return [viewSession(a.build()), viewSession(b.build())];
  }

  it("DMC-5.8-05 passes a node that holds exactly what was retrieved when read back later", () => {
    const r = checkGetStoresAt(storeSessions(SERVED));
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.match(/replaced/);
  });

  it("DMC-5.8-05 fails leftovers of the earlier content (a merge) and a lost node", () => {
    const merged = checkGetStoresAt(storeSessions({ ...OLD, ...SERVED }));
    expect(merged.verdict).to.equal("fail");
    expect(merged.message).to.match(/still holds data from before.*\/MmscUrl/);
    expect(checkGetStoresAt(storeSessions({ Name: "harness" })).verdict).to.equal("fail");
  });

  it("DMC-5.8-05 is not-exercised without a read-back", () => {
    expect(checkGetStoresAt([storeSessions(SERVED)[0]!]).verdict).to.equal("not-exercised");
  });
});
