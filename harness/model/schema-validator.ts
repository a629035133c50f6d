/**
 * The one way the harness compiles a JSON schema (IXIT, report.json, baseline, interop matrix):
 * Ajv, strict, first error only, compiled on first use. Compiling at import time cost every command
 * that merely imports a schema's module (selftest and run import the report and baseline code to
 * write reports) about 0.15 s of start-up for validators it never calls; loading ajv itself is
 * deferred the same way.
 */
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";

/** A getter for `schema`'s validator: compiled the first time it is called, the same one after. */
export function validatorOnFirstUse<T = unknown>(schema: object): () => ValidateFunction<T> {
  let compiled: ValidateFunction<T> | undefined;
  return () => {
    if (!compiled) {
      const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
      compiled = new Ajv({ allErrors: false, strict: true }).compile<T>(schema);
    }
    return compiled;
  };
}
