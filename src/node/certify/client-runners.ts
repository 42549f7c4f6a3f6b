import { spawn } from 'node:child_process'

/**
 * What a client gets for one scenario (an in-process client also gets `signal`).
 * @example
 *   import { certifyClient, type ClientInput } from 'msw-bits/node'
 *
 *   await certifyClient(async ({ url, file, bytes }: ClientInput) => {
 *     console.log(`uploading ${file} (${bytes.byteLength} bytes) to ${url}`)
 *     await myUploader.upload(url, bytes)
 *   })
 */
export interface ClientInput {
  /** The upload URL, remote name included. */
  url: string
  /** A temporary file holding the payload. */
  file: string
  /** The payload's bytes. */
  bytes: Uint8Array
}

/** How a client's run ended. */
export interface ClientExit {
  /** 0 uploaded, non-zero gave up; `null` when the timeout ended it. */
  exitCode: number | null
  timedOut: boolean
  stdoutTail: string
  stderrTail: string
}

/** Runs the client once, for at most `timeoutMs`. */
export type ClientRunner = (input: ClientInput, timeoutMs: number) => Promise<ClientExit>

/**
 * An in-process client: `async ({ url, file, bytes, signal }) => void`; resolving means it
 * uploaded, throwing means it gave up. `signal` aborts when the scenario's timeout passes.
 * @example
 *   import { type CertifyClient, certifyClient } from 'msw-bits/node'
 *
 *   const client: CertifyClient = async ({ url, bytes, signal }) => {
 *     await myUploader.upload(url, bytes, { signal })
 *   }
 *   const report = await certifyClient(client)
 */
export type CertifyClient = (input: ClientInput & { signal: AbortSignal }) => Promise<void>

/** Characters of stdout/stderr a report keeps: the end, where the error usually is. */
const TAIL_CHARS = 4096
/** How long an in-process client may take to honour its aborted signal before it is left behind. */
const ABORT_GRACE_MS = 1000

const tail = (text: string) => (text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text)

/** Replaces `{url}` and `{file}` in each argument. */
export function fillArguments(args: readonly string[], input: ClientInput): string[] {
  return args.map((arg) => arg.replaceAll('{url}', input.url).replaceAll('{file}', input.file))
}

/**
 * A command run once per scenario, `{url}`/`{file}` replaced in its arguments and
 * `BITS_URL`/`BITS_FILE` in its environment; killed with its whole process group on timeout.
 */
export function commandRunner(command: string, args: readonly string[]): ClientRunner {
  return (input, timeoutMs) =>
    new Promise((resolve) => {
      let stdout = ''
      let stderr = ''
      let timedOut = false
      const child = spawn(command, fillArguments(args, input), {
        env: { ...process.env, BITS_URL: input.url, BITS_FILE: input.file },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout kills what it started too (a shell's children).
        detached: process.platform !== 'win32',
      })
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout = tail(stdout + chunk)
      })
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = tail(stderr + chunk)
      })
      const timer = setTimeout(() => {
        timedOut = true
        killTree(child.pid)
      }, timeoutMs)
      child.on('error', (error) => {
        stderr = tail(`${stderr}Failed to run ${command}: ${error.message}\n`)
      })
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({
          exitCode: timedOut ? null : (code ?? 1),
          timedOut,
          stdoutTail: stdout,
          stderrTail: stderr,
        })
      })
    })
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/** An in-process client, aborted through its signal on timeout. */
export function inProcessRunner(client: CertifyClient): ClientRunner {
  return async (input, timeoutMs) => {
    const abort = new AbortController()
    let timedOut = false
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true
        abort.abort(new Error(`Timed out after ${timeoutMs} ms`))
        setTimeout(() => resolve('timeout'), ABORT_GRACE_MS).unref()
      }, timeoutMs)
    })
    const run = Promise.resolve()
      .then(() => client({ ...input, signal: abort.signal }))
      .then(
        () => ({ exitCode: 0, error: '' }),
        (error: unknown) => ({ exitCode: 1, error: describe(error) }),
      )
    const outcome = await Promise.race([run, expired])
    clearTimeout(timer)
    if (timedOut || outcome === 'timeout') {
      const error = outcome === 'timeout' ? '' : outcome.error
      return { exitCode: null, timedOut: true, stdoutTail: '', stderrTail: tail(error) }
    }
    return { exitCode: outcome.exitCode, timedOut, stdoutTail: '', stderrTail: tail(outcome.error) }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
