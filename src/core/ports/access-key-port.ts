import type { AccessKey } from "./iam-port.js";

/** One access key of a user, as ListAccessKeys reports it (no secret). */
export interface AccessKeyInfo {
  accessKeyId: string;
  status: "Active" | "Inactive";
  createDate?: Date;
}

/**
 * The IAM access-key calls `revoke --disable-build-keys` and `rotate build-key` need (BUILD admin credentials;
 * `src/aws/access-key-adapter.ts`).
 */
export interface AccessKeyPort {
  listAccessKeys(userName: string): Promise<AccessKeyInfo[]>;
  createAccessKey(userName: string): Promise<AccessKey>;
  setAccessKeyStatus(userName: string, accessKeyId: string, status: "Active" | "Inactive"): Promise<void>;
  deleteAccessKey(userName: string, accessKeyId: string): Promise<void>;
}
