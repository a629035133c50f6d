/**
 * ClientURI as the device reads it: `MOID[/path][?Levels=n]`, or `*` / `*?Levels=n` for "every
 * supported MO". The MOID holds no "/" (the draft's MOIDs are `oma:mo:name:version`), so the
 * first "/" starts the path.
 */

export interface ClientUri {
  /** The ClientURI as written. */
  raw: string;
  star: boolean;
  /** Empty for `*`. */
  moid: string;
  /** "" when the URI names the MO itself, else "/seg/seg". */
  path: string;
  /** The Levels query parameter, when present. */
  levels?: number;
}

/** Parses a ClientURI; returns undefined when it is not one (empty, bad Levels, unknown query). */
export function readClientUri(raw: string): ClientUri | undefined {
  if (raw.length === 0 || /\s/.test(raw)) return undefined;
  const q = raw.indexOf("?");
  const address = q < 0 ? raw : raw.slice(0, q);
  let levels: number | undefined;
  if (q >= 0) {
    const params = new URLSearchParams(raw.slice(q + 1));
    for (const [key, value] of params) {
      if (key !== "Levels" || !/^[0-9]+$/.test(value)) return undefined;
      levels = Number(value);
    }
  }
  if (address === "*")
    return { raw, star: true, moid: "", path: "", ...(levels === undefined ? {} : { levels }) };
  const slash = address.indexOf("/");
  const moid = slash < 0 ? address : address.slice(0, slash);
  const path = slash < 0 ? "" : address.slice(slash);
  if (moid.length === 0 || moid.includes("*")) return undefined;
  return { raw, star: false, moid, path, ...(levels === undefined ? {} : { levels }) };
}
