import { expect } from "chai";
import { foldVerdicts } from "../../harness/model/verdict.ts";

describe("foldVerdicts", () => {
  it("fails a clause when any of its tests fails, even beside passes", () => {
    expect(foldVerdicts(["pass", "fail", "pass"])).to.equal("fail");
  });
  it("never turns an error into a pass", () => {
    expect(foldVerdicts(["pass", "error"])).to.equal("error");
  });
  it("is not-exercised when no test judged the clause", () => {
    expect(foldVerdicts([])).to.equal("not-exercised");
  });
  it("keeps untestable and not-applicable as they are", () => {
    expect(foldVerdicts(["untestable"])).to.equal("untestable");
    expect(foldVerdicts(["not-applicable", "not-applicable"])).to.equal("not-applicable");
  });
});
