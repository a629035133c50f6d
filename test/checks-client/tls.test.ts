import { expect } from "chai";
import {
  checkCertificateRejected,
  checkNoPlaintextRequest,
  checkPackagesOverHttps,
} from "../../harness/checks/client/tls.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import { commandFile, SessionBuilder } from "./transcript-builder.ts";

describe("checks/client tls (DMC-5.3-01, DMC-5.3-02)", () => {
  describe("checkPackagesOverHttps", () => {
    it("passes DM packages that came over https", () => {
      const t = new SessionBuilder().notify().pkg1(commandFile(0, "END")).build();
      expect(checkPackagesOverHttps([viewSession(t)]).verdict).to.equal("pass");
    });
    it("fails a DM package sent to an http:// URL and quotes it", () => {
      const b = new SessionBuilder().notify();
      b.pkg1(commandFile(0, "END"));
      b.t.exchanges[0]!.request.url = "http://127.0.0.1:8080/dm/s1";
      const r = checkPackagesOverHttps([viewSession(b.build())]);
      expect(r.verdict).to.equal("fail");
      expect(r.evidence.some((e) => e.kind === "http-request")).to.equal(true);
    });
    it("does not judge http:// side requests (GET ServerURIs may be plaintext)", () => {
      const t = new SessionBuilder()
        .notify()
        .pkg1(commandFile(0, "GET http://127.0.0.1:8080/r/a.tnds20"))
        .side("GET", "/r/a.tnds20", "", { status: 200, body: "{}" }, "http://127.0.0.1:8080")
        .build();
      expect(checkPackagesOverHttps([viewSession(t)]).verdict).to.equal("pass");
    });
  });

  describe("checkNoPlaintextRequest", () => {
    const live = { connected: true, detail: "Pkg#1 arrived" };
    it("fails when a request arrives on the plaintext listener", () => {
      const b = new SessionBuilder().notify({}, "http://127.0.0.1:8080/dm/p");
      b.pkg1(commandFile(0, "END"));
      const r = checkNoPlaintextRequest(b.quiet().build(), "http://127.0.0.1:8080/dm/p", live);
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.match(/plaintext/);
    });
    it("passes silence watched after the notification when the control session connected", () => {
      const t = new SessionBuilder().notify({}, "http://127.0.0.1:8080/dm/p").quiet().build();
      const r = checkNoPlaintextRequest(t, "http://127.0.0.1:8080/dm/p", live);
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.match(/no request/);
      expect(r.evidence.map((e) => e.kind)).to.deep.equal(["notification", "event"]);
    });
    it("quotes the control session's Pkg#1 beside the silence", () => {
      const control = new SessionBuilder().notify().pkg1(commandFile(0, "END")).build();
      const t = new SessionBuilder().notify({}, "http://127.0.0.1:8080/dm/p").quiet().build();
      const r = checkNoPlaintextRequest(t, "http://127.0.0.1:8080/dm/p", {
        ...live,
        pkg1: control.exchanges[0]!,
      });
      expect(r.verdict).to.equal("pass");
      expect(r.evidence.map((e) => e.kind)).to.deep.equal(["notification", "event", "http-request"]);
      expect(r.evidence[0]!.text).to.contain("http://127.0.0.1:8080/dm/p");
      expect(r.evidence[2]!.label).to.match(/^control session: Pkg#1/);
    });
    it("is not-exercised when the device did not connect in the control session either", () => {
      const t = new SessionBuilder().notify({}, "http://x/dm").quiet().build();
      expect(
        checkNoPlaintextRequest(t, "http://x/dm", { connected: false, detail: "nothing" }).verdict,
      ).to.equal("not-exercised");
    });
    it("is not-exercised when the harness did not watch", () => {
      const t = new SessionBuilder().notify({}, "http://x/dm").build();
      expect(checkNoPlaintextRequest(t, "http://x/dm", live).verdict).to.equal("not-exercised");
    });
  });

  describe("checkCertificateRejected", () => {
    it("fails when an HTTP request arrived after an invalid certificate", () => {
      const b = new SessionBuilder().notify().tls("established", 1);
      b.pkg1(commandFile(0, "END"));
      b.t.exchanges[0]!.connectionId = 1;
      const r = checkCertificateRejected(b.build(), "expired");
      expect(r.verdict).to.equal("fail");
      expect(r.evidence.map((e) => e.kind)).to.include.members(["tls", "http-request"]);
    });
    it("passes an aborted handshake and records the alert", () => {
      const t = new SessionBuilder().notify().tls("handshake-failed", 0, { alert: 48 }).quiet().build();
      const r = checkCertificateRejected(t, "untrusted-issuer");
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.match(/alert 48/);
    });
    it("passes a completed handshake closed without a request (curl's late host-name check)", () => {
      const t = new SessionBuilder().notify().tls("established-no-request").build();
      expect(checkCertificateRejected(t, "wrong-host").reading).to.match(/without a request/);
    });
    it("is not-exercised when the device never connected", () => {
      const t = new SessionBuilder().notify().timeout("no connection").build();
      expect(checkCertificateRejected(t, "expired").verdict).to.equal("not-exercised");
    });
  });
});
