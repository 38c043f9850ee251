/**
 * Runs `work` over `items` with at most `limit` in flight, and returns the results in the items' order. Each
 * item's failure is its own: `work` is expected to catch and return it (one failing target must not stop the
 * others), so a rejection here is a bug and propagates.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
