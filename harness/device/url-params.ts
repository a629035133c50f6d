/**
 * 5.8.1: "[MNC] [MCC] [CMNC] [CMCC] [MAN] [MOD] [IMEI]" in a ServerURI are replaced by the client
 * with the actual value before the URI is used; a value the device does not have (no active SIM,
 * no 3GPP/3GPP2 connection) is the literal "TBD". Values are encoded so the substituted URI stays a
 * valid URL (a manufacturer name may hold a space): percent-encoded everywhere (the reading of the
 * codec's substituteUrlParams, which the checks compare against), or, under the other reading,
 * form-encoded in the query ("+" for a space) and percent-encoded in the path. Unlike the codec's
 * function, a parameter whose value is left out stays as written: the reference device's fault
 * that forgets [IMEI] needs it.
 */
import { NO_VALUE } from "../protocol/url-params.ts";
import type { DeviceReadings } from "./readings.ts";

export { NO_VALUE };

export const URL_PARAM_NAMES = ["MNC", "MCC", "CMNC", "CMCC", "MAN", "MOD", "IMEI"] as const;
export type UrlParamName = (typeof URL_PARAM_NAMES)[number];

/** The value for each parameter; null where the device has none (then TBD). A missing key is left as written. */
export type UrlParamValues = Partial<Record<UrlParamName, string | null>>;

export function substituteParams(
  uri: string,
  values: UrlParamValues,
  encoding: DeviceReadings["urlParams"] = "percent-encoded",
): string {
  const query = uri.indexOf("?");
  return uri.replace(/\[(MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/g, (whole, name: UrlParamName, at: number) => {
    if (!Object.hasOwn(values, name)) return whole;
    const encoded = encodeURIComponent(values[name] ?? NO_VALUE);
    const inQuery = query >= 0 && at > query;
    return encoding === "form-encoded-query" && inQuery ? encoded.replaceAll("%20", "+") : encoded;
  });
}
