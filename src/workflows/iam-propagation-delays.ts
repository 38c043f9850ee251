/**
 * The waits of a proof that an IAM change took effect (a rotated ExternalId, a new access key, a revoke policy):
 * about 15 s in all, then the proof reports what it saw. AWS propagates IAM changes within seconds, sometimes
 * minutes.
 */
export const IAM_PROPAGATION_DELAYS_MS: readonly number[] = [500, 1000, 2000, 4000, 8000];
