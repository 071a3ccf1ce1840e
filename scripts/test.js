#!/usr/bin/env node
// `npm test`: type check, then the whole suite on the embedded database (PGlite), then the
// database tests again against the real PostgreSQL server when one answers on 127.0.0.1:5432,
// then the browser tests when Debian's chromium is installed. Ends with one line
// "tests: N passed, N failed" summing every run.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const out = mkdtempSync(join(tmpdir(), 'klachten-test-'))
let passed = 0
let failed = 0
let skipped = 0
let ok = true

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0) ok = false
  return r.status === 0
}

function vitest(label, args, env = {}) {
  const file = join(out, `${label.replace(/\W+/g, '-')}.json`)
  run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${file}`, ...args], env)
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8'))
    passed += r.numPassedTests
    failed += r.numFailedTests
    skipped += r.numPendingTests + (r.numTodoTests ?? 0)
    if (r.numTotalTestSuites > 0 && r.numFailedTestSuites > 0 && r.numFailedTests === 0) failed += r.numFailedTestSuites
  } else {
    failed += 1
  }
}

function postgresAnswers() {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port: 5432, timeout: 1500 })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
    s.once('timeout', () => {
      s.destroy()
      resolve(false)
    })
  })
}

/** Test files that use a database (they import the test database helper). */
function databaseTestFiles() {
  return readdirSync('test', { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts') && !f.startsWith('e2e'))
    .filter((f) => /helpers\/db\.ts/.test(readFileSync(join('test', f), 'utf8')))
    .map((f) => join('test', f))
}

if (!run('type check (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', '.'])) failed += 1
if (!run('format and lint (biome check; npm run format fixes most)', 'npx', ['biome', 'check', '.'])) failed += 1

vitest('unit and integration tests on PGlite', [], { TEST_DATABASE: 'pglite' })

if (process.env.SKIP_POSTGRES !== '1' && (await postgresAnswers())) {
  const files = databaseTestFiles()
  if (files.length) vitest('database tests on PostgreSQL 127.0.0.1:5432', files, { TEST_DATABASE: 'postgres' })
} else {
  console.log('\n=== PostgreSQL on 127.0.0.1:5432 does not answer: database tests ran on PGlite only')
}

if (existsSync('test/e2e/vitest.config.ts')) {
  if (existsSync('/usr/bin/chromium')) vitest('browser tests (Debian chromium)', ['--config', 'test/e2e/vitest.config.ts'])
  else console.log('\n=== /usr/bin/chromium is missing: browser tests not run (.ci/run installs it)')
}

rmSync(out, { recursive: true, force: true })
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(ok && failed === 0 ? 0 : 1)
