#!/usr/bin/env node
// The Debian packages some tests and tools need beyond `npm install`, in one list that both
// scripts/install-system-deps.sh (used by `.ci/run` and `npm run setup`) and scripts/test.js
// (`npm test`: skip exactly what needs a missing tool, one line per group) read.
//
// A test file that needs one of these names it in a comment line of its own:
//     // @needs tesseract fonts-liberation
// (space or comma separated tool ids from TOOLS below).
//
//   node scripts/system-deps.js               the missing tools, one line each
//   node scripts/system-deps.js --packages    the Debian packages that would install them
import { accessSync, constants, existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * @typedef {{ id: string, what: string, packages: string[], command?: string, files?: string[], beside?: string[], hint?: string }} Tool
 * A tool is present when its command is on PATH (commands), one of its files exists (fonts, data), or
 * one of its `beside` paths exists relative to the repository (../shared).
 */

/** @type {Tool[]} */
export const TOOLS = [
  { id: 'dovecot', what: 'Dovecot (IMAP server)', packages: ['dovecot-imapd'], command: 'dovecot' },
  { id: 'chromium', what: 'Chromium (browser tests)', packages: ['chromium'], files: ['/usr/bin/chromium'] },
  {
    id: 'tesseract',
    what: 'native tesseract with Dutch data',
    packages: ['tesseract-ocr', 'tesseract-ocr-nld', 'tesseract-ocr-eng'],
    command: 'tesseract',
  },
  { id: 'poppler', what: 'poppler-utils (pdftoppm)', packages: ['poppler-utils'], command: 'pdftoppm' },
  { id: 'qpdf', what: 'qpdf', packages: ['qpdf'], command: 'qpdf' },
  {
    id: 'fonts-dejavu',
    what: 'DejaVu fonts',
    packages: ['fonts-dejavu-core'],
    files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  },
  {
    id: 'fonts-liberation',
    what: 'Liberation fonts',
    packages: ['fonts-liberation'],
    files: ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'],
  },
  {
    id: 'shared',
    what: '../shared (samples and corpora beside the repository)',
    packages: [],
    beside: ['../shared/samples'],
    hint: 'check out the shared folder next to this repository (../shared)',
  },
]

const REPO = fileURLToPath(new URL('..', import.meta.url))

/** Where an executable named `command` is on `path` (a PATH value), or null. */
export function onPath(command, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    const file = join(dir, command)
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      /* not here */
    }
  }
  return null
}

/**
 * True when the tool is installed.
 * @param {Tool} tool
 * @param {{ path?: string, root?: string, repo?: string, exists?: (file: string) => boolean }} [env]
 */
export function present(tool, env = {}) {
  const exists = env.exists ?? existsSync
  if (tool.command) return onPath(tool.command, env.path ?? process.env.PATH ?? '') !== null
  if (tool.beside) return tool.beside.some((f) => exists(join(env.repo ?? REPO, f)))
  // KLACHTEN_SYSTEM_ROOT: look for the files under another root (to try the skip logic)
  const root = env.root ?? process.env.KLACHTEN_SYSTEM_ROOT ?? '/'
  return (tool.files ?? []).some((f) => exists(join(root, f)))
}

/** The tools that are not installed. */
export function missingTools(env = {}) {
  return TOOLS.filter((t) => !present(t, env))
}

/** The tool ids a test file's `@needs` lines name (unknown ids are reported, not ignored). */
export function needsOf(source) {
  const out = []
  for (const m of source.matchAll(/^[ \t]*(?:\/\/|\*)[ \t]*@needs[ \t]+([^\n]+)$/gm)) {
    for (const id of m[1].split(/[\s,]+/).filter(Boolean)) {
      if (!TOOLS.some((t) => t.id === id)) throw new Error(`unknown tool '${id}' in @needs (scripts/system-deps.js lists the known ones)`)
      out.push(id)
    }
  }
  return [...new Set(out)]
}

/** The install command for some tools, as a person would type it. */
export function installCommand(tools) {
  const hints = tools.flatMap((t) => (t.hint ? [t.hint] : []))
  if (hints.length) return hints.join('; ')
  const pkgs = [...new Set(tools.flatMap((t) => t.packages))]
  const sudo = typeof process.getuid === 'function' && process.getuid() === 0 ? '' : 'sudo '
  return `${sudo}apt-get install -y --no-install-recommends ${pkgs.join(' ')}`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const missing = missingTools()
  if (process.argv.includes('--packages')) {
    const pkgs = [...new Set(missing.flatMap((t) => t.packages))]
    if (pkgs.length) console.log(pkgs.join('\n'))
  } else {
    for (const t of missing) console.log(`${t.id}: ${t.what} missing; install: ${installCommand([t])}`)
  }
}
