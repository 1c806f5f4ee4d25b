import { ContainerModule } from 'inversify';
import { TOKENS, type TargetGuard, type WebhookTransport } from '@webhooks/domain';
import { GotWebhookTransport } from './got-webhook-transport.js';
import { ssrfTargetGuard } from './target-guard.js';
import type { GotWebhookTransportOptions } from './transport-options.js';

/**
 * Binds `TOKENS.WebhookTransport` to one {@link GotWebhookTransport} built from `options`, and
 * `TOKENS.TargetGuard` to the same SSRF rule ({@link ssrfTargetGuard}) for webhooks being saved.
 * Unbinding it (or `container.unbindAll()` on shutdown) closes the transport's pooled sockets.
 */
export function deliveryHttpContainerModule(options: GotWebhookTransportOptions): ContainerModule {
  return new ContainerModule((o) => {
    const transport = new GotWebhookTransport(options);
    o.bind<WebhookTransport>(TOKENS.WebhookTransport)
      .toConstantValue(transport)
      .onDeactivation(() => {
        transport.close();
      });
    o.bind<TargetGuard>(TOKENS.TargetGuard).toConstantValue(ssrfTargetGuard(options));
  });
}
