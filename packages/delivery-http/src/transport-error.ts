import type { TransportErrorKind } from '@webhooks/domain';

const DNS_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

/** Node's X509 verification error codes (tls docs), plus EPROTO for a handshake that is not TLS. */
const TLS_CODES: ReadonlySet<string> = new Set([
  'EPROTO',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

/**
 * Maps the `code` of a failed request (got copies the code of the socket, DNS or TLS error it
 * wraps) to the port's error classes. Anything unrecognised — resets, broken pipes, unreachable
 * networks, malformed responses, premature closes — is `network`.
 *
 * An abort through the caller's `AbortSignal` (got's `ERR_ABORTED`) counts as `timeout`: the
 * signal is the caller's deadline (interactive calls share one), and the port has no "aborted".
 */
export function classifyErrorCode(code: string | undefined): TransportErrorKind {
  if (code === undefined) return 'network';
  if (code === 'ERR_SSRF_BLOCKED') return 'blocked';
  if (code === 'ETIMEDOUT' || code === 'ERR_ABORTED') return 'timeout';
  if (DNS_CODES.has(code)) return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (TLS_CODES.has(code) || /^ERR_(SSL|TLS)_/.test(code)) return 'tls';
  return 'network';
}
