/**
 * A fault switch breaks exactly one clause of a reference implementation. The self-tests turn each
 * switch on in turn and require the suites to fail that clause: a suite that cannot catch its
 * fault is a test that cannot fail.
 */
export interface FaultSwitch {
  /** Stable kebab-case name, e.g. "status-order-reversed". */
  name: string;
  /** The clause this fault breaks, e.g. "DMC-5.6-06". */
  clause: string;
  /** What the implementation does wrong when the switch is on, in one sentence. */
  description: string;
}
