/**
 * Entry point of an isolated reader process (isolate.ts `createIsolatedPool`): registers tsx's
 * loader, marks which module this process serves, then imports it. Plain JS because it must load
 * before any TypeScript can.
 *
 *   node --max-old-space-size=N isolate-boot.mjs <entry URL> [options as JSON]
 * @module
 */
import { register } from 'tsx/esm/api'

const [entry, options] = process.argv.slice(2)
globalThis[Symbol.for('klachten.isolate')] = { entry, options: options ? JSON.parse(options) : undefined }
// The pool that started this process is gone: so is its work.
process.on('disconnect', () => process.exit(0))
register()
await import(entry)
