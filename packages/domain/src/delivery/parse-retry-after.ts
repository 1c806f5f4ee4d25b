const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = MONTHS.join('|');

// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept.
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (${MONTH}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`);
const RFC_850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(${MONTH})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`,
);
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$`);

/**
 * Reads a `Retry-After` header as the delay it asks for, in ms from `now`: delay-seconds
 * (`120`) or an HTTP-date (IMF-fixdate, RFC 850 or asctime); a date in the past is 0. Null when
 * the header is absent or malformed.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = httpDate(trimmed, now);
  return at === null ? null : Math.max(0, at - now.getTime());
}

function httpDate(value: string, now: Date): number | null {
  let m = IMF_FIXDATE.exec(value);
  if (m) return utc(Number(m[3]), m[2], Number(m[1]), m[4], m[5], m[6]);
  m = RFC_850.exec(value);
  if (m) {
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110).
    let year = 2000 + Number(m[3]);
    if (year > now.getUTCFullYear() + 50) year -= 100;
    return utc(year, m[2], Number(m[1]), m[4], m[5], m[6]);
  }
  m = ASCTIME.exec(value);
  if (m) return utc(Number(m[6]), m[1], Number(m[2]), m[3], m[4], m[5]);
  return null;
}

function utc(
  year: number,
  monthName: string | undefined,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
): number | null {
  const month = MONTHS.findIndex((name) => name === monthName);
  const [h, min, s] = [Number(hour), Number(minute), Number(second)];
  if (h > 23 || min > 59 || s > 60) return null;
  const date = new Date(Date.UTC(year, month, day, h, min, Math.min(s, 59)));
  // Date.UTC rolls 31 Feb over into March: such a date does not exist.
  return date.getUTCMonth() === month && date.getUTCDate() === day ? date.getTime() : null;
}
