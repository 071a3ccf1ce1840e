#!/usr/bin/env node
// Entry point of the `klachten` command. The sources are TypeScript, run through tsx's loader
// so that there is no build step between a checkout and a running system.
import { register } from 'tsx/esm/api'

// `natural` loads dotenv on import, which would print a banner on standard output and spoil
// `klachten extract`'s JSON; keep it quiet.
process.env.DOTENV_CONFIG_QUIET ??= 'true'
register()

// Under `npm start` the server runs below npm (and a shell): when npm is stopped (SIGTERM, Ctrl-C,
// or killed), the server must stop too, or it keeps running and keeps ./data locked. The start
// script execs node, so npm's forwarded signal reaches this process; should npm vanish without
// forwarding one (SIGKILL), the parent changes, and the server stops itself the same way.
if (process.env.npm_lifecycle_event && process.argv[2] === 'serve') {
  const parent = process.ppid
  const watch = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(watch)
    console.error('klachtenintake: npm is gone; stopping')
    process.kill(process.pid, 'SIGTERM')
  }, 1000)
  watch.unref()
}
await import('../src/cli.ts')
