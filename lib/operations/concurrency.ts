// Bounded concurrency for fleet-wide work: at most `limit` items in flight,
// results in input order, and one item's failure never stops the others.

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function mapBounded<I, O>(
  items: readonly I[],
  limit: number,
  work: (item: I, index: number) => Promise<O>,
  onSettled?: (result: Settled<O>, item: I, index: number) => void,
): Promise<Settled<O>[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  const results = new Array<Settled<O>>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as I;
      let result: Settled<O>;
      try {
        result = { ok: true, value: await work(item, index) };
      } catch (error) {
        result = { ok: false, error };
      }
      results[index] = result;
      onSettled?.(result, item, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
