/**
 * Scenarios that more than one section judges: the control session (everything in order) and the
 * Pkg#0 flag matrix, whose Pkg#1s 5.3 (the flags) and 5.4 (headers and body) both judge.
 */
import { type Pkg0Flags, scenario } from "../../harness/server-role/index.ts";

/** A session with everything in order: Pkg#1 answered with END. */
export const control = scenario("5.3 control session", async (run) => {
  await (await run.start("valid certificate")).run([]);
});

/** The Pkg#0 flag combinations that matter: none, each alone, all. */
export const FLAG_MATRIX: Pkg0Flags[] = [
  {},
  { sendDevDetail: true },
  { sendSupportedMOs: true },
  { sendAllMOInstances: true },
  { sendDevDetail: true, sendSupportedMOs: true, sendAllMOInstances: true },
];

export function flagText(f: Pkg0Flags): string {
  return `send-devdetail=${f.sendDevDetail ? 1 : 0} send-supported-mo=${f.sendSupportedMOs ? 1 : 0} send-all-mo-instances=${f.sendAllMOInstances ? 1 : 0}`;
}

/** One session per flag combination, each Pkg#1 answered with END. */
export const flagMatrix = scenario("5.3 Pkg#0 flag matrix", async (run) => {
  await Promise.all(FLAG_MATRIX.map(async (flags) => (await run.start(flagText(flags), { flags })).run([])));
});
