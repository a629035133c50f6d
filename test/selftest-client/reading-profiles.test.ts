/**
 * Both reading profiles of the reference device certify (issue 9 §3). The alternative profile
 * takes the other lawful reading at every point where the draft allows more than one; it must
 * pass every testable DMC clause, and at every point it changes, the passes must show the other
 * reading: in the `reading` the check recorded where it records one, else on the wire the pass
 * quotes. Each point is also shown different from the default profile's run, so a variation the
 * suites never exercised cannot pass unnoticed. Faults compose with the alternative profile and
 * are still caught; the external process takes the profile from DM20_REF_PROFILE.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import {
  createReferenceDevice,
  READING_PROFILES,
  REFERENCE_DEVICE_FAULT_NEEDS,
  REFERENCE_DEVICE_FAULTS,
  referenceDeviceIxit,
} from "../../harness/reference/device/index.ts";
import { clauseVerdicts, runSuites } from "../../harness/runner/suite-runner.ts";
import { clientContext, NO_SIM_IXIT } from "./context.ts";
import { runExternalReferenceDevice } from "./external-device.ts";
import { expectCertified, failures, profileRun, readingsOf, wireOf } from "./profile-runs.ts";

interface Point {
  /** The point where the draft allows more than one reading. */
  point: string;
  clause: string;
  /** Where the difference shows: the recorded reading, or the wire (and messages) the pass quotes. */
  in: "reading" | "wire";
  /** What the alternative profile's passes show. */
  alternative: RegExp;
  /** What the default profile's passes show (never matching `alternative`). */
  default: RegExp;
}

/** Every point the alternative profile changes, where the run shows it (docs/interpretations.md, "Reading profiles"). */
const POINTS: Point[] = [
  // 5.3
  {
    point: "invalid certificate refused after the handshake",
    clause: "DMC-5.3-02",
    in: "reading",
    alternative: /completed the handshake, then closed without a request/,
    default: /aborted the TLS handshake/,
  },
  {
    point: "TLS 1.2",
    clause: "DMC-5.3-01",
    in: "wire",
    alternative: /protocol TLSv1\.2/,
    default: /protocol TLSv1\.3/,
  },
  // 5.4 / 5.6 headers
  {
    point: "charset on Pkg#1's Content-Type",
    clause: "DMC-5.4-01",
    in: "reading",
    alternative: /with parameters: application\/tnds20; charset=utf-8/,
    default: /exactly "application\/tnds20"/,
  },
  {
    point: "charset on the status packages' Content-Type",
    clause: "DMC-5.6-02",
    in: "reading",
    alternative: /application\/dm20status; charset=utf-8/,
    default: /^$/,
  },
  {
    point: "Accept with ';' (Pkg#1)",
    clause: "DMC-5.4-02",
    in: "reading",
    alternative: /';' list/,
    default: /',' list/,
  },
  {
    point: "Accept with ';' (status packages)",
    clause: "DMC-5.6-03",
    in: "reading",
    alternative: /';' list/,
    default: /',' list/,
  },
  {
    point: "C.1's extra media type in Accept",
    clause: "DMC-5.4-02",
    in: "wire",
    alternative: /\r\naccept: application\/dm20;application\/tnds;application\/tnds20\r\n/i,
    default: /\r\naccept: application\/dm20, application\/tnds20\r\n/i,
  },
  {
    point: "X-OMADMDeviceID as the draft's 14-digit IMEI (IXIT)",
    clause: "DMC-5.4-03",
    in: "reading",
    alternative: /imei-without-check-digit/,
    default: /\(imei-check-digit\)/,
  },
  {
    point: "header names in lower case",
    clause: "DMC-5.4-03",
    in: "wire",
    alternative: /\r\nx-omadmdeviceid: /,
    default: /\r\nX-OMADMDeviceID: /,
  },
  {
    point: "chunked request bodies",
    clause: "DMC-5.4-01",
    in: "wire",
    alternative: /\r\ntransfer-encoding: chunked\r\n/i,
    default: /\r\ncontent-length: \d+\r\n/i,
  },
  {
    point: "one connection per request",
    clause: "DMC-5.4-01",
    in: "wire",
    alternative: /\r\nconnection: close\r\n/i,
    default: /\r\nconnection: keep-alive\r\n/i,
  },
  {
    point: "JSON indented with CRLF, as C.1 prints it",
    clause: "DMC-5.4-01",
    in: "wire",
    alternative: /\r\n\r\n\{\r\n {2}"TNDS20"/,
    default: /\r\n\r\n\{"TNDS20"/,
  },
  // 5.4 body
  {
    point: "MO list in C.1's repeated-key form (JSON)",
    clause: "DMC-5.4-04",
    in: "reading",
    alternative: /as C\.1 writes it/,
    default: /^strict JSON, no repeated keys$/,
  },
  {
    point: "MO list in C.1's repeated-key form (supported MOs)",
    clause: "DMC-5.4-06",
    in: "reading",
    alternative: /MO list as repeated-keys/,
    default: /MO list as objects/,
  },
  {
    point: "instance locations as repeated Path strings",
    clause: "DMC-5.4-07",
    in: "reading",
    alternative: /instances as repeated-keys/,
    default: /instances as objects/,
  },
  // 5.6 status file
  {
    point: "a final CRLF after the last status line",
    clause: "DMC-5.6-04",
    in: "reading",
    alternative: /final CRLF after the last line/,
    default: /no line break after the last line/,
  },
  {
    point: "C.3's trailing space after a status code",
    clause: "DMC-5.6-04",
    in: "reading",
    alternative: /trailing-space/,
    default: /no line break after the last line/,
  },
  {
    point: "two spaces between a status code and its parameter",
    clause: "DMC-5.6-04",
    in: "reading",
    alternative: /multiple-spaces/,
    default: /no line break after the last line/,
  },
  {
    point: "status codes with a leading zero",
    clause: "DMC-5.6-05",
    in: "reading",
    alternative: /status codes with leading zeros/,
    default: /^$/,
  },
  // 5.8
  {
    point: "unsupported status 501 (IXIT)",
    clause: "DMC-5.8-01",
    in: "wire",
    alternative: /"FOO bar" → 0?501/,
    default: /"FOO bar" → 406/,
  },
  {
    point: "a lower-case keyword run",
    clause: "DMC-5.8-01",
    in: "reading",
    alternative: /another case: run as PUT/,
    default: /another case: treated as unrecognised/,
  },
  {
    point: "a wrong-arity known command refused with 400",
    clause: "DMC-5.8-01",
    in: "reading",
    alternative: /rules out: refused with 0?400/,
    default: /rules out: treated as unrecognised/,
  },
  {
    point: "DELETE of a missing node fails with 500",
    clause: "DMC-5.8-02",
    in: "wire",
    alternative: /failed with 0?500/,
    default: /failed with 404/,
  },
  {
    point: "side requests without X-OMADMDeviceID",
    clause: "DMC-5.8-02",
    in: "wire",
    alternative: /PUT \/r\/\S+\/first HTTP\/1\.1\r\n(?:(?!x-omadmdeviceid)(?!\r\n\r\n)[\s\S])*\r\n\r\n/i,
    default: /PUT \/r\/\S+\/first HTTP\/1\.1\r\n(?:(?!\r\n\r\n)[\s\S])*X-OMADMDeviceID/,
  },
  {
    point: "an http:// ServerURI refused",
    clause: "DMC-5.8-03",
    in: "reading",
    alternative: /refuses plaintext ServerURIs/,
    default: /followed an http:\/\/ ServerURI/,
  },
  {
    point: "GET's location as a path",
    clause: "DMC-5.8-04",
    in: "reading",
    alternative: /location as a path/,
    default: /location as a ClientURI/,
  },
  {
    point: "GET's new instance at the lowest free path, status 201",
    clause: "DMC-5.8-04",
    in: "wire",
    alternative: /→ 0?201 +\/\d+/,
    default: /→ 200 oma:mo:oma-mms:1\.3\/h/,
  },
  {
    point: "a PUT naming a node that is gone sent without it",
    clause: "DMC-5.8-06",
    in: "reading",
    alternative: /sent without it, with status 404/,
    default: /refused with an error status, nothing sent/,
  },
  {
    point: "charset on an upload's Content-Type",
    clause: "DMC-5.8-06",
    in: "reading",
    alternative: /upload Content-Type application\/tnds20; charset=utf-8/,
    default: /upload Content-Type application\/tnds20(?!; charset)/,
  },
  {
    point: "Levels: every child is a sublevel",
    clause: "DMC-5.8-08",
    in: "reading",
    alternative: /every child is a sublevel/,
    default: /leaves belong to the node/,
  },
  {
    point: "Levels: interior nodes at the cut sent empty",
    clause: "DMC-5.8-08",
    in: "reading",
    alternative: /sent empty/,
    default: /left out/,
  },
  {
    point: "*?Levels=1 instances as TNDS20 objects",
    clause: "DMC-5.8-09",
    in: "reading",
    alternative: /instances as TNDS20 objects/,
    default: /instances as Path lists/,
  },
  {
    point: "Generic Alert as a DM 1.2 Alert in application/json",
    clause: "DMC-5.8-11",
    in: "reading",
    alternative: /Content-Type application\/json; charset=utf-8, JSON with keys Alert/,
    default: /Content-Type application\/tnds20, JSON with keys GenericAlert/,
  },
  {
    point: "Generic Alert after the status package",
    clause: "DMC-5.8-11",
    in: "reading",
    alternative: /after the status package/,
    default: /before the status package/,
  },
  {
    point: "InitiatedBy appended after a parameter of the device's own",
    clause: "DMC-5.8-15",
    in: "reading",
    alternative: /InitiatedBy beside MOID/,
    default: /InitiatedBy as the only query parameter/,
  },
  {
    point: "URL parameters form-encoded in the query",
    clause: "DMC-5.8.1-01",
    in: "reading",
    alternative: /'\+' for a space/,
    default: /value percent-encoded/,
  },
];

const shown = (run: Awaited<ReturnType<typeof profileRun>>, p: Point) =>
  p.in === "reading" ? readingsOf(run.outcomes, p.clause) : wireOf(run.outcomes, p.clause);

describe("selftest-client: the reference device's alternative reading profile certifies", function () {
  this.timeout(120_000);

  it("passes every testable DMC clause (DMC-5.8-13 untestable, DMC-5.8.1-02 not applicable with a SIM)", async () => {
    const { outcomes, ms } = await profileRun("alternative");
    expectCertified(outcomes);
    console.log(`      client suites against the alternative reading profile: ${ms} ms`);
  });

  describe("at every point it changes, the passes show the other reading than the default profile's", () => {
    for (const p of POINTS) {
      it(`${p.clause} ${p.point} (${p.in})`, async () => {
        const [alternative, standard] = [await profileRun("alternative"), await profileRun("default")];
        const alt = shown(alternative, p);
        const def = shown(standard, p);
        expect(alt, `alternative profile's ${p.in} for ${p.clause}`).to.match(p.alternative);
        expect(def, `default profile's ${p.in} for ${p.clause}`).to.match(p.default);
        expect(def, `the default profile shows the alternative reading too: ${p.point}`).not.to.match(
          p.alternative,
        );
      });
    }
  });

  it("passes DMC-5.8.1-02 without SIM and 3GPP connection", async () => {
    const device = createReferenceDevice({ readingProfile: "alternative", noSim: true, noCellular: true });
    try {
      const outcomes = await runSuites({
        role: "client",
        clauses: ["DMC-5.8.1-01", "DMC-5.8.1-02"],
        context: clientContext(device.adapter, {
          ixit: { ...READING_PROFILES.alternative.ixit, ...NO_SIM_IXIT },
        }),
      });
      const verdicts = clauseVerdicts(outcomes);
      expect(verdicts.get("DMC-5.8.1-02"), failures(outcomes)).to.equal("pass");
      expect(verdicts.get("DMC-5.8.1-01"), failures(outcomes)).to.equal("pass");
    } finally {
      await device.adapter.close();
    }
  });

  it("through the external process with DM20_REF_PROFILE=alternative: DMC-5.6-04 and DMC-5.8-01 pass with the other readings", async function () {
    this.timeout(120_000);
    const dir = await mkdtemp(join(tmpdir(), "dm20-client-profile-"));
    try {
      const { outcomes, output } = await runExternalReferenceDevice({
        dir,
        env: { DM20_REF_PROFILE: "alternative" },
        clauses: ["DMC-5.6-04", "DMC-5.8-01"],
        ixit: referenceDeviceIxit("alternative"),
      });
      const verdicts = clauseVerdicts(outcomes);
      expect(verdicts.get("DMC-5.6-04"), failures(outcomes)).to.equal("pass");
      expect(verdicts.get("DMC-5.8-01"), failures(outcomes)).to.equal("pass");
      expect(readingsOf(outcomes, "DMC-5.6-04")).to.match(/final CRLF after the last line/);
      expect(readingsOf(outcomes, "DMC-5.8-01")).to.match(/refused with 0?400/);
      expect(output).to.match(/\[ref-device\] result: ended/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Faults on top of the alternative profile, each where a changed reading meets the seam the fault
 * bends: the fault must still fail its clause (a reading never hides a fault).
 */
const FAULTS_ON_ALTERNATIVE = [
  "no-hostname-check",
  "pkg1-accept-without-tnds20",
  "instances-missing",
  "status-lf-only",
  "statuses-reversed",
  "unknown-command-ok",
  "get-location-missing",
  "levels-ignored",
  "star-instances-missing",
  "exec-alert-not-sent",
  "default-no-initiated-by",
  "imei-not-substituted",
];

describe("selftest-client: faults on the alternative reading profile are caught", function () {
  this.timeout(60_000);
  for (const name of FAULTS_ON_ALTERNATIVE) {
    const fault = REFERENCE_DEVICE_FAULTS.find((f) => f.name === name)!;
    it(`${name} fails ${fault.clause}`, async () => {
      const needs = REFERENCE_DEVICE_FAULT_NEEDS[name] ?? {};
      const device = createReferenceDevice({ readingProfile: "alternative", faults: [name], ...needs });
      try {
        const outcomes = await runSuites({
          role: "client",
          clauses: [fault.clause],
          context: clientContext(device.adapter, {
            timeoutMs: 1500,
            ixit: {
              ...READING_PROFILES.alternative.ixit,
              ...(needs.noSim || needs.noCellular ? NO_SIM_IXIT : {}),
            },
          }),
        });
        expect(clauseVerdicts(outcomes).get(fault.clause), `${name}: ${fault.description}`).to.equal("fail");
      } finally {
        await device.adapter.close();
      }
    });
  }
});
