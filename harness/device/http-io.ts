/**
 * The device engine's only window on the network. The engine never opens sockets: whoever hosts
 * it (the reference device with undici, the harness's simulated device with its recording
 * client, a unit test with a script) supplies this. Certificate and host-name verification
 * belong to the implementation: a refused certificate comes back as `error`.
 */

export interface DeviceHttpRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** Header name/value pairs exactly as they should go on the wire, in order. */
  headers: Array<[string, string]>;
  body?: Uint8Array;
  /** What this request is for, for transcripts and logs: "pkg1", "pkg2", "get", "put", "alert", "browser"... */
  label: string;
  signal?: AbortSignal;
  /**
   * Called once the request (head and body) is on its way, before the response: what the engine
   * waits for to send something "after" this request without waiting for its answer. A host that
   * cannot tell may never call it; the engine then goes on once the response is in.
   */
  onSent?: () => void;
}

export interface DeviceHttpResponse {
  status: number;
  /** [name, value, name, value, ...] as received. */
  rawHeaders: string[];
  body: Uint8Array;
}

export interface DeviceHttpError {
  error: {
    /** Node/undici error code, e.g. "CERT_HAS_EXPIRED", "ECONNREFUSED", "ABORTED". */
    code: string;
    message: string;
  };
}

export type DeviceHttpResult = DeviceHttpResponse | DeviceHttpError;

export interface DeviceHttp {
  request(r: DeviceHttpRequest): Promise<DeviceHttpResult>;
}

export function isHttpError(r: DeviceHttpResult): r is DeviceHttpError {
  return "error" in r;
}

/** First value of a header in raw [name, value, ...] form, case-insensitive. */
export function rawHeader(rawHeaders: string[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === wanted) return rawHeaders[i + 1];
  }
  return undefined;
}

export const utf8 = {
  encode: (s: string): Uint8Array => new TextEncoder().encode(s),
  decode: (b: Uint8Array): string => new TextDecoder().decode(b),
};
