/**
 * A fast, non-cryptographic 106-bit hash (two 53-bit cyrb53 lanes with different seeds), as 28 hex characters.
 * Used to NAME cache files and to notice that a file changed, on the cache-hit path where loading node:crypto
 * would be a measurable share of crossrole's start-up. Not for anything an attacker could exploit: the caches
 * store and compare their full keys, so a collision can only cause a miss, never a wrong hit; and content digests
 * (spec, shared AWS files) guard against accidental change, in files only the user can write.
 */
export function fastHash(text: string): string {
  return lane(text, 0x9e3779b9) + lane(text, 0x85ebca6b);
}

// --- internal ---

/** cyrb53 (public domain, bryc): 53 bits as 14 hex digits. */
function lane(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(16).padStart(14, "0");
}
