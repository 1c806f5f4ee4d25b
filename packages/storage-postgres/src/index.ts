import { add } from '@webhooks/domain';
import { Kysely } from 'kysely';
import got from 'got';
/** x */
export const x = add(1, 1) + (Kysely ? 1 : 0) + (got ? 1 : 0);
