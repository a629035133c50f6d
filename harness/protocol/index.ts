/** The DM 2.0 wire codec: bytes in, bytes out, findings for every strict deviation. No I/O. */
export * from "./absolute-url.ts";
export * from "./client-uri.ts";
export * from "./command-file.ts";
export * from "./finding.ts";
export * from "./http-message.ts";
export * from "./http-rules.ts";
export * from "./line-file.ts";
export * from "./notification.ts";
export * from "./status-file.ts";
export * from "./tnds20.ts";
export * from "./url-params.ts";
export * from "./utf8.ts";
