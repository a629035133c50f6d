/** The DMC checks: pure functions from recorded device sessions (and the IXIT) to clause results. */
export * from "./command-kinds.ts";
export * from "./command-outcomes.ts";
export * from "./default-command.ts";
export * from "./delete.ts";
export * from "./end.ts";
export * from "./exec.ts";
export * from "./get.ts";
export * from "./levels.ts";
export * from "./node-content.ts";
export * from "./observations.ts";
export * from "./pkg1.ts";
export * from "./session-view.ts";
export * from "./show.ts";
export * from "./status-package.ts";
export * from "./tls.ts";
export * from "./upload.ts";
export * from "./url-params.ts";
