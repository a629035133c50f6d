/**
 * The 2 × 2 demo matrix of the references, run once per test process (the matrix test and the
 * browser test read the same run), into a temporary folder removed at exit.
 */
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDemo } from "../../harness/interop/demo.ts";
import type { MatrixSummary } from "../../harness/interop/matrix-summary.ts";

export const DEMO_OUT = join(tmpdir(), `dm20-interop-demo-${process.pid}`);
process.once("exit", () => rmSync(DEMO_OUT, { recursive: true, force: true }));

const KEY = Symbol.for("oma-dm20-conformance.test.interop-demo");
const holder = globalThis as { [KEY]?: Promise<{ exitCode: number; matrix: MatrixSummary }> };

export function demoRun(): Promise<{ exitCode: number; matrix: MatrixSummary }> {
  holder[KEY] ??= (async () => {
    const io = { out: { write: () => true }, err: { write: () => true }, color: false, env: process.env };
    const exitCode = await runDemo(DEMO_OUT, [], io);
    const matrix = JSON.parse(await readFile(join(DEMO_OUT, "matrix.json"), "utf8")) as MatrixSummary;
    return { exitCode, matrix };
  })();
  return holder[KEY];
}
