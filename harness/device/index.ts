/**
 * The DM 2.0 device engine: a correct DM client with its I/O injected. Used by the bundled
 * reference device (harness/reference/device/) and by the harness's simulated device when the
 * IUT is a server. See harness/device/README.md for the walk-through.
 */
export type {
  Command,
  CommandRunner,
  CommandStatus,
  DeviceBehaviour,
  PackageKind,
  StatusPackage,
} from "./behaviour.ts";
export { combineBehaviours } from "./behaviour.ts";
export type { BrowserOutcome, ShowTarget } from "./browser.ts";
export { browse, metaRefreshTarget, readShowTarget } from "./browser.ts";
export type { ClientUri } from "./client-uri.ts";
export { readClientUri } from "./client-uri.ts";
export type { CommandFile } from "./command-file.ts";
export { readCommandFile, writeStatusFile } from "./command-file.ts";
export type { DeviceSnapshot, DmDeviceOptions, InitiatedBy, NotificationOrder } from "./device.ts";
export { DmDevice } from "./device.ts";
export type {
  DmNode,
  DmTreeSnapshot,
  DmValue,
  MoInstances,
  Resolved,
  SupportedMo,
  Tnds20Object,
} from "./dm-tree.ts";
export { contentOf, DmTree, toDmNode } from "./dm-tree.ts";
export type { DeviceEvent, ExecutorContext } from "./executor.ts";
export {
  CommandExecutor,
  isRecognised,
  readTnds20Objects,
  TNDS20_MEDIA,
  urlParamValues,
} from "./executor.ts";
export type {
  DeviceHttp,
  DeviceHttpError,
  DeviceHttpRequest,
  DeviceHttpResponse,
  DeviceHttpResult,
} from "./http-io.ts";
export { isHttpError, rawHeader } from "./http-io.ts";
export { limitLevels } from "./levels.ts";
export type { GenericAlert, MoListEntry, Pkg1Flags, Tnds20Document } from "./pkg1.ts";
export { buildPkg1, DEVDETAIL_MOID, DEVINFO_MOID, moList, NO_PKG1_FLAGS } from "./pkg1.ts";
export type { DeviceProfile, DeviceState, ExecHandler } from "./profile.ts";
export { isFailure, STATUS } from "./profile.ts";
export type { DeviceReadings, StatusFileReadings } from "./readings.ts";
export { DEFAULT_READINGS } from "./readings.ts";
export type { SessionOutcome, SessionRequest, SessionResult } from "./session.ts";
export { DM_ACCEPT, DM20_MEDIA, DM20_STATUS_MEDIA, runSession } from "./session.ts";
export type { UrlParamName, UrlParamValues } from "./url-params.ts";
export { NO_VALUE, substituteParams, URL_PARAM_NAMES } from "./url-params.ts";
export { alertRequest, writeDocument } from "./wire-form.ts";
