/** Run contexts for the server suites against in-process servers (the reference server, hostile ones). */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NOTIFY_HOOK_KEY, type NotifyHook } from "../../harness/client-role/index.ts";
import { DEFAULT_IXIT } from "../../harness/model/ixit.ts";
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_MAX_PACKAGES,
  DEFAULT_TIMEOUT_MS,
  type RunContext,
} from "../../harness/runner/run-context.ts";

export const SERVER_CLAUSES = [
  "DMS-5.3-01",
  "DMS-5.3-02",
  "DMS-5.5-01",
  "DMS-5.5-02",
  "DMS-5.5-03",
  "DMS-5.5-04",
  "DMS-5.6-01",
  "DMS-5.7-01",
  "DMS-5.7-02",
  "DMS-5.8-01",
];

export function serverContext(opts: {
  url: string;
  caPem: string;
  notify?: NotifyHook;
  timeoutMs?: number;
  maxPackages?: number;
  strict?: boolean;
}): RunContext {
  const shared = new Map<string, unknown>();
  if (opts.notify) shared.set(NOTIFY_HOOK_KEY, opts.notify);
  return {
    role: "server",
    ixit: { ...DEFAULT_IXIT },
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    outDir: join(tmpdir(), "dm20-selftest-server"),
    strict: opts.strict ?? false,
    bodyLimitBytes: DEFAULT_BODY_LIMIT,
    maxPackages: opts.maxPackages ?? DEFAULT_MAX_PACKAGES,
    server: { url: opts.url, caPem: opts.caPem },
    shared,
  };
}
