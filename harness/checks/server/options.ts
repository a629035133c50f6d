/**
 * What a server check may be told beyond the transcript. Every field is optional, so a passive
 * monitor can judge a transcript it recorded with no more than `{}`: the defaults are the
 * harness's own (the package bound of the CLI, the DM URL read from the session's first package).
 */
import { DEFAULT_MAX_PACKAGES } from "../../runner/run-context.ts";

export interface ServerCheckOptions {
  /** The bound on packages per session the driver used (DMS-5.7-01); default the CLI's 50. */
  maxPackages?: number;
  /** The DM URL the session was started on (DMS-5.3-02 judges TLS to its origin); default Pkg#1's URL. */
  dmUrl?: string;
  /** Whether a notify command (or hook) was configured (DMS-5.3-01 is not exercised without one). */
  notifyConfigured?: boolean;
  /**
   * Set when the IXIT declares the server emits no notification (the applicability rule of
   * harness/catalog/applicability.ts): the basis, quoted in DMS-5.3-01's not-applicable verdict.
   */
  notificationsNotApplicable?: string;
  /**
   * --strict: readings the draft does not rule out but does not describe either (reserved bits
   * set, END beside other commands, a keyword in lower case) fail instead of being recorded.
   */
  strict?: boolean;
}

export function maxPackagesOf(o: ServerCheckOptions): number {
  return o.maxPackages ?? DEFAULT_MAX_PACKAGES;
}
