/**
 * ClientURI as the device acts on it, over the codec's reader: `MOID[/path][?Levels=n]`, or `*` /
 * `*?Levels=n` for "every supported MO". The device refuses what the codec cannot read, and a
 * star followed by anything but a query (`*x`); other oddities (an unknown query key) are ignored.
 */
import { parseClientUri } from "../protocol/client-uri.ts";

export interface ClientUri {
  /** The ClientURI as written. */
  raw: string;
  star: boolean;
  /** Empty for `*`. */
  moid: string;
  /** "/" when the URI names the MO itself, else "/seg/seg". */
  path: string;
  /** The Levels query parameter, when present. */
  levels?: number;
}

export function readClientUri(raw: string): ClientUri | undefined {
  const parsed = parseClientUri(raw);
  if (!parsed.ok) return undefined;
  if (parsed.star && parsed.path !== "/") return undefined;
  return {
    raw,
    star: parsed.star,
    moid: parsed.moid ?? "",
    path: parsed.path,
    ...(parsed.levels === null ? {} : { levels: parsed.levels }),
  };
}
