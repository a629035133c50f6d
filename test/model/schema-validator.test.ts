/**
 * validatorOnFirstUse: a schema's module can be imported (selftest and run import the report and
 * baseline code) without compiling anything; the schema is compiled the first time it is needed,
 * once, with the harness's one set of Ajv options (strict).
 */
import { expect } from "chai";
import { validatorOnFirstUse } from "../../harness/model/schema-validator.ts";

describe("validatorOnFirstUse", () => {
  it("compiles nothing until first called: a schema strict mode refuses fails only then", () => {
    // "minimum" on a string is refused by Ajv's strict mode: a compile at creation would throw here.
    const get = validatorOnFirstUse({ type: "string", minimum: 1, unknownKeyword: true });
    expect(get).to.be.a("function");
    expect(() => get()).to.throw(/strict mode|unknown keyword/);
  });

  it("compiles once and validates with the first error kept", () => {
    const get = validatorOnFirstUse<{ a: number }>({
      type: "object",
      properties: { a: { type: "integer" } },
      required: ["a"],
      additionalProperties: false,
    });
    const v = get();
    expect(get()).to.equal(v);
    expect(v({ a: 1 })).to.equal(true);
    expect(v({ a: "x", b: 2 })).to.equal(false);
    expect(v.errors).to.have.length(1);
  });
});
