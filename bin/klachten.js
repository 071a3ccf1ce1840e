#!/usr/bin/env node
// Entry point of the `klachten` command. The sources are TypeScript, run through tsx's loader
// so that there is no build step between a checkout and a running system.
import { register } from 'tsx/esm/api'

// `natural` loads dotenv on import, which would print a banner on standard output and spoil
// `klachten extract`'s JSON; keep it quiet.
process.env.DOTENV_CONFIG_QUIET ??= 'true'
register()
await import('../src/cli.ts')
