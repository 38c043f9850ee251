import { sha256 } from "@noble/hashes/sha2.js";

/**
 * The SHA-256 of `data` (a string is hashed as UTF-8) as 64 hex digits: the same digest as node:crypto's, computed
 * with @noble/hashes so the credential helper's cache-hit path does not load node:crypto (10 to 20 ms).
 */
export function sha256Hex(data: string | Uint8Array): string {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return Buffer.from(sha256(bytes)).toString("hex");
}
