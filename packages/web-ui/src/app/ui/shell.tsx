import type { ComponentChildren } from 'preact';
import type { Route } from '../model/route.js';
import { ALL_DELIVERIES, routeHref } from '../model/route.js';

/** Props of {@link Shell}. */
export interface ShellProps {
  readonly projectId: string;
  readonly route: Route;
  readonly onSignOut: () => void;
  readonly children: ComponentChildren;
}

/** The signed-in frame: a skip link, the project, the Webhooks and Deliveries tabs, and sign-out. */
export function Shell({ projectId, route, onSignOut, children }: ShellProps) {
  const section = route.view === 'not-found' ? null : route.view === 'deliveries' || route.view === 'delivery' ? 'deliveries' : 'webhooks';
  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="top">
        <div class="top__project">
          <span class="top__title">Webhooks admin</span>
          <span class="top__id">
            Project <code>{projectId}</code>
          </span>
        </div>
        <nav aria-label="Sections" class="tabs">
          <a href={routeHref({ view: 'webhooks' })} class="tabs__tab" aria-current={section === 'webhooks' ? 'page' : undefined}>
            Webhooks
          </a>
          <a href={routeHref({ view: 'deliveries', query: ALL_DELIVERIES })} class="tabs__tab" aria-current={section === 'deliveries' ? 'page' : undefined}>
            Deliveries
          </a>
        </nav>
        <button type="button" class="top__sign-out" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** The page routes by the hash, so the skip link moves focus itself instead of changing it. */
function skipToMain(event: MouseEvent) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
