/**
 * `npm test` on a machine without the Debian tools: scripts/test.js leaves out exactly the test files
 * whose tool is missing, one line per group naming what is missing and the command that installs it;
 * the install script shared with .ci/run installs only what is missing. Run with PATH and the system
 * root pointed at empty folders, never the whole suite.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const bare = mkdtempSync(join(tmpdir(), 'klachten-bare-'))
const binDir = join(bare, 'bin')
const sysRoot = join(bare, 'root')
spawnSync('mkdir', ['-p', binDir, sysRoot])
// Only what the scripts themselves run: node, and dirname for the shell script.
symlinkSync(process.execPath, join(binDir, 'node'))
for (const cmd of ['dirname', 'id']) {
  const where = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim()
  if (where) symlinkSync(where, join(binDir, cmd))
}
const fresh = { ...process.env, PATH: binDir, KLACHTEN_SYSTEM_ROOT: sysRoot }

const node = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' })

afterAll(() => rmSync(bare, { recursive: true, force: true }))

describe('npm test on a fresh machine', () => {
  it('says per group what is skipped, what is missing and how to install it', () => {
    const r = node(['scripts/test.js', '--plan'], fresh)
    expect(r.status).toBe(0)
    const lines = r.stdout.trim().split('\n')
    const line = (what: string) => lines.find((l) => l.includes(`— ${what} missing`))
    expect(line('Dovecot (IMAP server)')).toMatch(
      /^skipped: 1 test file\(s\) \(imap-kill\.live\.test\.ts\) — .*install: (sudo )?apt-get install -y --no-install-recommends dovecot-imapd \(or: npm run setup\)$/,
    )
    expect(line('Liberation fonts')).toContain('letter-noise.test.ts')
    expect(line('Liberation fonts')).toContain('apt-get install -y --no-install-recommends fonts-liberation')
    expect(line('Chromium (browser tests)')).toMatch(/review\.test\.ts.*install: .*chromium/)
    // one line per group, every line a skip line
    expect(lines.every((l) => l.startsWith('skipped: '))).toBe(true)
    expect(new Set(lines.map((l) => l.split(' — ')[1])).size).toBe(lines.length)
  })

  it('leaves nothing out where the tools are there', () => {
    const all = node(['scripts/test.js', '--plan'], { ...process.env, KLACHTEN_SYSTEM_ROOT: '/' })
    const have = node(['scripts/system-deps.js'], process.env).stdout
    // whatever this machine lacks is exactly what the plan skips
    for (const l of all.stdout
      .trim()
      .split('\n')
      .filter((x) => x.startsWith('skipped: '))) {
      const what = /— (.*) missing/.exec(l)?.[1] ?? ''
      expect(have).toContain(what)
    }
  })

  it('runs what it can, leaves out what needs a missing tool and counts its tests as skipped', () => {
    // fonts "missing" (system root pointed at an empty folder); two files only, no type check
    const r = node(['scripts/test.js', '--no-checks', 'test/letter-noise.test.ts', 'src/classify/stamp.test.ts'], {
      ...process.env,
      KLACHTEN_SYSTEM_ROOT: sysRoot,
    })
    const out = r.stdout
    const skipped =
      /skipped: (\d+) test\(s\) in 1 file\(s\) \(letter-noise\.test\.ts\) — Liberation fonts missing; install: .*fonts-liberation/.exec(out)
    expect(skipped, out).not.toBeNull()
    expect(Number(skipped![1])).toBeGreaterThan(0)
    const summary = /^tests: (\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(out)
    expect(summary, out).not.toBeNull()
    expect(Number(summary![1])).toBeGreaterThan(10) // the stamp tests ran
    expect(summary![2]).toBe('0')
    expect(summary![3]).toBe(skipped![1])
    expect(out).not.toContain('letter-noise.test.ts (') // not run
    expect(r.status).toBe(0)
  }, 300_000)

  it('the closing line counts passed, failed and skipped', () => {
    const r = node(
      [
        '--input-type=module',
        '-e',
        "import { summaryLine } from './scripts/test.js'; console.log(summaryLine({ passed: 7, failed: 0, skipped: 3 }))",
      ],
      process.env,
    )
    expect(r.stdout.trim()).toBe('tests: 7 passed, 0 failed, 3 skipped')
  })

  it('names each failed test again at the end, with the first line of its message', () => {
    const report = {
      testResults: [
        {
          name: join(root, 'test/a.test.ts'),
          status: 'failed',
          assertionResults: [
            { status: 'passed', fullName: 'a works' },
            { status: 'failed', fullName: 'a › breaks', failureMessages: ['\nAssertionError: expected 1 to be 2\n    at x.ts:1'] },
          ],
        },
        { name: join(root, 'test/b.test.ts'), status: 'failed', message: 'Hook timed out in 120000ms', assertionResults: [] },
        { name: join(root, 'test/c.test.ts'), status: 'passed', assertionResults: [{ status: 'passed', fullName: 'c' }] },
      ],
    }
    const r = node(
      [
        '--input-type=module',
        '-e',
        `import { failedTests } from './scripts/test.js'; console.log(JSON.stringify(failedTests(${JSON.stringify(report)}, 'pg')))`,
      ],
      process.env,
    )
    expect(JSON.parse(r.stdout)).toEqual([
      '[pg] test/a.test.ts › a › breaks: AssertionError: expected 1 to be 2',
      '[pg] test/b.test.ts: Hook timed out in 120000ms',
    ])
  })

  it('the install script (shared with .ci/run) lists what it would install, and says so when it cannot', () => {
    const pkgs = node(['scripts/system-deps.js', '--packages'], fresh).stdout.trim().split('\n')
    expect(pkgs).toEqual(
      expect.arrayContaining([
        'dovecot-imapd',
        'chromium',
        'tesseract-ocr',
        'tesseract-ocr-nld',
        'poppler-utils',
        'qpdf',
        'fonts-liberation',
      ]),
    )
    const r = spawnSync('/bin/bash', ['scripts/install-system-deps.sh'], { cwd: root, env: fresh, encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('apt-get is not available here')
    expect(r.stderr).toContain('dovecot-imapd')
  })
})
