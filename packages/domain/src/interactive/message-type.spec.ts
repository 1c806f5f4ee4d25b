import { describe, expect, it } from '@jest/globals';
import { parseMessageType } from './message-type.js';

describe('parseMessageType', () => {
  describe('when given a known type in any case', () => {
    it('should read it, info as information', () => {
      expect(parseMessageType('ERROR')).toBe('error');
      expect(parseMessageType(' Warning ')).toBe('warning');
      expect(parseMessageType('notification')).toBe('notification');
      expect(parseMessageType('Success')).toBe('success');
      expect(parseMessageType('information')).toBe('information');
      expect(parseMessageType('INFO')).toBe('information');
    });
  });

  describe('when given anything else', () => {
    it('should refuse it, including inherited object keys', () => {
      expect(parseMessageType('fatal')).toBeNull();
      expect(parseMessageType('toString')).toBeNull();
      expect(parseMessageType('')).toBeNull();
    });
  });
});
