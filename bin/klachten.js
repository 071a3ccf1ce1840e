#!/usr/bin/env node
// Entry point of the `klachten` command. The sources are TypeScript, run through tsx's loader
// so that there is no build step between a checkout and a running system.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
