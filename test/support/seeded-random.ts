/**
 * A seeded pseudo-random generator, the same "random" inputs on every run and machine: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counter, PractRand-clean), in 32-bit integer arithmetic only (adds, xors and shifts kept in range by
 * `| 0` and `>>> 0`), so no intermediate leaves the range doubles hold exactly. Each call returns an integer in
 * [0, 2^32); `next() % n` is then uniform enough for tests (bias below n / 2^32).
 */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Mix the seed through the state before the first draw (nearby seeds otherwise start alike).
  for (let i = 0; i < 15; i++) next();
  return next;
}
