import { describe, expect, it } from '@jest/globals';
import type { ApiResult } from './api-result.js';
import type { Page } from './api-types.js';
import { collectPages } from './collect-pages.js';

const pages: Record<string, Page<number>> = {
  first: { items: [9, 8], nextCursor: 'b' },
  b: { items: [7, 6], nextCursor: 'c' },
  c: { items: [5], nextCursor: null },
};
const fetchPage = async (cursor?: string): Promise<ApiResult<Page<number>>> => ({ kind: 'ok', status: 200, value: pages[cursor ?? 'first']! });

describe('collectPages', () => {
  it('should follow the cursor to the end', async () => {
    expect(await collectPages(fetchPage, { maxPages: 10 })).toEqual({ kind: 'ok', status: 200, value: [9, 8, 7, 6, 5] });
  });
  it('should stop at the page limit', async () => {
    expect(await collectPages(fetchPage, { maxPages: 1 })).toMatchObject({ value: [9, 8] });
  });
  it('should stop after the page holding an item past the end', async () => {
    expect(await collectPages(fetchPage, { maxPages: 10, stopAfter: (n) => n < 8 })).toMatchObject({ value: [9, 8, 7, 6] });
  });
  it('should answer the first problem met', async () => {
    const failing = async (): Promise<ApiResult<Page<number>>> => ({ kind: 'problem', problem: { title: 'Unauthorized', status: 401 } });
    expect(await collectPages(failing, { maxPages: 3 })).toEqual({ kind: 'problem', problem: { title: 'Unauthorized', status: 401 } });
  });
});
