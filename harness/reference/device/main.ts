/**
 * The reference device as an external process, from a checkout (through tsx); the installed
 * package runs the same as `dm20-conformance reference-device`. The environment it reads is
 * described in from-env.ts.
 *
 *   node --import tsx /abs/path/harness/reference/device/main.ts
 */
import { referenceDeviceFromEnv } from "./from-env.ts";

process.exitCode = await referenceDeviceFromEnv();
