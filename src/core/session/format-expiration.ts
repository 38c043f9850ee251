/**
 * ISO 8601 in UTC without milliseconds (`2025-01-01T12:00:00Z`), as STS and the aws CLI print it. Truncating the
 * milliseconds makes the stated expiry at most one second early, never late. Built from the getUTC* fields, not
 * with toISOString: V8 loads the machine's time zone (/etc/localtime) on a Date's first toISOString, about a
 * millisecond of a cache-hit `assume`, for a UTC string. For years 0 to 9999 it is toISOString's text
 * (format-expiration.test.ts checks that on random dates); other years and an invalid date go to toISOString.
 */
export function formatExpiration(expiration: Date): string {
  const year = expiration.getUTCFullYear();
  // Outside years 0 to 9999 (an invalid date included: NaN), toISOString's own form (±YYYYYY) or RangeError.
  if (!(year >= 0 && year <= 9999)) return expiration.toISOString().replace(/\.\d{3}Z$/, "Z");
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${String(year).padStart(4, "0")}-${two(expiration.getUTCMonth() + 1)}-${two(expiration.getUTCDate())}T${two(expiration.getUTCHours())}:${two(expiration.getUTCMinutes())}:${two(expiration.getUTCSeconds())}Z`;
}
