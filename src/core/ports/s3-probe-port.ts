import type { ProbeOutcome } from "../verify/probe-outcome.js";

/** Small S3 writes made inside an assumed session (`verify --probe-writes`; `src/aws/s3-probe.ts`). */
export interface S3Probe {
  /** s3:PutObject of a few bytes (text/plain) at `bucket/key`. */
  putCanary(bucket: string, key: string): Promise<ProbeOutcome>;
  /** s3:DeleteObject of `bucket/key`. */
  deleteObject(bucket: string, key: string): Promise<ProbeOutcome>;
  destroy(): void;
}
