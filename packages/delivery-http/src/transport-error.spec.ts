import { describe, expect, it } from '@jest/globals';
import { classifyErrorCode } from './transport-error.js';

describe(classifyErrorCode.name, () => {
  describe('when given a known code', () => {
    it.each([
      ['ERR_SSRF_BLOCKED', 'blocked'],
      ['ETIMEDOUT', 'timeout'],
      ['ERR_ABORTED', 'timeout'],
      ['ENOTFOUND', 'dns'],
      ['EAI_AGAIN', 'dns'],
      ['ECONNREFUSED', 'refused'],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
      ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
      ['CERT_HAS_EXPIRED', 'tls'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
      ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
      ['EPROTO', 'tls'],
      ['ECONNRESET', 'network'],
      ['EPIPE', 'network'],
      ['EHOSTUNREACH', 'network'],
      ['HPE_INVALID_CONSTANT', 'network'],
      ['ERR_STREAM_PREMATURE_CLOSE', 'network'],
    ] as const)('should map %s to %s', (code, kind) => {
      expect(classifyErrorCode(code)).toBe(kind);
    });
  });

  describe('when there is no code', () => {
    it('should say network', () => {
      expect(classifyErrorCode(undefined)).toBe('network');
    });
  });
});
