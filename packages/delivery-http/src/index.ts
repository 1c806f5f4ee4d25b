/**
 * Outbound HTTP delivery: the got-based `WebhookTransport` with its SSRF guard, and the container
 * module that binds it.
 */
export { GotWebhookTransport } from './got-webhook-transport.js';
export { TRANSPORT_DEFAULTS } from './transport-options.js';
export type { GotWebhookTransportOptions } from './transport-options.js';
export { deliveryHttpContainerModule } from './delivery-http.container-module.js';
export { classifyAddress } from './address-policy.js';
export type { AddressVerdict } from './address-policy.js';
export { checkTarget, classifyHostName, BlockedTargetError } from './ssrf-guard.js';
export { ssrfTargetGuard } from './target-guard.js';
export type { TargetCheck, TargetPolicy } from './ssrf-guard.js';
export { createGuardedLookup, systemResolver } from './guarded-lookup.js';
export type { GuardedLookupOptions, HostResolver } from './guarded-lookup.js';
