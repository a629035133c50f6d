/**
 * A usage or set-up error: the run cannot start (bad option, invalid IXIT, IUT unreachable, port
 * taken). The CLI prints its message as one line on stderr and exits 2; the stack only with --debug,
 * since the vendor needs the reason, not the harness's internals.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Exit codes of the IUT contract. */
export const EXIT_CERTIFIED = 0;
export const EXIT_NOT_CERTIFIED = 1;
export const EXIT_USAGE = 2;
