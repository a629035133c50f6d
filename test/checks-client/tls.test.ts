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

  /** A valid session right after the negative case, answered with Pkg#1: the device is alive. */
  const answered = () => viewSession(new SessionBuilder().notify().pkg1(commandFile(0, "END")).build());
  const unanswered = () => viewSession(new SessionBuilder().notify().timeout("waited for Pkg#1").build());

  describe("checkNoPlaintextRequest", () => {
    it("fails when a request arrives on the plaintext listener, saying when", () => {
      const b = new SessionBuilder().notify({}, "http://127.0.0.1:8080/dm/p");
      b.pkg1(commandFile(0, "END"));
      const r = checkNoPlaintextRequest(viewSession(b.quiet().build()), answered());
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.match(/plaintext .* ms after Pkg#0/);
    });
    it("passes silence watched after the notification when the valid session right after was answered, quoting its Pkg#1", () => {
      const t = new SessionBuilder().notify({}, "http://127.0.0.1:8080/dm/p").quiet().build();
      const r = checkNoPlaintextRequest(viewSession(t), answered());
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.match(/no request/);
      expect(r.evidence.map((e) => e.kind)).to.deep.equal(["notification", "event", "http-request"]);
      expect(r.evidence[0]!.text).to.contain("http://127.0.0.1:8080/dm/p");
      expect(r.evidence[2]!.label).to.match(/^valid session right after: Pkg#1/);
    });
    it("is not-exercised when the device did not answer the valid session right after either", () => {
      const t = new SessionBuilder().notify({}, "http://x/dm").quiet().build();
      expect(checkNoPlaintextRequest(viewSession(t), unanswered()).verdict).to.equal("not-exercised");
      expect(checkNoPlaintextRequest(viewSession(t), undefined).verdict).to.equal("not-exercised");
    });
    it("is not-exercised when the harness did not watch, or sent no such notification", () => {
      const t = new SessionBuilder().notify({}, "http://x/dm").build();
      expect(checkNoPlaintextRequest(viewSession(t), answered()).verdict).to.equal("not-exercised");
      expect(checkNoPlaintextRequest(undefined, answered()).verdict).to.equal("not-exercised");
    });
  });

  describe("checkCertificateRejected", () => {
    it("fails when an HTTP request arrived after an invalid certificate, however late", () => {
      const b = new SessionBuilder().notify().tls("established", 1);
      b.tick(60_000);
      b.pkg1(commandFile(0, "END"));
      b.t.exchanges[0]!.connectionId = 1;
      const r = checkCertificateRejected(viewSession(b.build()), "expired", answered());
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.match(/6000\d ms after Pkg#0/);
      expect(r.evidence.map((e) => e.kind)).to.include.members(["tls", "http-request"]);
    });
    it("passes an aborted handshake when a valid certificate is accepted right after, and records the alert", () => {
      const t = new SessionBuilder().notify().tls("handshake-failed", 0, { alert: 48 }).quiet().build();
      const r = checkCertificateRejected(viewSession(t), "untrusted-issuer", answered());
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.match(/alert 48/);
      expect(r.evidence.map((e) => e.kind)).to.deep.equal(["tls", "http-request"]);
    });
    it("passes a completed handshake closed without a request (curl's late host-name check)", () => {
      const t = new SessionBuilder().notify().tls("established-no-request").build();
      expect(checkCertificateRejected(viewSession(t), "wrong-host", answered()).reading).to.match(
        /without a request/,
      );
    });
    it("is not-exercised when the device never connected, or refused a valid certificate right after too", () => {
      const never = new SessionBuilder().notify().timeout("no connection").build();
      expect(checkCertificateRejected(viewSession(never), "expired", answered()).verdict).to.equal(
        "not-exercised",
      );
      const refused = new SessionBuilder().notify().tls("handshake-failed").build();
      const r = checkCertificateRejected(viewSession(refused), "expired", unanswered());
      expect(r.verdict).to.equal("not-exercised");
      expect(r.message).to.match(/valid notification sent right after/);
    });
  });
});
