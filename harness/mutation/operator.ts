/**
 * A transcript mutation operator: one sentence of the draft turned into an edit of a recorded
 * conformant session. A "fault" operator makes the implementation break that sentence, and the
 * check of `clause` must then fail, quoting the wire; a "lawful" operator turns the session into
 * another reading the draft allows, and then no check may judge differently than it did the
 * conformant session. One registry (registry.ts) holds the operators of both roles.
 *
 * `mutate` edits in place: the runner hands each operator a fresh copy of the recording.
 */
import type { Transcript } from "../model/transcript.ts";
import type { RecordedScenario } from "../server-role/scenario.ts";

export type OperatorKind = "fault" | "lawful";

interface OperatorBase {
  name: string;
  /** The clause the fault breaks, or whose alternative reading a lawful variation takes. */
  clause: string;
  /** The draft's sentence the mutation breaks (or, for a lawful variation, allows), quoted. */
  draftSentence: string;
  kind: OperatorKind;
}

/** Which recorded run of a device an operator edits: the IXIT defaults, or a device with no SIM and no 3GPP connection. */
export type DeviceRecordingName = "default" | "no-sim";

/** An operator over a recorded run of the client suites (the IUT is a device: DMC- clauses). */
export interface DeviceOperator extends OperatorBase {
  role: "client";
  /** The recording it edits (default: "default"). */
  recording?: DeviceRecordingName;
  mutate(recording: RecordedScenario[]): void;
}

/** An operator over a recorded session with a DM server (the IUT is a server: DMS- clauses). */
export interface ServerOperator extends OperatorBase {
  role: "server";
  mutate(transcript: Transcript): void;
}

export type MutationOperator = DeviceOperator | ServerOperator;

/** "DMC-5.8", "DMS-5.5", "DMC-5.8.1": the clause family (role and section) a clause belongs to. */
export function clauseFamily(clause: string): string {
  return clause.replace(/-\d+$/, "");
}
