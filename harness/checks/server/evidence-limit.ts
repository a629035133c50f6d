/**
 * How many offending packages a FAIL quotes. The message counts them all; quoting every one of
 * fifty identical responses would bury the first, which is the one a reader needs.
 */
export const MAX_QUOTED = 3;

export function quoted<T>(items: T[]): T[] {
  return items.slice(0, MAX_QUOTED);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
