import { expect } from "chai";
import {
  checkCommandFileLayout,
  checkCommandSyntax,
  checkContentType,
  checkEachSession,
  checkEndAlone,
  checkMsgIdSequence,
  checkPackageAcceptance,
  checkSessionEnds,
  checkShowQuery,
} from "../../harness/checks/server/index.ts";
import { allChecks, DM_URL, goodSession, session } from "./fixtures.ts";

const GET = "GET https://127.0.0.1:4443/documents/a.tnds20";

describe("server checks on one session", () => {
  describe("the conformant session", () => {
    it("passes every session clause except the notification, which is not exercised", () => {
      const results = allChecks(goodSession());
      const byClause = Object.fromEntries(results.map((r) => [r.clause, r.verdict]));
      expect(byClause).to.deep.equal({
        "DMS-5.3-01": "not-exercised",
        "DMS-5.3-02": "pass",
        "DMS-5.5-01": "pass",
        "DMS-5.5-02": "pass",
        "DMS-5.5-03": "pass",
        "DMS-5.5-04": "pass",
        "DMS-5.6-01": "pass",
        "DMS-5.7-01": "pass",
        "DMS-5.7-02": "pass",
        "DMS-5.8-01": "pass",
      });
    });

    it("prefixes messages with the session label", () => {
      const [r] = checkEachSession(checkContentType, [
        { transcript: goodSession(), options: { maxPackages: 50, dmUrl: DM_URL }, label: "session A" },
      ]);
      expect(r!.message).to.match(/^session A: /);
    });
  });

  describe("DMS-5.5-01 Content-Type", () => {
    it("fails text/plain, quoting the header and the response", () => {
      const r = checkContentType(session([{ contentType: "text/plain", body: "MsgID 0\r\nEND" }]));
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("text/plain");
      expect(r.evidence.map((e) => e.kind)).to.include("http-response");
    });
    it("fails a missing Content-Type", () => {
      const r = checkContentType(session([{ contentType: null, body: "MsgID 0\r\nEND" }]));
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("no Content-Type");
    });
    it("accepts a charset parameter and records it", () => {
      const r = checkContentType(
        session([{ contentType: "application/dm20; charset=utf-8", body: "MsgID 0\r\nEND" }]),
      );
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.contain("charset=utf-8");
    });
    it("leaves refusals to DMS-5.6-01", () => {
      const r = checkContentType(session([{ status: 415, contentType: "text/plain", body: "no" }]));
      expect(r.verdict).to.equal("not-exercised");
    });
  });

  describe("DMS-5.5-02 layout", () => {
    it("fails LF line breaks with the line and column", () => {
      const r = checkCommandFileLayout(session([{ body: `MsgID 0\n${GET}\nEND` }]));
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("lf-line-break");
      expect(r.evidence[0]!.location).to.deep.include({ line: 1 });
    });
    it("fails a body without the MsgID line (5.8.2's example form)", () => {
      const r = checkCommandFileLayout(session([{ body: `${GET}\r\nEND` }]));
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("missing-msgid");
    });
    it("fails an empty body, 'msgid 0' and an empty line", () => {
      for (const body of ["", "msgid 0\r\nEND", `MsgID 0\r\n\r\n${GET}`]) {
        expect(checkCommandFileLayout(session([{ body }])).verdict, JSON.stringify(body)).to.equal("fail");
      }
    });
    it("accepts one final CRLF and records it", () => {
      const r = checkCommandFileLayout(session([{ body: "MsgID 0\r\nEND\r\n" }]));
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.contain("final line break");
    });
    it("ignores findings on a line the harness cut", () => {
      const r = checkCommandFileLayout(
        session([{ body: `MsgID 0\r\n${GET}\r\nGET https://x.example/a\r`, bodyTruncated: true }]),
      );
      expect(r.verdict).to.equal("pass");
    });
  });

  describe("DMS-5.5-03 MsgID", () => {
    const files = (...ids: number[]) =>
      session(ids.map((id, i) => ({ body: `MsgID ${id}\r\n${i === ids.length - 1 ? "END" : GET}` })));
    it("passes 0,1,2 and records the start", () => {
      const r = checkMsgIdSequence(files(0, 1, 2));
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.equal("session MsgIDs start at 0");
    });
    it("accepts any start: 7,8,9", () => {
      const r = checkMsgIdSequence(files(7, 8, 9));
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.equal("session MsgIDs start at 7");
    });
    it("fails a stuck MsgID and one that grows by two", () => {
      const stuck = checkMsgIdSequence(files(0, 0, 0));
      expect(stuck.verdict).to.equal("fail");
      expect(stuck.message).to.contain("after 0").and.contain("1 was due");
      expect(checkMsgIdSequence(files(0, 2, 4)).verdict).to.equal("fail");
    });
    it("counts across a response without MsgID", () => {
      const t = session([{ body: `MsgID 0\r\n${GET}` }, { body: GET }, { body: "MsgID 2\r\nEND" }]);
      expect(checkMsgIdSequence(t).verdict).to.equal("pass");
    });
    it("is not exercised with one response", () => {
      expect(checkMsgIdSequence(files(0)).verdict).to.equal("not-exercised");
    });
  });

  describe("DMS-5.5-04 command syntax", () => {
    it("fails GET without parameter", () => {
      const r = checkCommandSyntax(session([{ body: "MsgID 0\r\nGET\r\nEND" }]));
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("param-count");
    });
    it("fails a relative ServerURI, END with a parameter, DELETE with two, DEFAULT with one, a TAB, a DEFAULT to http", () => {
      for (const line of [
        "GET /documents/a.tnds20",
        "END now",
        "DELETE oma:mo:a:1.0/1 oma:mo:a:1.0/2",
        "DEFAULT oma:mo:a:1.0",
        "EXEC\toma:mo:a:1.0/Run",
        "DEFAULT oma:mo:a:1.0/1 https://a.example/dm20",
        "DEFAULT oma:mo:a:1.0 http://a.example/dm20",
      ]) {
        const r = checkCommandSyntax(session([{ body: `MsgID 0\r\n${line}` }]));
        expect(r.verdict, line).to.equal("fail");
      }
    });
    it("accepts an unknown command and trailing space as readings", () => {
      const r = checkCommandSyntax(session([{ body: `MsgID 0\r\nREBOOT now\r\n${GET} \r\nEND` }]));
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.contain("unknown-command").and.contain("trailing-space");
    });
    it("records a keyword in lower case (an unrecognised command) and a MOID without ':' as readings; --strict fails them", () => {
      for (const line of ["get https://a.example/x", "get", "DEFAULT mms https://a.example/dm20"]) {
        const t = session([{ body: `MsgID 0\r\n${line}\r\nEND` }]);
        const lenient = checkCommandSyntax(t);
        expect(lenient.verdict, line).to.equal("pass");
        expect(checkCommandSyntax(t, { strict: true }).verdict, line).to.equal("fail");
      }
    });
    it("records the form of every command as the reading", () => {
      const r = checkCommandSyntax(goodSession());
      expect(r.reading).to.contain("GET ServerURI ClientURI").and.contain("EXEC ClientURI ServerURI");
      expect(r.reading).to.contain("SHOW ServerURI?Close=").and.contain("DELETE ClientURI");
    });
    it("leaves SHOW's query to DMS-5.8-01", () => {
      const r = checkCommandSyntax(session([{ body: "MsgID 0\r\nSHOW https://a.example/p.html\r\nEND" }]));
      expect(r.verdict).to.equal("pass");
    });
  });

  describe("DMS-5.6-01 accepts both kinds", () => {
    it("fails a 415 on a status package", () => {
      const t = session([
        { body: `MsgID 0\r\n${GET}` },
        { status: 415, contentType: "text/plain", body: "no" },
      ]);
      const r = checkPackageAcceptance(t);
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("HTTP 415");
    });
    it("fails a package that got no answer, naming the transport error", () => {
      const t = session([{ error: { code: "UND_ERR_HEADERS_TIMEOUT", message: "Headers Timeout Error" } }]);
      const r = checkPackageAcceptance(t);
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("UND_ERR_HEADERS_TIMEOUT");
    });
    it("fails a 200 with an empty body", () => {
      expect(checkPackageAcceptance(session([{ body: "" }])).verdict).to.equal("fail");
    });
    it("is not exercised when the first answer ended the session", () => {
      expect(checkPackageAcceptance(session([{ body: `MsgID 0\r\n${GET}\r\nEND` }])).verdict).to.equal(
        "not-exercised",
      );
    });
  });

  describe("DMS-5.7-01 the session ends", () => {
    it("fails a session that reaches the bound without END", () => {
      const t = session(Array.from({ length: 4 }, (_, i) => ({ body: `MsgID ${i}\r\n${GET}` })));
      const r = checkSessionEnds(t, { maxPackages: 4 });
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("no END within 4 packages");
    });
    it("fails a server that stops answering", () => {
      const t = session([
        { body: `MsgID 0\r\n${GET}` },
        { error: { code: "ECONNRESET", message: "socket hang up" } },
      ]);
      const r = checkSessionEnds(t);
      expect(r.verdict).to.equal("fail");
      expect(r.message).to.contain("ECONNRESET");
    });
    it("passes END", () => {
      const t = goodSession();
      expect(checkSessionEnds(t).verdict).to.equal("pass");
    });
  });

  describe("DMS-5.7-02 END alone when the server needs the statuses", () => {
    const DELETE = "DELETE oma:mo:oma-mms:1.3/1";
    const afterStatus = (last: string) =>
      session([{ body: `MsgID 0\r\n${GET}` }, { body: `MsgID 1\r\n${last}` }]);
    it("fails END beside a GET without ClientURI, whose location only a status could report", () => {
      for (const t of [afterStatus(`${GET}\r\nEND`), session([{ body: `MsgID 0\r\n${GET}\r\nEND` }])]) {
        const r = checkEndAlone(t);
        expect(r.verdict).to.equal("fail");
        expect(r.message).to.contain("Param1").and.contain(GET);
        expect(r.evidence.map((e) => e.kind)).to.include("http-response");
      }
    });
    it("records END beside commands whose status the server did not need as a reading; --strict fails it", () => {
      const t = afterStatus(`${DELETE}\r\n${GET} oma:mo:oma-mms:1.3/3\r\nEND`);
      const lenient = checkEndAlone(t);
      expect(lenient.verdict).to.equal("pass");
      expect(lenient.reading).to.equal("END with commands after a status report: DELETE, GET, END");
      const strict = checkEndAlone(t, { strict: true });
      expect(strict.verdict).to.equal("fail");
      expect(strict.message).to.contain("--strict");
    });
    it("is not exercised by END in the answer to Pkg#1, nor by a session without END", () => {
      const pkg1 = checkEndAlone(session([{ body: `MsgID 0\r\n${DELETE}\r\nEND` }]));
      expect(pkg1.verdict).to.equal("not-exercised");
      expect(pkg1.message).to.contain("asked for no status report");
      const noEnd = checkEndAlone(session([{ body: `MsgID 0\r\n${DELETE}` }]));
      expect(noEnd.verdict).to.equal("not-exercised");
      expect(noEnd.message).to.contain("DMS-5.7-01");
    });
    it("passes END alone", () => {
      const r = checkEndAlone(goodSession());
      expect(r.verdict).to.equal("pass");
      expect(r.reading).to.equal("END alone");
    });
  });

  describe("DMS-5.8-01 SHOW query", () => {
    const show = (uri: string) => checkShowQuery(session([{ body: `MsgID 0\r\nSHOW ${uri}\r\nEND` }]));
    it("fails SHOW without Close/Continue, with lowercase close, with an empty Close", () => {
      expect(show("https://a.example/p.html").verdict).to.equal("fail");
      expect(show("https://a.example/p.html?close=https://a.example/d").message).to.contain('"close"');
      expect(show("https://a.example/p.html?Close=").verdict).to.equal("fail");
    });
    it("passes Close and Continue, and a relative Close as a reading", () => {
      expect(show("https://a.example/p.html?Close=https://a.example/d").verdict).to.equal("pass");
      expect(show("https://a.example/p.html?Continue=https://a.example/d").verdict).to.equal("pass");
      const rel = show("https://a.example/p.html?Close=/done");
      expect(rel.verdict).to.equal("pass");
      expect(rel.reading).to.contain("relative");
    });
    it("is not exercised without SHOW", () => {
      expect(show("").verdict).to.equal("not-exercised");
    });
  });
});
