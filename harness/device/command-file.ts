/**
 * The device's reading of a command file (5.5) and writing of a status file (5.6). The reading is
 * lenient on purpose — a device does its best with what the server sent; judging the server's
 * format is the codec's and the checks' job — but a file without a "MsgID n" first line cannot be
 * answered and is refused.
 */
import type { Command, StatusPackage } from "./behaviour.ts";

export interface CommandFile {
  msgId: number;
  commands: Command[];
}

export function readCommandFile(text: string): CommandFile | undefined {
  const lines = text.split(/\r\n|\n|\r/);
  const first = /^MsgID +([0-9]+) *$/.exec(lines[0] ?? "");
  if (!first) return undefined;
  const commands: Command[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === "") continue;
    const [name, ...params] = line.trim().split(/ +/);
    commands.push({ name: name!, params, line });
  }
  return { msgId: Number(first[1]), commands };
}

/** "MsgID n", then one "<code> [param...]" line per status, CRLF between lines, none after the last. */
export function writeStatusFile(pkg: StatusPackage): string {
  const lines = [`MsgID ${pkg.msgId}`, ...pkg.statuses.map((s) => [String(s.code), ...s.params].join(" "))];
  return lines.join("\r\n");
}
