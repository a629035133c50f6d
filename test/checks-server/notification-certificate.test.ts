import { expect } from "chai";
import {
  checkCertificate,
  checkNotification,
  NOTIFICATION_EVENT,
  NOTIFY_COMMAND_EVENT,
} from "../../harness/checks/server/index.ts";
import { newTranscript, type Transcript } from "../../harness/model/transcript.ts";
import { encodeNotification } from "../../harness/protocol/notification.ts";
import { DM_URL, establishedTls, goodSession, session } from "./fixtures.ts";

function withPkg0(bytes: Uint8Array): Transcript {
  const t = newTranscript("client");
  t.events.push({ at: Date.now(), kind: NOTIFICATION_EVENT, detail: "POST /push", bytes });
  return t;
}

describe("DMS-5.3-01 notification layout", () => {
  const good = encodeNotification({ url: DM_URL, uiMode: 1, sendDevDetail: true });

  it("passes 5.3's layout and records the flags", () => {
    const r = checkNotification(withPkg0(good), { notifyConfigured: true });
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.contain("send-devdetail 1").and.contain(DM_URL);
  });

  it("fails a wrong version, a wrong URL length, bytes after the URL, an http URL", () => {
    const good = encodeNotification({ url: DM_URL });
    const cases: Array<[string, Uint8Array]> = [
      ["wrong-version", encodeNotification({ url: DM_URL, version: 12 })],
      ["url-length-mismatch", new Uint8Array([...good, 0x00])],
      ["url-length-mismatch", encodeNotification({ url: DM_URL }, { urlLengthOverride: DM_URL.length + 1 })],
      ["url-not-https", encodeNotification({ url: DM_URL.replace("https", "http") })],
      ["too-short", new Uint8Array([5, 0])],
    ];
    for (const [code, bytes] of cases) {
      const r = checkNotification(withPkg0(bytes), { notifyConfigured: true });
      expect(r.verdict, code).to.equal("fail");
      expect(r.message, code).to.contain(code);
      expect(
        r.evidence.some((e) => e.kind === "notification" && e.text.includes("bytes (hex)")),
        code,
      ).to.equal(true);
    }
  });

  it("records nonzero reserved bits (Reserved for future use) as the reading; --strict fails them", () => {
    const bytes = encodeNotification({ url: DM_URL, reserved: 0x8001 });
    const lenient = checkNotification(withPkg0(bytes), { notifyConfigured: true });
    expect(lenient.verdict).to.equal("pass");
    expect(lenient.reading).to.contain("reserved bits 0x8001");
    const strict = checkNotification(withPkg0(bytes), { notifyConfigured: true, strict: true });
    expect(strict.verdict).to.equal("fail");
    expect(strict.message).to.contain("reserved-bits-nonzero");
  });

  it("is not exercised without a notify command, and says so", () => {
    const r = checkNotification(newTranscript("client"), { notifyConfigured: false });
    expect(r.verdict).to.equal("not-exercised");
    expect(r.message).to.contain("--notify-cmd");
  });

  it("is not applicable where the IXIT declares the server sends no notification", () => {
    const r = checkNotification(newTranscript("client"), {
      notificationsNotApplicable: 'IXIT "sendsNotifications": false',
    });
    expect(r.verdict).to.equal("not-applicable");
    expect(r.message).to.contain("sendsNotifications");
  });

  it("is an error (never a pass) when a notify command ran and nothing arrived", () => {
    const t = newTranscript("client");
    t.events.push({
      at: Date.now(),
      kind: NOTIFY_COMMAND_EVENT,
      detail: "exit 1: curl: (7) Failed to connect",
    });
    const r = checkNotification(t, { notifyConfigured: true });
    expect(r.verdict).to.equal("error");
    expect(r.evidence[0]!.text).to.contain("Failed to connect");
  });
});

describe("DMS-5.3-02 certificate", () => {
  it("passes an established connection and records the certificate", () => {
    const r = checkCertificate(goodSession(), { dmUrl: DM_URL });
    expect(r.verdict).to.equal("pass");
    expect(r.reading).to.contain("IP Address:127.0.0.1");
  });

  it("fails a host-name mismatch and an expired certificate", () => {
    for (const code of [
      "ERR_TLS_CERT_ALTNAME_INVALID",
      "CERT_HAS_EXPIRED",
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    ]) {
      const t = session(
        [{ error: { code, message: "refused" } }],
        [establishedTls({ outcome: "handshake-failed", errorCode: code, requests: 0 })],
      );
      const r = checkCertificate(t, { dmUrl: DM_URL });
      expect(r.verdict, code).to.equal("fail");
      expect(r.message).to.contain(code);
      expect(r.evidence.map((e) => e.kind)).to.include("tls");
    }
  });

  it("fails on the request's error when no TLS event was recorded", () => {
    const t = session([{ error: { code: "CERT_HAS_EXPIRED", message: "certificate has expired" } }], []);
    expect(checkCertificate(t, { dmUrl: DM_URL }).verdict).to.equal("fail");
  });

  it("fails an http DM URL and a port that does not speak TLS", () => {
    expect(checkCertificate(goodSession(), { dmUrl: "http://127.0.0.1:4443/dm20" }).verdict).to.equal("fail");
    const t = session([], [establishedTls({ outcome: "not-tls", errorCode: "EPROTO", requests: 0 })]);
    expect(checkCertificate(t, { dmUrl: DM_URL }).verdict).to.equal("fail");
  });

  it("is not exercised when no handshake completed for another reason than the certificate", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET"]) {
      const t = session([], [establishedTls({ outcome: "handshake-failed", errorCode: code, requests: 0 })]);
      const r = checkCertificate(t, { dmUrl: DM_URL });
      expect(r.verdict, code).to.equal("not-exercised");
      expect(r.message, code).to.contain(code).and.contain("no certificate was presented");
    }
    expect(checkCertificate(session([], []), { dmUrl: DM_URL }).verdict).to.equal("not-exercised");
  });

  it("passes a session whose connection was reset after a working exchange (a killed server is not a certificate fault)", () => {
    const t = session(
      [
        { body: "MsgID 0\r\nDELETE oma:mo:oma-mms:1.3/1" },
        { error: { code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:4443" } },
      ],
      [
        establishedTls(),
        establishedTls({
          connectionId: 2,
          outcome: "handshake-failed",
          errorCode: "ECONNREFUSED",
          requests: 0,
        }),
      ],
    );
    t.exchanges[1]!.connectionId = 2;
    const r = checkCertificate(t);
    expect(r.verdict).to.equal("pass");
    expect(r.message).to.contain("1 not shown");
  });

  it("ignores TLS connections to other origins (a GET ServerURI elsewhere)", () => {
    const t = goodSession();
    t.tls.push(
      establishedTls({
        peer: "https://cdn.example/",
        outcome: "handshake-failed",
        errorCode: "CERT_HAS_EXPIRED",
      }),
    );
    expect(checkCertificate(t, { dmUrl: DM_URL }).verdict).to.equal("pass");
  });
});
