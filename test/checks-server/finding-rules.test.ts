import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { COMMAND_FILE_FINDING_RULES } from "../../harness/checks/server/index.ts";

/** Every finding code the command-file parser can emit, read from the codec's sources. */
async function codecCodes(): Promise<string[]> {
  const files = ["line-file.ts", "command-file.ts", "finding.ts"];
  const codes = new Set<string>();
  for (const f of files) {
    const text = await readFile(new URL(`../../harness/protocol/${f}`, import.meta.url), "utf8");
    for (const m of text.matchAll(/code: "([a-z0-9-]+)"/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/code: [A-Za-z]+ === "[a-z]+" \? "([a-z-]+)" : "([a-z-]+)"/g)) {
      codes.add(m[1]!);
      codes.add(m[2]!);
    }
  }
  return [...codes].sort();
}

describe("command-file finding rules", () => {
  it("classify every finding code the codec's command-file parser emits", async () => {
    const codes = await codecCodes();
    expect(codes).to.include.members(["lf-line-break", "cr-line-break", "param-count", "missing-msgid"]);
    const unclassified = codes.filter((c) => !(c in COMMAND_FILE_FINDING_RULES));
    expect(unclassified, "codes with no rule (add them to finding-rules.ts)").to.deep.equal([]);
  });
});
