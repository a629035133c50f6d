/**
 * Writes Allure results as plain files. allure-js-commons' FileSystemWriter fsyncs every result
 * and attachment, synchronously on the event loop: in a self-test that was about 2.4 s of waiting
 * on the disk (measured with --cpu-prof), more than the two suites' own wire time. Results are
 * rewritten by the next run anyway, so durability across a power cut buys nothing here; each file
 * is still written under a temporary name and renamed, so a reader never sees half of one.
 */
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Globals, TestResult, TestResultContainer } from "allure-js-commons";
import type { Category, EnvironmentInfo } from "allure-js-commons/sdk";
import { stringifyEnvInfo, type Writer } from "allure-js-commons/sdk/reporter";

export class UnsyncedAllureWriter implements Writer {
  private made = false;

  constructor(private readonly resultsDir: string) {}

  writeResult(result: TestResult): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(result: TestResultContainer): void {
    this.write(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.write(distFileName, content);
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    this.publish(distFileName, (temp) => copyFileSync(from, temp));
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.write("environment.properties", stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.write("categories.json", JSON.stringify(categories));
  }

  writeGlobals(distFileName: string, info: Globals): void {
    this.write(distFileName, JSON.stringify(info));
  }

  private write(name: string, data: string | Buffer): void {
    this.publish(name, (temp) => writeFileSync(temp, data));
  }

  private publish(name: string, writeTemp: (temp: string) => void): void {
    if (!this.made) {
      mkdirSync(this.resultsDir, { recursive: true });
      this.made = true;
    }
    const temp = join(this.resultsDir, `.allure-write-${randomUUID()}.tmp`);
    writeTemp(temp);
    renameSync(temp, join(this.resultsDir, name));
  }
}
