import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
// Specs only: our signatures are checked against the reference Standard Webhooks library
// (allowed by the house rules for specs; eslint.config.js does not list it for type:domain yet).
import { Webhook } from 'standardwebhooks';
import type { SigningSecret } from '../model/subscription.js';
import { signatureHeaders } from './signature.js';

const now = new Date('2025-03-01T12:00:00.000Z');
const secret = (fill: number): SigningSecret => ({
  secret: `whsec_${Buffer.alloc(32, fill).toString('base64')}`,
  createdAt: now,
  expiresAt: null,
});
const body = JSON.stringify({ user_info: { id: 'u1' }, meta_info: { event: 'user_registered' } });

describe('signatureHeaders', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  describe('when signing with one secret', () => {
    it('should set webhook-id, webhook-timestamp in unix seconds and one v1 signature', () => {
      const headers = signatureHeaders({ msgId: 'msg_1', timestamp: new Date(now.getTime() + 999), body, secrets: [secret(1)] });
      expect(headers['webhook-id']).toBe('msg_1');
      expect(headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
      expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    });

    it('should verify with the standardwebhooks library', () => {
      const headers = signatureHeaders({ msgId: 'msg_1', timestamp: now, body, secrets: [secret(1)] });
      expect(new Webhook(secret(1).secret).verify(body, headers)).toEqual(JSON.parse(body));
    });

    it('should equal the signature the library itself makes', () => {
      const headers = signatureHeaders({ msgId: 'msg_1', timestamp: now, body, secrets: [secret(7)] });
      expect(headers['webhook-signature']).toBe(new Webhook(secret(7).secret).sign('msg_1', now, body));
    });

    it('should sign non-ASCII bodies as UTF-8', () => {
      const unicode = JSON.stringify({ name: 'Zoë 🏕️' });
      const headers = signatureHeaders({ msgId: 'msg_2', timestamp: now, body: unicode, secrets: [secret(1)] });
      expect(() => new Webhook(secret(1).secret).verify(unicode, headers)).not.toThrow();
    });
  });

  describe('when a secret is being rotated', () => {
    it('should sign with both secrets so that each one verifies', () => {
      const headers = signatureHeaders({ msgId: 'msg_1', timestamp: now, body, secrets: [secret(2), secret(1)] });
      expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
      expect(() => new Webhook(secret(1).secret).verify(body, headers)).not.toThrow();
      expect(() => new Webhook(secret(2).secret).verify(body, headers)).not.toThrow();
      expect(() => new Webhook(secret(3).secret).verify(body, headers)).toThrow();
    });
  });

  describe('when the body, id or timestamp is tampered with', () => {
    it('should fail verification', () => {
      const headers = signatureHeaders({ msgId: 'msg_1', timestamp: now, body, secrets: [secret(1)] });
      const webhook = new Webhook(secret(1).secret);
      expect(() => webhook.verify(body.replace('u1', 'u2'), headers)).toThrow();
      expect(() => webhook.verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
      expect(() => webhook.verify(body, { ...headers, 'webhook-timestamp': String(now.getTime() / 1000 + 1) })).toThrow();
    });
  });

  describe('when a secret has no whsec_ prefix', () => {
    it('should use the whole value as base64 key, as the library does', () => {
      const raw = Buffer.alloc(32, 4).toString('base64');
      const headers = signatureHeaders({ msgId: 'msg_1', timestamp: now, body, secrets: [{ ...secret(4), secret: raw }] });
      expect(() => new Webhook(raw).verify(body, headers)).not.toThrow();
    });
  });

  describe('when there is nothing to sign with', () => {
    it('should throw, an unsigned delivery being a bug', () => {
      expect(() => signatureHeaders({ msgId: 'msg_1', timestamp: now, body, secrets: [] })).toThrow('no signing secret');
      expect(() => signatureHeaders({ msgId: 'msg_1', timestamp: now, body, secrets: [{ ...secret(1), secret: 'whsec_' }] })).toThrow();
    });
  });
});
