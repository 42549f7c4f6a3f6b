import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('../../src/node/cli/main.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** `msw-bits …` as a child process (the source, through tsx), with its output collected. */
export interface Cli {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the first stdout line matching `pattern` (waits for it). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

export function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = []
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = out.match(waiter.pattern)
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(match)
      }
    }
  }
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    check()
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        check()
        exited.then(() => reject(new Error(`exited before ${pattern}: ${out}${err}`)))
      }),
  }
}
