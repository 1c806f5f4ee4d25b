import { ALL_DELIVERIES, routeHref } from '../model/route.js';
import { PageHeading } from '../ui/page-heading.js';

/** What an address the page cannot read shows: what was asked for, and the way back. */
export function NotFoundView({ address }: { readonly address: string }) {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>
        Nothing of this page lives at the address <code>{address}</code>: it may have been cut or mistyped.
      </p>
      <p>
        Go to the <a href={routeHref({ view: 'webhooks' })}>webhooks</a> or the <a href={routeHref({ view: 'deliveries', query: ALL_DELIVERIES })}>deliveries</a>.
      </p>
    </>
  );
}
