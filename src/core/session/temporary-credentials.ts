/** Short-lived credentials, as STS returns them for an assumed role. Never logged, never put in argv. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Absent only for long-term IAM user keys. */
  sessionToken?: string;
  /** When the credentials stop working; absent for long-term keys. */
  expiration?: Date;
}

/** True when `credentials` expire within `seconds` of `now` (or already have). Long-term keys never expire. */
export function expiresWithin(credentials: TemporaryCredentials, now: Date, seconds: number): boolean {
  if (credentials.expiration === undefined) return false;
  return credentials.expiration.getTime() - now.getTime() <= seconds * 1000;
}
