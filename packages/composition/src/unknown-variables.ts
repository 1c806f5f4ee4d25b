import { CLIENT_VARIABLES, ENV_SCHEMA } from './env-schema.js';

/** The prefix reserved for this service: no variable starting with it is ignored silently. */
const SERVICE_PREFIX = 'WEBHOOKS_';

const KNOWN: readonly string[] = Object.keys(ENV_SCHEMA.properties);

/**
 * The prefixes whose unknown variables are warned: `WEBHOOKS_`, and the first word of every
 * family of two or more variables the service reads (`WORKER_`, `DATABASE_`, `ALLOW_`, …), so a
 * misspelt `WORKER_CONCURENCY` is reported rather than ignored while `PATH` or `HOSTNAME` are not.
 */
function watchedPrefixes(): readonly string[] {
  const families = new Map<string, number>();
  for (const name of KNOWN) {
    const [first, ...rest] = name.split('_');
    if (first !== undefined && rest.length > 0) families.set(first, (families.get(first) ?? 0) + 1);
  }
  return [SERVICE_PREFIX, ...[...families].filter(([, count]) => count >= 2).map(([first]) => `${first}_`)];
}

/** A warning for every variable of `env` with a watched prefix that the service does not read. */
export function unknownVariableWarnings(env: Readonly<Record<string, string | undefined>>): readonly string[] {
  const prefixes = watchedPrefixes();
  return Object.keys(env)
    .filter((name) => !KNOWN.includes(name) && !CLIENT_VARIABLES.includes(name) && prefixes.some((prefix) => name.startsWith(prefix)))
    .sort()
    .map((name) => {
      const near = closest(name);
      return `${name} is not a variable of this service and is ignored${near ? ` (did you mean ${near}?)` : ''}`;
    });
}

/** The known name nearest to `name`, if it is a likely misspelling (at most 3 edits). */
function closest(name: string): string | null {
  let best: { readonly name: string; readonly distance: number } | null = null;
  for (const known of KNOWN) {
    const distance = editDistance(name, known);
    if (distance <= 3 && (best === null || distance < best.distance)) best = { name: known, distance };
  }
  return best?.name ?? null;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
