/** Moved to harness/checks/observations.ts (one judging idiom for both roles); kept until the client checks import it from there. */
export * from "../observations.ts";
