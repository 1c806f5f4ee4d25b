import { describe, expect, it, jest } from '@jest/globals';
import { Container } from 'inversify';
import { TOKENS, type WebhookTransport } from '@webhooks/domain';
import { deliveryHttpContainerModule } from './delivery-http.container-module.js';
import { GotWebhookTransport } from './got-webhook-transport.js';

describe(deliveryHttpContainerModule.name, () => {
  describe('when loaded into a container', () => {
    it('should bind the WebhookTransport token to one GotWebhookTransport', () => {
      const container = new Container();
      container.load(deliveryHttpContainerModule({ allowPrivateTargets: false, allowHttpTargets: false }));

      const transport = container.get<WebhookTransport>(TOKENS.WebhookTransport);

      expect(transport).toBeInstanceOf(GotWebhookTransport);
      expect(container.get(TOKENS.WebhookTransport)).toBe(transport);
      container.unbindAll();
    });

    it('should close the transport when the binding is removed', () => {
      const container = new Container();
      container.load(deliveryHttpContainerModule({ allowPrivateTargets: false, allowHttpTargets: false }));
      const transport = container.get<GotWebhookTransport>(TOKENS.WebhookTransport);
      const close = jest.spyOn(transport, 'close');

      container.unbindAll();

      expect(close).toHaveBeenCalledTimes(1);
    });
  });
});
