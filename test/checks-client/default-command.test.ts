import { expect } from "chai";
import { checkDefaultSession, checkInitiatedBy } from "../../harness/checks/client/default-command.ts";
import { viewSession } from "../../harness/model/transcript-contract.ts";
import {
  BASE,
  commandFile,
  PKG1_HEADERS,
  pkg1Body,
  SessionBuilder,
  statusFile,
} from "./transcript-builder.ts";

const MOID = "oma:mo:oma-mms:1.3";
const URL_ = `${BASE}/dm/default/x`;
const setup = () => [
  viewSession(
    new SessionBuilder()
      .notify()
      .pkg1(commandFile(0, `DEFAULT ${MOID} ${URL_}`))
      .status(statusFile(0, "200"), commandFile(1, "END"))
      .build(),
  ),
];

function initiated(by: string, target: string | null) {
  const b = new SessionBuilder();
  b.clock += 10_000;
  b.event("stimulus", `default ${MOID} InitiatedBy=${by}`);
  if (target) b.pkg({ target, headers: PKG1_HEADERS, body: pkg1Body() }, commandFile(0, "END"));
  else b.timeout("no session");
  return { transcript: b.build() };
}

describe("checks/client default (DMC-5.8-14, DMC-5.8-15)", () => {
  it("passes sessions to the DEFAULT ServerURL with InitiatedBy=Device and =User", () => {
    const s = [
      initiated("Device", "/dm/default/x?InitiatedBy=Device"),
      initiated("User", "/dm/default/x?InitiatedBy=User"),
    ];
    expect(checkDefaultSession(setup(), s).verdict).to.equal("pass");
    expect(checkInitiatedBy(setup(), s).verdict).to.equal("pass");
  });
  it("judges each stimulus against the DEFAULT the device had last been given before it", () => {
    const url2 = `${BASE}/dm/default/y`;
    const later = new SessionBuilder();
    later.clock += 20_000;
    later
      .notify()
      .pkg1(commandFile(0, `DEFAULT ${MOID} ${url2}`))
      .status(statusFile(0, "200"), commandFile(1, "END"));
    const setups = [...setup(), viewSession(later.build())];
    expect(
      checkDefaultSession(setups, [initiated("Device", "/dm/default/x?InitiatedBy=Device")]).verdict,
    ).to.equal("pass");
    expect(
      checkDefaultSession(setups, [initiated("Device", "/dm/default/y?InitiatedBy=Device")]).verdict,
    ).to.equal("fail");
  });

  it("DMC-5.8-14 fails a session opened on the ServerURL's path at another origin (mutation survivor)", () => {
    const elsewhere = initiated("Device", "/dm/default/x?InitiatedBy=Device");
    const ex = elsewhere.transcript.exchanges[0]!;
    ex.request.url = `https://localhost:9999${ex.request.target}`;
    const r = checkDefaultSession(setup(), [elsewhere]);
    expect(r.verdict).to.equal("fail");
    expect(r.message).to.match(/not the DEFAULT ServerURL/);
  });

  it("DMC-5.8-14 fails when no session was opened, quoting the DEFAULT the device accepted", () => {
    const r = checkDefaultSession(setup(), [initiated("Device", null)]);
    expect(r.evidence.map((e) => e.kind)).to.include.members(["http-response", "http-request"]);
    expect(checkDefaultSession(setup(), [initiated("Device", null)]).verdict).to.equal("fail");
    expect(checkInitiatedBy(setup(), [initiated("Device", null)]).verdict).to.equal("not-exercised");
  });
  it("DMC-5.8-15 fails a missing or wrong InitiatedBy", () => {
    expect(checkInitiatedBy(setup(), [initiated("Device", "/dm/default/x")]).verdict).to.equal("fail");
    expect(
      checkInitiatedBy(setup(), [initiated("User", "/dm/default/x?InitiatedBy=Device")]).verdict,
    ).to.equal("fail");
  });
});
