/** main.ts runs the reference server as its own process: it prints the DM URL and writes the CA. */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { Agent, request } from "undici";

const MAIN = fileURLToPath(new URL("../../harness/reference/server/main.ts", import.meta.url));

describe("reference server main.ts", function () {
  this.timeout(20_000);

  it("prints the DM URL and a notify command, writes the CA, serves Pkg#1, stops on SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ref-server-"));
    const caFile = join(dir, "ca.pem");
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--ca-out", caFile, "--quiet"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no DM URL within 15 s: ${out}`)), 15_000);
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          const m = /DM URL: (\S+)/.exec(out);
          if (m && out.includes("notify:")) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect(out).to.contain("/_admin/notify?push=$DM20_PUSH_URL&device=$DM20_DEVICE_ID");
      const agent = new Agent({ connect: { ca: await readFile(caFile, "utf8") } });
      try {
        const res = await request(url, {
          method: "POST",
          dispatcher: agent,
          headers: { "content-type": "application/tnds20", "x-omadmdeviceid": "IMEI:004401074860001" },
          body: JSON.stringify({ TNDS20: [{ MOID: "oma:mo:oma-dm-devinfo:1.0", Path: "/", DevId: "x" }] }),
        });
        expect(res.statusCode).to.equal(200);
        expect(await res.body.text()).to.match(/^MsgID 0\r\n/);
      } finally {
        await agent.close();
      }
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGTERM");
      expect(await exited).to.equal(0);
    } finally {
      child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("lists the fault switches", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--list-faults"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    expect(code).to.equal(0);
    expect(out).to.match(/^msgid-stuck\s+DMS-5\.5-03/m);
  });
});
