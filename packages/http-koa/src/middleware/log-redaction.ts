/**
 * Log paths that may hold a credential, for pino's `redact`: authorization headers and any
 * `apiKey`, `platformKey`, `secret`, `password` field, at the top or a few levels down. The app
 * should give the same list to its root logger; the HTTP app also applies it to its own loggers.
 */
export const REDACT_PATHS: readonly string[] = ['authorization', 'apiKey', 'platformKey', 'secret', 'password', 'token'].flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `*.*.*.${key}`,
  `req.headers.${key}`,
  `headers["${key}"]`,
]);
