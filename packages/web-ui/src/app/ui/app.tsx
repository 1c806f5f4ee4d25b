import { useMemo, useState } from 'preact/hooks';
import { ApiClient } from '../api/api-client.js';
import type { Credentials } from '../api/api-client.js';
import { sessionStore } from '../session/session-store.js';
import { DeliveriesView } from '../views/deliveries-view.js';
import { DeliveryView } from '../views/delivery-view.js';
import { NotFoundView } from '../views/not-found-view.js';
import { SignInView } from '../views/sign-in-view.js';
import { WebhookFormView } from '../views/webhook-form-view.js';
import { WebhooksView } from '../views/webhooks-view.js';
import { ApiContext } from './api-context.js';
import { Shell } from './shell.js';
import { useHashRoute } from './use-hash-route.js';

/** The page: sign-in until there are credentials in this tab's session, then the shell and the routed view. */
export function App() {
  const [credentials, setCredentials] = useState<Credentials | null>(() => sessionStore.load());
  const [notice, setNotice] = useState<string | null>(null);
  const route = useHashRoute();
  const signOut = (message: string | null) => {
    sessionStore.clear();
    setNotice(message);
    setCredentials(null);
  };
  const api = useMemo(
    () => (credentials === null ? null : new ApiClient(credentials, () => signOut('Your API key is no longer accepted: sign in again.'))),
    [credentials],
  );

  if (credentials === null || api === null) {
    return (
      <SignInView
        notice={notice}
        onSignedIn={(signedIn) => {
          sessionStore.save(signedIn);
          setNotice(null);
          setCredentials(signedIn);
        }}
      />
    );
  }
  return (
    <ApiContext.Provider value={api}>
      <Shell projectId={credentials.projectId} route={route} onSignOut={() => signOut('You are signed out.')}>
        <View route={route} />
      </Shell>
    </ApiContext.Provider>
  );
}

function View({ route }: { readonly route: ReturnType<typeof useHashRoute> }) {
  switch (route.view) {
    case 'webhooks':
      return <WebhooksView />;
    case 'new-webhook':
      return <WebhookFormView />;
    case 'edit-webhook':
      return <WebhookFormView id={route.id} />;
    case 'deliveries':
      return <DeliveriesView query={route.query} />;
    case 'delivery':
      return <DeliveryView key={route.id} id={route.id} />;
    case 'not-found':
      return <NotFoundView address={route.address} />;
  }
}
