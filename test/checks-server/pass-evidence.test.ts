/**
 * Every verdict shows the wire behind it, a PASS as much as a FAIL: a passing DMS clause in the
 * report must quote what was judged. Checked here on hand-built sessions (each pass path, and the
 * bound on how much is quoted); test/selftest-server/reference-server.test.ts checks every pass of
 * a whole run against the reference server.
 */
import { expect } from "chai";
import { MAX_QUOTED } from "../../harness/checks/observations.ts";
import {
  checkContentType,
  checkEndAlone,
  checkMsgIdSequence,
  checkNotification,
  checkShowQuery,
  NOTIFICATION_EVENT,
  SERVER_CLAUSES,
} from "../../harness/checks/server/index.ts";
import { quotesTheWire } from "../../harness/model/evidence.ts";
import { newTranscript } from "../../harness/model/transcript.ts";
import type { CheckResult } from "../../harness/model/verdict.ts";
import { encodeNotification } from "../../harness/protocol/notification.ts";
import { allChecks, DM_URL, goodSession, session } from "./fixtures.ts";

function passesWithoutWire(results: CheckResult[]): string[] {
  return results
    .filter((r) => r.verdict === "pass" && !quotesTheWire(r))
    .map(
      (r) =>
        `${r.clause}: ${r.message} (evidence kinds: ${r.evidence.map((e) => e.kind).join(", ") || "none"})`,
    );
}

function responsesQuoted(r: CheckResult): number {
  return r.evidence.filter((e) => e.kind === "http-response").length;
}

describe("server checks: every PASS quotes the wire", () => {
  describe("on hand-built sessions", () => {
    it("quotes wire evidence on each clause's pass over the conformant session", () => {
      const results = allChecks(goodSession());
      const passes = results.filter((r) => r.verdict === "pass");
      expect(passes).to.have.length(SERVER_CLAUSES.length - 1); // all but the notification
      expect(passesWithoutWire(results)).to.deep.equal([]);
    });

    it("quotes the notification bytes on a DMS-5.3-01 pass", () => {
      const t = newTranscript("client");
      const bytes = encodeNotification({ url: DM_URL, uiMode: 1 });
      t.events.push({ at: Date.now(), kind: NOTIFICATION_EVENT, detail: "POST /push", bytes });
      const r = checkNotification(t, { notifyConfigured: true });
      expect(r.verdict).to.equal("pass");
      expect(passesWithoutWire([r])).to.deep.equal([]);
      expect(r.evidence[0]!.text).to.contain(Buffer.from(bytes).toString("hex"));
    });

    it("quotes the answer on the relaxed DMS-5.7-02 pass, and the status request with END alone", () => {
      const withOthers = session([
        { body: "MsgID 0\r\nGET https://127.0.0.1:4443/documents/a.tnds20 oma:mo:oma-mms:1.3/3" },
        { body: "MsgID 1\r\nDELETE oma:mo:oma-mms:1.3/1\r\nEND" },
      ]);
      const relaxed = checkEndAlone(withOthers);
      expect(relaxed.verdict).to.equal("pass");
      expect(passesWithoutWire([relaxed])).to.deep.equal([]);

      const alone = checkEndAlone(goodSession());
      expect(alone.verdict).to.equal("pass");
      expect(alone.evidence.map((e) => e.kind)).to.deep.equal(["http-request", "http-response"]);
      expect(alone.evidence[0]!.text).to.contain("application/dm20status");
      expect(alone.evidence[1]!.text).to.contain("END");
    });

    it("quotes the Content-Type seen and the MsgID sequence beside the answers", () => {
      const packages = goodSession();
      const ct = checkContentType(packages);
      expect(ct.evidence[0]!.kind).to.equal("expectation");
      expect(ct.evidence[0]!.text).to.contain("seen:     application/dm20");
      expect(ct.evidence[1]!.text).to.match(
        /^HTTP\/1\.1 200\r\nContent-Type: application\/dm20\r\n\r\nMsgID 0/,
      );
      const msgid = checkMsgIdSequence(packages);
      expect(msgid.evidence[0]!.text).to.contain("seen:     0, 1, 2");
    });

    it("quotes the command file carrying the SHOW", () => {
      const r = checkShowQuery(goodSession());
      expect(r.verdict).to.equal("pass");
      expect(r.evidence[0]!.text).to.contain("?Close=https://127.0.0.1:4443/done.html");
      expect(r.evidence.slice(1).map((e) => e.label)).to.deep.equal(["answer to Pkg#1 (exchange #0)"]);
    });

    it(`quotes at most ${MAX_QUOTED} answers of a long session`, () => {
      const specs = Array.from({ length: 8 }, (_, i) => ({
        body: `MsgID ${i}\r\n${i === 7 ? "END" : "DELETE oma:mo:oma-mms:1.3/1\r\nSHOW https://127.0.0.1:4443/p.html?Continue=https://127.0.0.1:4443/next"}`,
      }));
      const results = allChecks(session(specs));
      expect(passesWithoutWire(results)).to.deep.equal([]);
      for (const r of results) expect(responsesQuoted(r), r.clause).to.be.at.most(MAX_QUOTED);
      const show = results.find((r) => r.clause === "DMS-5.8-01")!;
      expect(show.message).to.contain("7 observations of SHOW commands");
    });
  });
});
