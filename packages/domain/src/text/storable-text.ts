/** A UTF-16 surrogate without its other half: not a character, and not storable as text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const REPLACEMENT = '\uFFFD';

/**
 * Why a string cannot be kept as text (Postgres refuses NUL in text and jsonb, and lone
 * surrogates have no UTF-8 form), or null when it can.
 */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it holds a lone surrogate)';
  return null;
}

/** `text` with every NUL and every lone surrogate replaced by U+FFFD: text any store keeps as it is. */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', REPLACEMENT).replace(LONE_SURROGATES, REPLACEMENT);
}

/**
 * At most `maxChars` UTF-16 units of `text`, cut on a character boundary (a surrogate pair that
 * the cut would split is left out whole), made storable.
 */
export function excerpt(text: string, maxChars: number): string {
  const splitsPair = isHighSurrogate(text.charCodeAt(maxChars - 1)) && isLowSurrogate(text.charCodeAt(maxChars));
  return storableText(text.slice(0, splitsPair ? maxChars - 1 : maxChars));
}

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;
