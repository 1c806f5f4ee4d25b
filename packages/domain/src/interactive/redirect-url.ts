/** Longest redirect a subscriber may ask for. */
export const MAX_REDIRECT_LENGTH = 2048;

/**
 * Whether `value` is a redirect the platform may follow: an absolute `http` or `https` URL with a
 * host, no credentials, no whitespace or control characters, at most
 * {@link MAX_REDIRECT_LENGTH} characters. Anything else (`javascript:`, `data:`, `ftp:`,
 * relative or protocol-relative URLs) is refused.
 */
export function isSafeRedirect(value: string): boolean {
  // The URL parser strips tabs, newlines and edge spaces; refusing them keeps what we hand on unambiguous.
  // eslint-disable-next-line no-control-regex
  if (value.length > MAX_REDIRECT_LENGTH || /[\s\u0000-\u001f\u007f]/.test(value)) return false;
  if (!/^https?:\/\//i.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
}
