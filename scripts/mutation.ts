/**
 * npm run mutation: records conformant sessions of both roles once (the reference device through
 * the client suites, the reference server through the simulated device), applies every mutation
 * operator of harness/mutation/ to a fresh copy, judges it with the harness's own checks and
 * prints the table: operator, clause, killed / survived (lawful: accepted / flagged), totals per
 * clause family and the mutation score. Exits 1 when a fault survives or a lawful variation is
 * flagged. `npm run mutation -- --verbose` shows each kill's failing message too.
 */
import {
  catalogClauses,
  MutationBench,
  mutationTable,
  OPERATORS,
  recordConformantRuns,
  WIRE_INVISIBLE,
} from "../harness/mutation/index.ts";

const started = Date.now();
const recordings = await recordConformantRuns();
const recorded = Date.now();
const bench = new MutationBench(recordings);
const judgements = [];
for (const op of OPERATORS) judgements.push(await bench.judge(op));
const judged = Date.now();

// --verbose: the failing message of every kill too (what the check said about the fault).
for (const line of mutationTable(judgements, { verbose: process.argv.includes("--verbose") }))
  console.log(line);
const covered = new Set(OPERATORS.map((o) => o.clause));
const uncovered = catalogClauses().filter((c) => !covered.has(c));
for (const c of uncovered)
  console.log(`no operator for ${c}: ${WIRE_INVISIBLE[c] ?? "MISSING (the wire can show it: add one)"}`);
console.log(
  `recorded in ${((recorded - started) / 1000).toFixed(1)} s, ${OPERATORS.length} operators judged in ${((judged - recorded) / 1000).toFixed(1)} s`,
);
const bad =
  judgements.some((j) => j.outcome === "survived" || j.outcome === "flagged") ||
  uncovered.some((c) => !WIRE_INVISIBLE[c]);
process.exit(bad ? 1 : 0);
