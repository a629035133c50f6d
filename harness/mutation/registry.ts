/**
 * Every mutation operator of both roles, and the clauses the wire cannot show (so no operator can
 * break them): what `npm run mutation` and test/mutation run.
 */
import { loadCatalog } from "../catalog/catalog.ts";
import { DEVICE_FAULTS } from "./device-faults.ts";
import { DEVICE_LAWFUL } from "./device-lawful.ts";
import type { MutationOperator } from "./operator.ts";
import { SERVER_OPERATORS } from "./server-operators.ts";

export const OPERATORS: MutationOperator[] = [...DEVICE_FAULTS, ...DEVICE_LAWFUL, ...SERVER_OPERATORS];

/** Clauses no transcript can show, with the reason: they need no operator. */
export const WIRE_INVISIBLE: Record<string, string> = {
  "DMC-5.8-13":
    "“The browser MUST NOT have any access to the DM Tree”: what a browser can reach inside the device never crosses the wire; the catalog marks it untestable and the verdict comes from the IXIT declaration",
};

/** Every clause of the catalog, in catalog order. */
export function catalogClauses(): string[] {
  return loadCatalog().clauses.map((c) => c.id);
}
