/**
 * The transcript convention the checks read (package labels, event kinds, how a request is
 * matched to a command), as the monitor writes it. The monitor takes it from here only, so that
 * when the convention moves to a module of its own, this is the one import to change.
 */
export { NOTIFICATION_EVENT, NOTIFY_COMMAND_EVENT, SESSION_END_EVENT } from "../checks/server/index.ts";
export { EVENT, packageLabel, resourceKey } from "../model/transcript-contract.ts";
