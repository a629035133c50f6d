/**
 * Starts scenarios without waiting for them, from a describe block's before() hook, so that the
 * sessions of one block run in parallel while its tests await them one by one. The tests await the
 * same (memoised) promise and see any failure; here it is only kept from being unhandled.
 */
export function kickOff(...scenarios: Array<() => Promise<unknown>>): void {
  for (const start of scenarios) start().catch(() => undefined);
}
