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

  it("fails a wrong version, nonzero reserved bits, a wrong URL length, an http URL", () => {
    const cases: Array<[string, Uint8Array]> = [
      ["wrong-version", encodeNotification({ url: DM_URL, version: 12 })],
      ["reserved-bits-nonzero", encodeNotification({ url: DM_URL, reserved: 1 })],
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

  it("is not exercised without a notify command", () => {
    expect(checkNotification(newTranscript("client"), { notifyConfigured: false }).verdict).to.equal(
      "not-exercised",
    );
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
    const r = checkCertificate(goodSession(), DM_URL);
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
      const r = checkCertificate(t, DM_URL);
      expect(r.verdict, code).to.equal("fail");
      expect(r.message).to.contain(code);
      expect(r.evidence[0]!.kind).to.equal("tls");
    }
  });

  it("fails on the request's error when no TLS event was recorded", () => {
    const t = session([{ error: { code: "CERT_HAS_EXPIRED", message: "certificate has expired" } }], []);
    expect(checkCertificate(t, DM_URL).verdict).to.equal("fail");
  });

  it("fails an http DM URL and a port that does not speak TLS", () => {
    expect(checkCertificate(goodSession(), "http://127.0.0.1:4443/dm20").verdict).to.equal("fail");
    const t = session([], [establishedTls({ outcome: "not-tls", errorCode: "EPROTO", requests: 0 })]);
    expect(checkCertificate(t, DM_URL).verdict).to.equal("fail");
  });

  it("is an error when the server could not be reached", () => {
    const t = session(
      [],
      [establishedTls({ outcome: "handshake-failed", errorCode: "ECONNREFUSED", requests: 0 })],
    );
    expect(checkCertificate(t, DM_URL).verdict).to.equal("error");
    expect(checkCertificate(session([], []), DM_URL).verdict).to.equal("error");
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
    expect(checkCertificate(t, DM_URL).verdict).to.equal("pass");
  });
});
