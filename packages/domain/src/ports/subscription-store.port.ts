import type { Subscription } from '../model/subscription.js';
import type { Page, PageRequest } from './cursor.js';

/** Webhooks. Lists are in creation order (createdAt, then id). */
export interface SubscriptionStore {
  insert(subscription: Subscription): Promise<void>;
  update(subscription: Subscription): Promise<void>;
  /** Deletes a webhook; its pending deliveries become suppressed (`subscription_disabled`), its log stays. */
  delete(projectId: string, id: string): Promise<boolean>;
  get(projectId: string, id: string): Promise<Subscription | null>;
  /** The subscription of this project whose normalised URL is `url`, if any. */
  findByUrl(projectId: string, url: string): Promise<Subscription | null>;
  list(projectId: string, page: PageRequest): Promise<Page<Subscription>>;
  /** Every subscription (enabled or not) to any of these concrete keys, in creation order. */
  listForEvents(projectId: string, eventKeys: readonly string[]): Promise<readonly Subscription[]>;
}
