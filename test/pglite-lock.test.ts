import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, startCli } from './helpers/cli.ts'

describe("the embedded database is one process's", () => {
  it('refuses a second process with a clear message, and opens again once the first has stopped', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'klachten-lock-'))
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', INBOX_DIR: '', SERVE_WEB: 'false', RUN_WORKERS: 'false' }
    const serve = startCli(['serve'], env)
    try {
      await new Promise<void>((resolve, reject) => {
        let out = ''
        serve.child.stdout!.on('data', (d) => {
          out += d
          if (out.includes('ready')) resolve()
        })
        void serve.done.then((r) => reject(new Error(`serve exited (${r.code}): ${r.stderr.slice(-800)}`)))
      })
      const second = await runCli(['items', '--json'], env)
      expect(second.code).toBe(2)
      expect(second.stderr).toMatch(/in use by process \d+/)
    } finally {
      serve.child.kill('SIGTERM')
      await serve.done
    }
    const after = await runCli(['items', '--json'], env)
    expect(after.code).toBe(0)
    await rm(dataDir, { recursive: true, force: true })
  }, 90_000)
})
