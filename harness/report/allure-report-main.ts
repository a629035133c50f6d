/**
 * `npm run report:allure [-- RUN_DIR]`: builds the Allure HTML report of a harness run offline,
 * from RUN_DIR/allure-results into RUN_DIR/allure-report (default RUN_DIR: reports/latest).
 * Exit 0 with the path of index.html; 2 with a one-line reason when it cannot.
 */
import { join, resolve } from "node:path";
import { Command } from "commander";
import { generateAllureReport } from "./allure.ts";

const program = new Command("report:allure")
  .description("Build the Allure HTML report (offline, one self-contained page) of a harness run.")
  .argument("[run-dir]", "the run's output folder (--out of `run`/`selftest`)", "reports/latest")
  .option("--results <dir>", "Allure results folder (default: <run-dir>/allure-results)")
  .option("--out <dir>", "where to write the report (default: <run-dir>/allure-report)")
  .addHelpText(
    "after",
    "\nExamples:\n  npm run report:allure\n  npm run report:allure -- reports/2025-01-01T10-00-00-client",
  )
  .action(async (runDir: string, opts: { results?: string; out?: string }) => {
    const results = resolve(opts.results ?? join(runDir, "allure-results"));
    const out = resolve(opts.out ?? join(runDir, "allure-report"));
    try {
      const index = await generateAllureReport(results, out);
      process.stdout.write(`Allure report: ${index}\n`);
    } catch (err) {
      process.stderr.write(`report:allure: ${(err as Error).message}\n`);
      process.exitCode = 2;
    }
  });

await program.parseAsync();
