/**
 * ExternalId generation for `crossrole init`. AWS wants the trusted party to generate one unique ID per target
 * (aws-rules.md R2); the ID is not a secret, but it must be unguessable so that it can't be replayed by another
 * customer of the same build principal.
 */

/** Base62: a subset of the ExternalId charset (R1) that survives every shell, YAML and URL without quoting. */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Largest multiple of 62 that fits a byte: bytes at or above it are rejected, so every letter is equally likely. */
const REJECT_FROM = 256 - (256 % ALPHABET.length);
/** 32 base62 characters carry 190 bits of entropy. */
const MIN_LENGTH = 32;
/** R1: an ExternalId is at most 1,224 characters. */
const MAX_LENGTH = 1224;

/**
 * A random ExternalId of `length` base62 characters (5.95 bits each: the default 40 carry 238 bits).
 * @param randomBytes a cryptographic RNG, e.g. `node:crypto` `randomBytes`; injected so core stays pure.
 * @param length 32..1224 characters. @default 40
 * @throws RangeError when `length` is out of range.
 */
export function generateExternalId(randomBytes: (n: number) => Uint8Array, length = 40): string {
  if (!Number.isInteger(length) || length < MIN_LENGTH || length > MAX_LENGTH) {
    throw new RangeError(`ExternalId length must be a whole number from ${MIN_LENGTH} to ${MAX_LENGTH}`);
  }
  let id = "";
  for (let round = 0; id.length < length; round++) {
    // A working RNG needs one or two rounds; a broken one (all bytes rejected, or none returned) must not hang us.
    if (round > 100) throw new Error("the random source returned no usable bytes");
    // Ask for a little more than needed: about 3% of bytes are rejected.
    for (const byte of randomBytes(length - id.length + 8)) {
      if (byte < REJECT_FROM && id.length < length) id += ALPHABET[byte % ALPHABET.length];
    }
  }
  return id;
}
