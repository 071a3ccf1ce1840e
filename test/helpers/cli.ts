/**
 * Running the real `klachten` command as a child process, as an operator would.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/klachten.js', import.meta.url))
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function startCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  input?: string,
): { child: ChildProcess; done: Promise<RunResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => {
    stdout += d
  })
  child.stderr!.on('data', (d) => {
    stderr += d
  })
  if (input !== undefined) child.stdin!.end(input)
  else child.stdin!.end()
  const done = new Promise<RunResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, done }
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<RunResult> {
  return startCli(args, env, input).done
}
