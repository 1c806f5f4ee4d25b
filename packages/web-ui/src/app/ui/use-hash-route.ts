import { useEffect, useState } from 'preact/hooks';
import type { Route } from '../model/route.js';
import { parseRoute, routeHref } from '../model/route.js';

/** The route of the address's hash, following back and forward and link clicks. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/** Goes to a route, as a link to it would. */
export function navigate(route: Route): void {
  location.hash = routeHref(route);
}
