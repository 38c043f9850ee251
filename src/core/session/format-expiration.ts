/**
 * ISO 8601 in UTC without milliseconds (`2025-01-01T12:00:00Z`), as STS and the aws CLI print it. Truncating the
 * milliseconds makes the stated expiry at most one second early, never late.
 */
export function formatExpiration(expiration: Date): string {
  return expiration.toISOString().replace(/\.\d{3}Z$/, "Z");
}
