/**
 * What the client suites share: the IXIT facts they build commands from, a tag unique to the run
 * (so that stored content never matches what an earlier run left), and every session of the run
 * for the clauses that bind every session. Read inside scenarios and tests, never at load time.
 */
import type { Context, Test } from "mocha";
import type { Ixit } from "../../harness/model/ixit.ts";
import { type DeviceSessionView, viewSession } from "../../harness/model/transcript-contract.ts";
import { parseClientUri } from "../../harness/protocol/client-uri.ts";
import type { Tnds20Object } from "../../harness/protocol/tnds20.ts";
import { checkAtRunEnd, type Startable, wholeRunBudgetMs } from "../../harness/runner/check.ts";
import { runContext } from "../../harness/runner/run-context.ts";
import { recordedScenarios, runWatch } from "../../harness/server-role/index.ts";

export const DEVINFO = "oma:mo:oma-dm-devinfo:1.0";
export const DEVDETAIL = "oma:mo:oma-dm-devdetail:1.0";

export function ixit(): Ixit {
  return runContext().ixit;
}

/** A tag unique to this run. */
export function runTag(): string {
  const shared = runContext().shared;
  if (!shared.has("client-suites.tag")) shared.set("client-suites.tag", Date.now().toString(36));
  return shared.get("client-suites.tag") as string;
}

/** The IXIT's writableNode split: MOID and instance path ("oma:mo:oma-mms:1.3", "/3"). */
export function writable(): { node: string; moid: string; path: string } {
  const node = ixit().writableNode;
  const p = parseClientUri(node);
  return { node, moid: p.moid ?? node, path: p.path };
}

/** A TNDS20 object for the writable node with this content. */
export function objectAt(content: Record<string, unknown>): Tnds20Object {
  const w = writable();
  return { MOID: w.moid, Path: w.path, ...content } as Tnds20Object;
}

/**
 * The ClientURI of the location a GET without ClientURI reported (its status's Param1): a bare
 * path ("/h…") names an instance of the writable node's MO, the MO a new instance is served as.
 */
export function locationUri(location: string): string {
  return location.startsWith("/") ? `${writable().moid}${location}` : location;
}

/** A TNDS20 object for a new instance of the writable node's MO, at a path unique to this run. */
export function newInstance(suffix: string, content: Record<string, unknown>): Tnds20Object {
  return { MOID: writable().moid, Path: `/h${runTag()}${suffix}`, ...content } as Tnds20Object;
}

/** Every session of every scenario this run has driven, once they have all finished. */
export async function everySession(): Promise<DeviceSessionView[]> {
  return (await recordedScenarios()).flatMap((r) => r.sessions.map(viewSession));
}

/**
 * A check of a "never" clause: judged once the whole-run watch is over, so that a request that
 * came late is in the transcripts with its timestamp. Run after the other sections (checkAtRunEnd),
 * which are judged while the watch waits.
 */
export function checkWhenWatched(
  title: string,
  uses: Startable[],
  fn: (this: Context) => Promise<void> | void,
): Test {
  return checkAtRunEnd(
    title,
    uses,
    async function () {
      this.timeout(wholeRunBudgetMs(runContext().timeoutMs));
      await runWatch().finish();
    },
    fn,
  );
}
