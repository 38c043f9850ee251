// The property tests' generator: its draws must look random, or the tests explore a sliver of their input space
// (the old LCG in float arithmetic lost precision past 2^53 and made next() % 2 alternate).
import { describe, expect, it } from "vitest";
import { seededRandom } from "../support/seeded-random.js";

const draws = (seed: number, n: number) => {
  const next = seededRandom(seed);
  return Array.from({ length: n }, () => next());
};

describe("seededRandom", () => {
  it.each([0, 1, 7, 42, 1619, 2 ** 31 - 1])(
    "seed %d: the same sequence every time, integers in [0, 2^32)",
    (seed) => {
      const values = draws(seed, 1000);
      expect(draws(seed, 1000)).toEqual(values);
      for (const value of values) {
        expect(Number.isInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(2 ** 32);
      }
    },
  );

  it("different seeds give different sequences", () => {
    expect(draws(1, 20)).not.toEqual(draws(2, 20));
  });

  it.each([2, 3, 4, 10])(
    "next() mod %d over 20,000 draws: every residue near 1/n, and every pair of residues too",
    (n) => {
      const values = draws(42, 20_001);
      const counts = new Array<number>(n).fill(0);
      const pairs = new Array<number>(n * n).fill(0);
      for (let i = 0; i < 20_000; i++) {
        const a = (values[i] as number) % n;
        const b = (values[i + 1] as number) % n;
        counts[a] = (counts[a] as number) + 1;
        pairs[a * n + b] = (pairs[a * n + b] as number) + 1;
      }
      // Chi-square against uniform; the bounds are far beyond what a fair generator reaches (p < 1e-6).
      const chi = (observed: number[], expected: number) =>
        observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
      expect(chi(counts, 20_000 / n)).toBeLessThan(40);
      expect(chi(pairs, 20_000 / (n * n))).toBeLessThan(n * n + 60);
    },
  );

  it("does not cycle within 100,000 draws", () => {
    const values = draws(7, 100_000);
    expect(new Set(values).size).toBeGreaterThan(99_990);
  });
});
