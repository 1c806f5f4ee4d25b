import type { ApiResult } from './api-result.js';
import type { Page } from './api-types.js';

/** Options of {@link collectPages}. */
export interface CollectOptions<T> {
  /** Most pages fetched, whatever is left. */
  readonly maxPages: number;
  /** Stop paging after the page holding an item this is true of (the items are still returned). */
  readonly stopAfter?: (item: T) => boolean;
}

/** Follows `nextCursor` from the first page, within the limits given, and answers every item read. */
export async function collectPages<T>(fetchPage: (cursor?: string) => Promise<ApiResult<Page<T>>>, options: CollectOptions<T>): Promise<ApiResult<T[]>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < options.maxPages; page += 1) {
    const result = await fetchPage(cursor);
    if (result.kind !== 'ok') return result;
    items.push(...result.value.items);
    const stop = options.stopAfter !== undefined && result.value.items.some(options.stopAfter);
    if (stop || result.value.nextCursor === null) break;
    cursor = result.value.nextCursor;
  }
  return { kind: 'ok', status: 200, value: items };
}
