/**
 * The device's reading of a command file (5.5) and writing of a status file (5.6), over the
 * codec. The device acts on the codec's best reading and ignores its findings — judging the
 * server's format is the checks' job, a device does its best with what it got — but a file
 * without a "MsgID n" first line cannot be answered and is refused. Commands keep their keyword
 * as written: "get" is not GET, it is an unrecognised command (5.8).
 */
import { parseCommandFile } from "../protocol/command-file.ts";
import { serializeStatusFile } from "../protocol/status-file.ts";
import type { Command, StatusPackage } from "./behaviour.ts";
import { utf8 } from "./http-io.ts";
import type { StatusFileReadings } from "./readings.ts";

export interface CommandFile {
  msgId: number;
  commands: Command[];
}

export function readCommandFile(body: Uint8Array): CommandFile | undefined {
  const parsed = parseCommandFile(body);
  if (parsed.msgId === null) return undefined;
  return {
    msgId: parsed.msgId,
    commands: parsed.commands.map((c) => ({ name: c.keyword, params: c.params, line: c.raw })),
  };
}

/**
 * "MsgID n", then one "<code> [param...]" line per status, CRLF between lines; none after the last
 * unless the readings write one, and the other lawful variations of a status line they name.
 */
export function writeStatusFile(pkg: StatusPackage, form?: StatusFileReadings): string {
  if (!form) return utf8.decode(serializeStatusFile(pkg.msgId, pkg.statuses));
  const lines = pkg.statuses.map(({ code, params }) => {
    const written = form.leadingZero ? `0${code}` : String(code);
    if (params.length === 0) return form.trailingSpace ? `${written} ` : written;
    return `${written}${form.doubleSpace ? "  " : " "}${params.join(" ")}`;
  });
  return `${[`MsgID ${pkg.msgId}`, ...lines].join("\r\n")}${form.finalLineBreak ? "\r\n" : ""}`;
}
