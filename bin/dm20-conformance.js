#!/usr/bin/env node
// The harness is written in TypeScript and run through tsx, so the published bin only registers
// the loader and hands over to the CLI.
import { register } from "tsx/esm/api";

register();
await import("../harness/cli.ts");
