/**
 * The reference device's reading profiles. Where the draft allows more than one lawful behaviour
 * (docs/interpretations.md), a profile picks one at every such point: for the engine
 * (harness/device/readings.ts), for the transport (undici-http.ts), and the IXIT facts a vendor
 * declares where the draft leaves a value open (the "xxx" status code, the form of the device
 * identifier). "default" is the engine's own choice everywhere; "alternative" takes the other
 * lawful reading at every point. Both must certify: a check that fails the alternative profile
 * rules out something the draft allows. Readings are not faults (faults.ts): a fault switch
 * composes with either profile and must still be caught.
 */
import { DEFAULT_READINGS, type DeviceReadings } from "../../device/index.ts";
import type { Ixit } from "../../model/ixit.ts";
import { DEFAULT_TRANSPORT_READINGS, type TransportReadings } from "./undici-http.ts";

export const READING_PROFILE_NAMES = ["default", "alternative"] as const;
export type ReadingProfileName = (typeof READING_PROFILE_NAMES)[number];

export interface ReadingProfile {
  name: ReadingProfileName;
  description: string;
  device: DeviceReadings;
  transport: TransportReadings;
  /** IXIT facts the profile declares, over DEFAULT_IXIT: a run against this profile is judged with them. */
  ixit: Partial<Ixit>;
}

const ALTERNATIVE_DEVICE_READINGS: DeviceReadings = {
  // Table 2's separator, with C.1's extra media type: C.1's own Accept, byte for byte.
  accept: "application/dm20;application/tnds;application/tnds20",
  contentTypeParameters: "; charset=utf-8",
  headerNames: "lower-case",
  deviceIdOnSideRequests: false,
  json: "indented",
  moList: "repeated-keys",
  genericAlert: "dm12-alert",
  statusFile: { finalLineBreak: true, trailingSpace: true, leadingZero: true, doubleSpace: true },
  keywords: "any-case",
  wrongArity: "bad-request",
  plainServerUris: "refuse",
  newInstance: { path: "lowest-free", location: "path", status: 201 },
  levels: { sublevels: "every-child-is-a-sublevel", cut: "empty" },
  missingNode: "send-without-it",
  starInstances: "objects",
  deleteMissingStatus: 500,
  execAlert: "after-status",
  defaultQuery: "moid-and-initiated-by",
  urlParams: "form-encoded-query",
};

export const READING_PROFILES: Record<ReadingProfileName, ReadingProfile> = {
  default: {
    name: "default",
    description: "the engine's own reading at every point the draft leaves open",
    device: DEFAULT_READINGS,
    transport: DEFAULT_TRANSPORT_READINGS,
    ixit: {},
  },
  alternative: {
    name: "alternative",
    description: "the other lawful reading at every point the draft leaves open",
    device: ALTERNATIVE_DEVICE_READINGS,
    transport: {
      bodies: "chunked",
      connections: "one-per-request",
      tlsMaxVersion: "TLSv1.2",
      certificateRefusal: "after-handshake",
    },
    ixit: {
      // HTTP's "Not Implemented" for the draft's "xxx" (the default is OMA DM 1.x's 406).
      unsupportedStatus: 501,
      // The draft's own example form (5.4): an IMEI without its check digit.
      deviceId: "IMEI:00440107486000",
    },
  },
};

export function isReadingProfileName(name: string): name is ReadingProfileName {
  return (READING_PROFILE_NAMES as readonly string[]).includes(name);
}
