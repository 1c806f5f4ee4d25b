import { describe, expect, it } from '@jest/globals';
import { x } from './index.js';
import { Container } from 'inversify';
import got from 'got';

describe('x', () => {
  it('should be 4', () => {
    expect(x).toBe(4);
    expect(new Container()).toBeDefined();
    expect(typeof got).toBe('function');
  });
});
