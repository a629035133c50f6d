export { type Judgement, MutationBench, type Outcome } from "./judge.ts";
export type { DeviceOperator, MutationOperator, OperatorKind, ServerOperator } from "./operator.ts";
export { clauseFamily } from "./operator.ts";
export { type Recordings, recordConformantRuns } from "./record.ts";
export { catalogClauses, OPERATORS, WIRE_INVISIBLE } from "./registry.ts";
export { familyTotals, mutationTable } from "./table.ts";
