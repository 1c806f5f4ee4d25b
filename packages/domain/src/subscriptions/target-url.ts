/** The longest target URL accepted, before and after normalisation. */
export const MAX_TARGET_URL_LENGTH = 2048;

/** A normalised target URL, or why the text is not an acceptable one. */
export type NormalisedTargetUrl =
  | { readonly kind: 'ok'; readonly url: string }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Checks and normalises a subscription's target URL with the WHATWG URL parser: absolute
 * `https` (`http` too when `allowHttp`), a host, no user name or password, at most 2048
 * characters. The result has scheme and host lower-cased (IDN as punycode), no default port,
 * `/` for an empty path and no fragment, so two spellings of one URL compare equal.
 * Normalising a normalised URL returns it unchanged.
 */
export function normaliseTargetUrl(raw: string, options: { readonly allowHttp: boolean }): NormalisedTargetUrl {
  if (raw.length > MAX_TARGET_URL_LENGTH) {
    return tooLong();
  }
  let url: URL;
  // The parser refuses an http(s) URL without a host, so "host required" is checked here too.
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'error', message: 'url must be an absolute URL with a host, such as https://example.com/hooks' };
  }
  const allowed = options.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) {
    const expected = options.allowHttp ? 'https or http' : 'https';
    return { kind: 'error', message: `url must use ${expected}, not ${url.protocol.slice(0, -1)}` };
  }
  if (url.username !== '' || url.password !== '') {
    return { kind: 'error', message: 'url must not contain a user name or password' };
  }
  url.hash = '';
  const normalised = url.href;
  return normalised.length > MAX_TARGET_URL_LENGTH ? tooLong() : { kind: 'ok', url: normalised };
}

function tooLong(): NormalisedTargetUrl {
  return { kind: 'error', message: `url must be at most ${MAX_TARGET_URL_LENGTH} characters` };
}
