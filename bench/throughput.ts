/**
 * Shared by the pool benchmarks (read-pool, extract-pool): items per second through `run`, with
 * `inFlight` of them in flight at a time.
 * @module
 */
export async function itemsPerSecond<T>(items: T[], run: (item: T) => Promise<unknown>, inFlight: number): Promise<number> {
  const t = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < items.length) await run(items[next++])
    }),
  )
  return items.length / ((performance.now() - t) / 1000)
}
