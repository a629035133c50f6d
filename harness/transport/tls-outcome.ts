/**
 * Reading a TLS failure: which alert the peer sent (if any) and whether the bytes were TLS at all.
 * OpenSSL reports a received alert only as text ("sslv3 alert bad certificate", "tlsv1 alert
 * unknown ca"), so the alert number is recovered from the description's name (RFC 8446 §6).
 */

const ALERTS: Record<string, number> = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  record_overflow: 22,
  handshake_failure: 40,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  inappropriate_fallback: 86,
  user_canceled: 90,
  missing_extension: 109,
  unsupported_extension: 110,
  unrecognized_name: 112,
  bad_certificate_status_response: 113,
  unknown_psk_identity: 115,
  certificate_required: 116,
  no_application_protocol: 120,
};

/** The alert number named in an OpenSSL error message, if the peer sent one. */
export function alertFromError(err: { message?: string; code?: string }): number | undefined {
  const text = `${err.code ?? ""} ${err.message ?? ""}`.toLowerCase();
  const numbered = /alert number (\d+)/.exec(text);
  if (numbered) return Number(numbered[1]);
  const m =
    /alert[ _]([a-z_ ]+?)(?:[:)]|$|\s*\(|_alert|\s+ssl)/.exec(text) ?? /alert[ _]([a-z_ ]+)/.exec(text);
  if (!m) return undefined;
  const name = m[1]!.trim().replaceAll(" ", "_");
  if (name in ALERTS) return ALERTS[name];
  // Codes like ERR_SSL_TLSV1_ALERT_UNKNOWN_CA carry the name in upper case after ALERT_.
  const fromCode = /alert_([a-z_]+)$/.exec((err.code ?? "").toLowerCase());
  return fromCode && fromCode[1]! in ALERTS ? ALERTS[fromCode[1]!] : undefined;
}

/** True when OpenSSL says the first bytes were not a TLS record (plain HTTP, garbage). */
export function looksNotTls(err: { message?: string; code?: string }): boolean {
  const text = `${err.code ?? ""} ${err.message ?? ""}`.toLowerCase();
  return /wrong version number|http request|unknown protocol|packet length too long|record layer failure|unexpected eof while reading|record_layer/.test(
    text,
  );
}
