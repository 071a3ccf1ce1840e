#!/usr/bin/env node
// `npm test`: type check, then the whole suite on the embedded database (PGlite), then the
// database tests again against the real PostgreSQL server when one answers on 127.0.0.1:5432,
// then the browser tests in Debian's chromium.
//
// A test file that needs a Debian tool names it (`// @needs tesseract`, tool ids in
// scripts/system-deps.js); the browser tests need chromium. Where a tool is missing, exactly those
// files are left out, with one line per group saying what is missing and how to install it
// (`npm run setup` installs everything), and their tests are counted as skipped. Ends with one line
// "tests: N passed, N failed, N skipped" summing every run.
//
// A database test file marked `// @one-database` tests the readers or the process, not SQL (the
// database only stores what they produce): it runs once, on PostgreSQL when that answers, and
// otherwise on PGlite.
//
//   node scripts/test.js --plan    only print what would be skipped, and why
//   node scripts/test.js [--no-checks] FILE...   the same runs over these test files only
//                                  (--no-checks: without the type check and biome)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installCommand, missingTools, needsOf, TOOLS } from './system-deps.js'

/** Every test file under `dir` (relative paths with forward slashes). */
export function testFiles(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)).replaceAll('\\', '/'))
    .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules'))
    .sort()
}

/**
 * Which files to leave out because a tool they need is missing, grouped by the first missing tool.
 * @param {{ file: string, needs: string[] }[]} files
 * @param {Set<string>} missing tool ids
 */
export function planSkips(files, missing) {
  const groups = new Map()
  for (const f of files) {
    const tool = f.needs.find((id) => missing.has(id))
    if (!tool) continue
    if (!groups.has(tool)) groups.set(tool, [])
    groups.get(tool).push(f.file)
  }
  return [...groups].map(([tool, list]) => ({ tool: TOOLS.find((t) => t.id === tool), files: list }))
}

/** The line `npm test` prints for one skipped group. */
export function skipLine(group, tests) {
  const count = tests === null ? `${group.files.length} test file(s)` : `${tests} test(s) in ${group.files.length} file(s)`
  return `skipped: ${count} (${group.files.map((f) => f.split('/').pop()).join(', ')}) — ${group.tool.what} missing; ${group.tool.packages.length ? `install: ${installCommand([group.tool])} (or: npm run setup)` : installCommand([group.tool])}`
}

/**
 * One line per failed test (or failed file) of a vitest JSON report: where, which test, and the
 * first line of its message.
 */
export function failedTests(report, label) {
  const cwd = process.cwd()
  const lines = []
  for (const file of report.testResults ?? []) {
    const where = String(file.name ?? '').replace(`${cwd}/`, '')
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed')
    for (const a of failed) lines.push(`[${label}] ${where} › ${a.fullName ?? a.title}: ${firstLine(a.failureMessages?.[0])}`)
    if (!failed.length && file.status === 'failed') lines.push(`[${label}] ${where}: ${firstLine(file.message)}`)
  }
  return lines
}

function firstLine(text) {
  const line =
    String(text ?? '')
      .split('\n')
      .find((l) => l.trim()) ?? ''
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

/** The closing line. */
export function summaryLine(t) {
  return `tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`
}

function annotate(list, implicit = []) {
  return list.map((file) => ({ file, needs: [...new Set([...implicit, ...needsOf(readFileSync(file, 'utf8'))])] }))
}

const E2E_CONFIG = 'test/e2e/vitest.config.ts'

/** The plan for this machine: the unit/integration files, the browser files, and what is skipped. */
export function plan(only = []) {
  const missing = new Set(missingTools().map((t) => t.id))
  const pick = (list) => (only.length ? list.filter((f) => only.includes(f)) : list)
  const main = annotate(pick([...testFiles('src'), ...testFiles('test').filter((f) => !f.startsWith('test/e2e/'))]))
  const browser = existsSync(E2E_CONFIG) ? annotate(pick(testFiles('test/e2e')), ['chromium']) : []
  return { missing, main, browser, mainSkips: planSkips(main, missing), browserSkips: planSkips(browser, missing) }
}

async function main() {
  const args = process.argv.slice(2)
  const only = args.filter((a) => !a.startsWith('--')).map((f) => f.replace(/^\.\//, ''))
  const p = plan(only)
  if (process.argv.includes('--plan')) {
    for (const g of [...p.mainSkips, ...p.browserSkips]) console.log(skipLine(g, null))
    if (p.mainSkips.length + p.browserSkips.length === 0) console.log('nothing skipped: every tool the tests need is installed')
    return 0
  }

  const out = mkdtempSync(join(tmpdir(), 'klachten-test-'))
  const total = { passed: 0, failed: 0, skipped: 0 }
  const skipNotes = []
  const failures = []
  let ok = true

  const run = (label, cmd, args, env = {}) => {
    console.log(`\n=== ${label}`)
    const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
    if (r.status !== 0) ok = false
    return r.status === 0
  }

  const vitest = (label, args, env = {}) => {
    const file = join(out, `${label.replace(/\W+/g, '-')}.json`)
    run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${file}`, ...args], env)
    if (existsSync(file)) {
      const r = JSON.parse(readFileSync(file, 'utf8'))
      total.passed += r.numPassedTests
      total.failed += r.numFailedTests
      total.skipped += r.numPendingTests + (r.numTodoTests ?? 0)
      if (r.numTotalTestSuites > 0 && r.numFailedTestSuites > 0 && r.numFailedTests === 0) total.failed += r.numFailedTestSuites
      failures.push(...failedTests(r, label))
    } else {
      total.failed += 1
      failures.push(`${label}: vitest wrote no report`)
    }
  }

  /** Count the tests of skipped files without running them (vitest list collects, runs no hook). */
  const countSkipped = (groups, config) => {
    for (const g of groups) {
      // (a short hook timeout: `vitest list` otherwise waits the configured 120 s before it exits)
      const r = spawnSync('npx', ['vitest', 'list', '--json', '--hookTimeout=5000', ...(config ? ['--config', config] : []), ...g.files], {
        encoding: 'utf8',
        env: process.env,
        maxBuffer: 64 * 1024 * 1024,
      })
      let tests = null
      try {
        const listed = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))
        if (Array.isArray(listed)) tests = listed.length
      } catch {
        /* could not be collected without the tool: count files */
      }
      total.skipped += tests ?? g.files.length
      const line = skipLine(g, tests)
      skipNotes.push(line)
      console.log(line)
    }
  }

  const excludes = (groups) => groups.flatMap((g) => g.files.map((f) => `--exclude=${f}`))

  if (!args.includes('--no-checks')) {
    for (const [label, cmd] of [
      ['type check (tsc --noEmit)', ['tsc', '--noEmit', '-p', '.']],
      ['format and lint (biome check; npm run format fixes most)', ['biome', 'check', '.']],
    ]) {
      if (run(label, 'npx', cmd)) continue
      total.failed += 1
      failures.push(`${label}: see its output above`)
    }
  }

  if (p.mainSkips.length) {
    console.log('\n=== left out: tests whose tool is missing')
    countSkipped(p.mainSkips)
  }
  const skippedFiles = new Set([...p.mainSkips, ...p.browserSkips].flatMap((g) => g.files))
  const postgres = process.env.SKIP_POSTGRES !== '1' && (await postgresAnswers())
  // Files that run on one database go to PostgreSQL when it answers.
  const once = postgres ? p.main.map((f) => f.file).filter((f) => oneDatabase(f)) : []
  const mainRun = only.length
    ? p.main.map((f) => f.file).filter((f) => !skippedFiles.has(f) && !once.includes(f))
    : [...excludes(p.mainSkips), ...once.map((f) => `--exclude=${f}`)]
  if (mainRun.length || !only.length) vitest('unit and integration tests on PGlite', mainRun, { TEST_DATABASE: 'pglite' })

  if (postgres) {
    const files = databaseTestFiles().filter((f) => !skippedFiles.has(f) && (!only.length || only.includes(f)))
    if (files.length) vitest('database tests on PostgreSQL 127.0.0.1:5432', files, { TEST_DATABASE: 'postgres' })
  } else {
    console.log('\n=== PostgreSQL on 127.0.0.1:5432 does not answer: database tests ran on PGlite only')
  }

  if (p.browser.length) {
    const left = p.browser.length - p.browserSkips.reduce((n, g) => n + g.files.length, 0)
    if (p.browserSkips.length) {
      console.log('\n=== left out: browser tests whose tool is missing')
      countSkipped(p.browserSkips, E2E_CONFIG)
    }
    const files = only.length ? p.browser.map((f) => f.file).filter((f) => !skippedFiles.has(f)) : excludes(p.browserSkips)
    if (left > 0) vitest('browser tests (Debian chromium)', ['--config', E2E_CONFIG, ...files])
  }

  rmSync(out, { recursive: true, force: true })
  if (skipNotes.length) {
    console.log('\nskipped because a tool is missing (npm run setup installs them all):')
    for (const l of skipNotes) console.log(`  ${l}`)
  }
  // The failures again at the very end, where a CI log's tail shows them.
  if (failures.length) {
    console.log('\nfailed:')
    for (const f of failures) console.log(`  ${f}`)
  }
  console.log(`\n${summaryLine(total)}`)
  return ok && total.failed === 0 ? 0 : 1
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

/** A database test file marked to run on one database only (see the head of this file). */
export function oneDatabase(file) {
  return /^[ \t]*(?:\/\/|\*)[ \t]*@one-database\b/m.test(readFileSync(file, 'utf8'))
}

/** Test files that use a database (they import the test database helper). */
function databaseTestFiles() {
  return testFiles('test')
    .filter((f) => !f.startsWith('test/e2e/'))
    .filter((f) => /helpers\/db\.ts/.test(readFileSync(f, 'utf8')))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(await main())
