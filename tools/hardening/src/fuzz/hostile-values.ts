import fc from 'fast-check';

/**
 * Strings that break naive code: control characters and NUL, lone surrogates, direction overrides,
 * zero-width and combining characters, case mappings that change length, lookalikes, separators
 * JavaScript treats as line ends, injection-shaped text, path tricks, and long runs.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001f\u007f',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\udc00x',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\u2060',
  '\ufeff',
  '\ufffe\uffff',
  'Z\u0335\u0321\u0322\u034ea\u0337l\u0334g\u0335o\u0336'.repeat(3),
  'e\u0301'.repeat(40),
  '👨‍👩‍👧‍👦',
  '𝕳𝖊𝖑𝖑𝖔',
  'İstanbul',
  'ß'.repeat(10),
  'ﬀ',
  'ｆｕｌｌｗｉｄｔｈ',
  'іndividual',
  '\r\n',
  'a\nb',
  '\u2028\u2029',
  '%00',
  '%s%n%x',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  "'; DROP TABLE projects; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '..\\..\\windows',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '\\',
  '"',
  "'",
  '😀'.repeat(64),
  'a'.repeat(129),
];

/** Field names no schema knows, `__proto__` and friends among them. */
export const HOSTILE_KEYS: readonly string[] = ['extra', '__proto__', 'constructor', 'prototype', '', ' ', 'ID', '$where', 'a.b', '\u0000', 'k'.repeat(300), '\ud800'];

/** Strings that are no RFC 3339 date-time with a zone. */
export const BAD_DATE_TIMES: readonly string[] = [
  '',
  'yesterday',
  '2026-11-27',
  '2026-11-27T10:00:00',
  '2026-13-01T00:00:00Z',
  '2026-11-27T25:00:00Z',
  '27/11/2026 10:00',
  '2026-11-27T10:00:00 Z',
  '2026-11-27T10:00:00+2500',
  '1795785112869',
  '\u0000',
  '２０２６-11-27T10:00:00Z',
  '2026-11-27T10:00:00Z'.repeat(2),
];

/** Strings that are no e-mail address. */
export const BAD_EMAILS: readonly string[] = ['plainaddress', 'a@b', '@example.com', 'a@@example.com', 'a b@example.com', 'a@exa mple.com', '', 'a@example.com\n'];

/** Strings close to, but not in, an enumeration: case, padding, lookalikes, empty. */
export function enumMisses(allowed: readonly string[]): string[] {
  const first = allowed[0] ?? 'x';
  const candidates = [first.toUpperCase(), ` ${first}`, `${first} `, `${first}\u0000`, first.replace(/[aeio]/, (c) => ({ a: 'а', e: 'е', i: 'і', o: 'о' })[c] ?? c), '', 'null', `${first}s`, ...HOSTILE_STRINGS.slice(0, 12)];
  return [...new Set(candidates)].filter((c) => !allowed.includes(c));
}

/** The hostile strings that a pattern refuses (checked with and without the `u` flag). */
export function patternMisses(pattern: string, candidates: readonly string[]): string[] {
  const plain = new RegExp(pattern);
  let unicode: RegExp | null = null;
  try {
    unicode = new RegExp(pattern, 'u');
  } catch {
    unicode = null;
  }
  return candidates.filter((c) => !plain.test(c) && !(unicode?.test(c) ?? false));
}

/** A lone surrogate (invalid on its own in UTF-8, valid in a JSON `\u` escape). */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Hostile strings of at most `maxLength` UTF-16 units: the curated ones, and random ones of any code point. */
export function hostileString(maxLength: number): fc.Arbitrary<string> {
  const curated = HOSTILE_STRINGS.filter((s) => s.length > 0 && s.length <= maxLength);
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...(curated.length > 0 ? curated : ['x'])) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(maxLength, 40) }) },
      { weight: 1, arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom('a', '\u0000', '\u202e', 'é'), loneSurrogate), minLength: 1, maxLength: Math.min(maxLength, 12) }) },
      { weight: 1, arbitrary: fc.constantFrom('x', 'é', '😀').map((u) => u.repeat(Math.max(1, Math.floor(maxLength / u.length)))) },
    )
    .filter((s) => s.length >= 1 && s.length <= maxLength);
}

/**
 * Hostile JSON for free-form fields (`doc`, `payment`, `cart`, `when`, `product`): deep nesting
 * (written as text, see `deepText`), huge and tiny numbers, hostile keys and strings, wide objects.
 * Numbers and depth are returned as markers the caller writes into the text.
 */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(1e308, -1e308, 5e-324, 0, -1, 2 ** 53 + 2, 1.2345678901234568e29),
  fc.dictionary(fc.constantFrom(...HOSTILE_KEYS.filter((k) => k.length > 0 && k.length <= 200)), fc.constantFrom(...HOSTILE_STRINGS), { maxKeys: 4 }),
  fc.array(fc.constantFrom(...HOSTILE_STRINGS), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
);
