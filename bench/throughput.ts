/**
 * Shared by the pool benchmarks (read-pool, extract-pool): their generated complaint mails, the
 * `--messages N` option, and items per second through a pool.
 * @module
 */
import { parseArgs } from 'node:util'

/** `--messages N` (default 2000). */
export function messageCount(): number {
  const { values } = parseArgs({ options: { messages: { type: 'string', default: '2000' } }, strict: false })
  return Number(values.messages)
}

/** Complaint mail number `n`, plain text, with `body` (its own line or lines) as the complaint. */
export function complaintMail(n: number, body: string): Uint8Array {
  return new TextEncoder().encode(
    `From: Burger ${n} <burger${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${n}\r\nMessage-ID: <b${n}@example.nl>\r\n` +
      `Date: Mon, 2 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGeachte heer/mevrouw,\r\n\r\n` +
      `${body}\r\n\r\nMet vriendelijke groet,\r\nBurger ${n}\r\n`,
  )
}

/** Items per second through `run`, with `inFlight` of them in flight at a time. */
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
