/**
 * Writes Allure results as plain files, off the event loop. allure-js-commons' FileSystemWriter
 * fsyncs every result and attachment, synchronously: in a self-test that was about 2.4 s of
 * waiting on the disk (measured with `npm run profile`), more than the suites' own wire time, and
 * even without the fsync the ~700 synchronous opens of a self-test cost ~0.3 s on a busy disk.
 *
 * So writes are queued and done asynchronously while the run goes on: the content is fixed when
 * allure hands it over (serialised at once), writes to one file land in the order they were
 * asked for, each file is written under a temporary name and renamed (a reader never sees half of
 * one), and `allureWritesDone()` waits for all of them — the reporter's done() and
 * writeAllureOutcome() await it, so a run's results are complete when the run ends. Results are
 * rewritten by the next run anyway, so durability across a power cut (the fsync) buys nothing.
 */
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, renameSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Globals, TestResult, TestResultContainer } from "allure-js-commons";
import type { Category, EnvironmentInfo } from "allure-js-commons/sdk";
import { stringifyEnvInfo, type Writer } from "allure-js-commons/sdk/reporter";

const pending = new Set<Promise<void>>();
/** Per file: its last write, which the next write to it waits for. */
const lastWrite = new Map<string, Promise<void>>();
let firstError: Error | undefined;

/** Resolves when every queued write has landed, whatever its outcome. */
export async function allureWritesSettled(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

/** Resolves when every queued write has landed; rejects with the first that failed (once). */
export async function allureWritesDone(): Promise<void> {
  await allureWritesSettled();
  const e = firstError;
  firstError = undefined;
  if (e) throw e;
}

export class AsyncAllureWriter implements Writer {
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

  /** At once: the file to copy may be gone by the time a queued write would read it. */
  writeAttachmentFromPath(distFileName: string, from: string): void {
    this.makeDir();
    const temp = this.tempPath();
    copyFileSync(from, temp);
    renameSync(temp, join(this.resultsDir, distFileName));
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

  private makeDir(): void {
    if (!this.made) {
      mkdirSync(this.resultsDir, { recursive: true });
      this.made = true;
    }
  }

  private tempPath(): string {
    return join(this.resultsDir, `.allure-write-${randomUUID()}.tmp`);
  }

  private write(name: string, data: string | Buffer): void {
    this.makeDir();
    const target = join(this.resultsDir, name);
    const write = (lastWrite.get(target) ?? Promise.resolve()).then(async () => {
      const temp = this.tempPath();
      await writeFile(temp, data);
      await rename(temp, target);
    });
    const landed = write.catch((e: Error) => {
      firstError ??= e;
    });
    lastWrite.set(target, landed);
    pending.add(landed);
    void landed.then(() => {
      pending.delete(landed);
      if (lastWrite.get(target) === landed) lastWrite.delete(target);
    });
  }
}
