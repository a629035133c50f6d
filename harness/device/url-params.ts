/**
 * 5.8.1: "[MNC] [MCC] [CMNC] [CMCC] [MAN] [MOD] [IMEI]" in a ServerURI are replaced by the client
 * with the actual value before the URI is used; a value the device does not have (no active SIM,
 * no 3GPP/3GPP2 connection) is the literal "TBD". Values are percent-encoded (a manufacturer name
 * may hold a space), so the substituted URI stays a valid URL — the reading of the codec's
 * substituteUrlParams, which the checks compare against. Unlike that function, a parameter whose
 * value is left out stays as written: the reference device's fault that forgets [IMEI] needs it.
 */
import { NO_VALUE } from "../protocol/url-params.ts";

export { NO_VALUE };

export const URL_PARAM_NAMES = ["MNC", "MCC", "CMNC", "CMCC", "MAN", "MOD", "IMEI"] as const;
export type UrlParamName = (typeof URL_PARAM_NAMES)[number];

/** The value for each parameter; null where the device has none (then TBD). A missing key is left as written. */
export type UrlParamValues = Partial<Record<UrlParamName, string | null>>;

export function substituteParams(uri: string, values: UrlParamValues): string {
  return uri.replace(/\[(MNC|MCC|CMNC|CMCC|MAN|MOD|IMEI)\]/g, (whole, name: UrlParamName) => {
    if (!Object.hasOwn(values, name)) return whole;
    const value = values[name];
    return encodeURIComponent(value ?? NO_VALUE);
  });
}
