import { describe, expect, it } from '@jest/globals';
import type { TransportErrorKind, TransportResult } from '../ports/webhook-transport.port.js';
import { classifyResult } from './classify-result.js';

const response = (status: number, headers: Record<string, string> = {}): TransportResult => ({
  kind: 'response',
  status,
  headers,
  body: '',
  truncated: false,
  durationMs: 12,
});

describe('classifyResult', () => {
  describe('when the status is 2xx', () => {
    it.each([200, 201, 204, 299])('should be a success for %i', (status) => {
      expect(classifyResult(response(status))).toEqual({ kind: 'success' });
    });
  });

  describe('when the status is 410', () => {
    it('should mean the subscriber is gone', () => {
      expect(classifyResult(response(410))).toEqual({ kind: 'gone', message: expect.stringContaining('410') });
    });
  });

  describe('when the status is 3xx', () => {
    it.each([301, 302, 307, 308])('should retry %i as a redirect, never following it', (status) => {
      expect(classifyResult(response(status, { location: 'https://elsewhere.example/' }))).toEqual({
        kind: 'retry',
        errorClass: 'redirect',
        message: expect.stringContaining(String(status)),
        retryAfter: undefined,
      });
    });
  });

  describe('when the status is any other', () => {
    it.each([100, 400, 404, 429, 500, 503])('should retry %i as http_status, passing Retry-After on', (status) => {
      expect(classifyResult(response(status, { 'retry-after': '30' }))).toEqual({
        kind: 'retry',
        errorClass: 'http_status',
        message: `HTTP ${status}`,
        retryAfter: '30',
      });
    });

    it('should have no Retry-After when none was sent', () => {
      expect(classifyResult(response(503))).toMatchObject({ retryAfter: undefined });
    });
  });

  describe('when the transport failed', () => {
    it.each<TransportErrorKind>(['timeout', 'dns', 'refused', 'tls', 'network', 'blocked'])('should retry with class %s', (error) => {
      expect(classifyResult({ kind: 'error', error, message: `${error} happened`, durationMs: 5 })).toEqual({
        kind: 'retry',
        errorClass: error,
        message: `${error} happened`,
        retryAfter: undefined,
      });
    });
  });
});
